// Builds the template and onboarding services from the runtime's stores and engine, and loads the templates (built-in and <data>/templates).
import path from 'node:path';
import type { AnyNodeDescriptor, DeliveryTracker, Secrets } from '../../nodes/sdk/index.js';
import type { TemplateRouteDeps } from '../api/templates-routes.js';
import type { FlowDeployer } from '../engine/flow-deployer.js';
import type { FlowEngine } from '../engine/flow-engine.js';
import type { NodeRedHooks } from '../engine/trace-hooks.js';
import type { Logger } from '../logger.js';
import { paths } from '../paths.js';
import { SYSTEM_ACCESS } from '../security/deploy-access.js';
import type { FlowStore } from '../store/flow-store.js';
import type { FlowTestStore } from '../store/flow-test-store.js';
import type { PartnerStore } from '../store/partner-store.js';
import type { XrefStore } from '../store/xref-store.js';
import { TemplateInstanceStore } from './instance-store.js';
import { OnboardingService } from './onboarding-service.js';
import { TemplateRegistry } from './template-registry.js';
import { UpgradeService } from './upgrade-service.js';
import type { XrefOverlay } from './xref-overlay.js';

export interface TemplateServiceInputs {
  dataDir: string;
  engine: FlowEngine & { readonly hooks: NodeRedHooks };
  deployer: FlowDeployer;
  flows: FlowStore;
  partners: PartnerStore;
  xref: XrefStore;
  xrefForNodes: XrefOverlay;
  secrets: Secrets;
  deliveries: DeliveryTracker;
  logger: Logger;
  /** Real path of the files root (security/files-root.ts). */
  filesRoot: string;
  /** Every loaded node descriptor (built-in and external packages), for the dry run's stub decisions. */
  catalog: readonly AnyNodeDescriptor[];
  /** Flow test cases: onboarding stores a template's tests.json with the new flow. */
  flowTests?: FlowTestStore;
}

/** Template directories: the ones shipped with Tradelane, then the installation's own (<data>/templates). */
export function templateDirectories(dataDir: string): string[] {
  return [paths.templates, path.join(dataDir, 'templates')];
}

export function createTemplateServices(inputs: TemplateServiceInputs): TemplateRouteDeps {
  const { engine, logger, secrets } = inputs;
  const registry = new TemplateRegistry({ directories: templateDirectories(inputs.dataDir), validateFlow: (flow) => engine.validate(flow, SYSTEM_ACCESS, { standalone: true }), logger });
  const { loaded, broken } = registry.load();
  logger.info({ loaded, broken: broken.length }, 'templates loaded');
  const instances = new TemplateInstanceStore(inputs.dataDir);
  const onboarding = new OnboardingService({ registry, partners: inputs.partners, xref: inputs.xref, flows: inputs.flows, deployer: inputs.deployer, engine, instances, secrets, logger, filesRoot: inputs.filesRoot, ...(inputs.flowTests ? { flowTests: inputs.flowTests } : {}) });
  const upgrades = new UpgradeService({ registry, instances, flows: inputs.flows, deployer: inputs.deployer, engine, secrets });
  return { registry, onboarding, upgrades, instances, secrets, dryRun: { onboarding, engine, hooks: engine.hooks, deliveries: inputs.deliveries, xref: inputs.xrefForNodes, catalog: inputs.catalog } };
}
