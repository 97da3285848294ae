// Template upgrades of partner flows: lists flows on older versions and rebases one with a three-way merge; conflicts are reported, never overwritten.
import type { Secrets } from '../../nodes/sdk/index.js';
import { HttpError } from '../api/http-error.js';
import type { FlowDeployer } from '../engine/flow-deployer.js';
import type { FlowEngine } from '../engine/flow-engine.js';
import type { FlowNode } from '../engine/flow-types.js';
import { diffFlows, type FlowDiff } from '../store/flow-diff.js';
import type { FlowStore } from '../store/flow-store.js';
import { mergeFlows, type MergeConflict, type MergeResult, type Resolution } from './flow-merge.js';
import { buildInstance } from './instantiate-flow.js';
import type { TemplateInstance, TemplateInstanceStore } from './instance-store.js';
import { templateLabel } from './onboarding-service.js';
import { maskSecrets, resolveParams, sealSecrets, unsealSecrets } from './template-params.js';
import type { TemplateRegistry } from './template-registry.js';
import type { TemplateFile } from './template-types.js';
import type { DeployAccess } from '../security/deploy-access.js';

export interface UpgradeDeps {
  registry: TemplateRegistry;
  instances: TemplateInstanceStore;
  flows: FlowStore;
  deployer: FlowDeployer;
  engine: Pick<FlowEngine, 'validate'>;
  secrets: Secrets;
}

export interface UpgradeRequest {
  flowId: string;
  /** Defaults to the newest version. */
  toVersion?: number;
  /** Values for parameters the new version adds (or changes); merged over the stored ones. */
  params?: Record<string, unknown>;
  resolutions?: Resolution[];
  preview: boolean;
  author: string;
  /** The caller: the merged flow is checked against its permissions. */
  access: DeployAccess;
}

export interface UpgradeCandidate {
  flowId: string;
  partnerId: string;
  templateVersion: number;
  latestVersion: number;
  flowVersion?: number;
}

export interface UpgradeReport {
  flowId: string;
  from: string;
  to: string;
  conflicts: MergeConflict[];
  resolved: MergeConflict[];
  droppedWires: MergeResult['droppedWires'];
  /** Changes from the deployed flow to the merged one. */
  diff: FlowDiff;
  flow: FlowNode[];
  applied: boolean;
  version?: number;
}

export class UpgradeService {
  constructor(private readonly deps: UpgradeDeps) {}

  async candidates(templateId: string): Promise<{ latestVersion: number; flows: UpgradeCandidate[] }> {
    const latest = this.deps.registry.get(templateId);
    if (!latest) throw new HttpError(404, `template "${templateId}" does not exist`);
    const flows: UpgradeCandidate[] = [];
    for (const instance of await this.deps.instances.list(templateId)) {
      if (instance.templateVersion >= latest.template.version) continue;
      const summary = await this.deps.flows.get(instance.flowId);
      if (!summary) continue; // the flow was removed; nothing to upgrade
      flows.push({ flowId: instance.flowId, partnerId: instance.partnerId, templateVersion: instance.templateVersion, latestVersion: latest.template.version, flowVersion: summary.version });
    }
    return { latestVersion: latest.template.version, flows };
  }

  private build(template: TemplateFile, instance: TemplateInstance, params: Record<string, unknown>): FlowNode[] {
    return buildInstance(template, { partnerId: instance.partnerId, partnerName: instance.partnerName, flowId: instance.flowId, flowName: instance.flowName, params }).flow.nodes;
  }

  async upgrade(request: UpgradeRequest): Promise<UpgradeReport> {
    const { registry, instances, flows, deployer, engine, secrets } = this.deps;
    const instance = await instances.get(request.flowId);
    if (!instance) throw new HttpError(404, `flow "${request.flowId}" was not created from a template`);
    const current = await flows.current(request.flowId);
    if (!current) throw new HttpError(404, `flow "${request.flowId}" is not deployed`);
    const target = registry.get(instance.templateId, request.toVersion)?.template;
    if (!target) throw new HttpError(404, `template "${instance.templateId}" has no version ${request.toVersion ?? ''}`.trim());
    if (target.version <= instance.templateVersion) {
      throw new HttpError(409, `flow "${request.flowId}" is already on ${templateLabel({ id: instance.templateId, version: instance.templateVersion })}`, [{ path: '$.toVersion', message: `must be above ${instance.templateVersion}` }]);
    }
    const stored = unsealSecrets(instance.params, secrets);
    const resolved = resolveParams(target, instance.partnerId, { ...stored, ...(request.params ?? {}) });
    if (resolved.problems.length) throw new HttpError(422, `the stored parameters do not fit ${templateLabel(target)}; supply the missing ones in params`, resolved.problems);

    const base = this.build(instance.template, instance, stored);
    const theirs = this.build(target, instance, resolved.params);
    const merge = mergeFlows(base, current.flow, theirs, request.resolutions);
    const report: UpgradeReport = {
      flowId: request.flowId,
      from: templateLabel({ id: instance.templateId, version: instance.templateVersion }),
      to: templateLabel(target),
      conflicts: merge.conflicts,
      resolved: merge.resolved,
      droppedWires: merge.droppedWires,
      diff: diffFlows(current.flow, merge.nodes),
      flow: merge.nodes,
      applied: false,
    };
    const masked = () => maskSecrets(report, target, resolved.params);
    if (request.preview) return masked();
    // Unresolved conflicts: nothing is deployed; the caller answers 409 with this report.
    if (merge.conflicts.length) return masked();
    const label = typeof current.flow.find((node) => node.type === 'tab')?.label === 'string' ? (current.flow.find((node) => node.type === 'tab')!.label as string) : instance.flowName;
    const document = { id: request.flowId, label, nodes: merge.nodes };
    const problems = engine.validate(document, request.access);
    if (problems.length) throw new HttpError(422, 'the merged flow is invalid', problems.map((problem) => ({ nodeId: problem.nodeId, path: problem.path, message: problem.message })));
    const version = await deployer.deploy({
      flow: document, author: request.author, access: request.access, template: report.to,
      message: `upgraded from template ${report.from} to ${report.to}${merge.resolved.length ? ` (${merge.resolved.length} conflict(s) resolved)` : ''}`,
    });
    await instances.put({ ...instance, templateVersion: target.version, template: target, params: sealSecrets(target, resolved.params, secrets), updatedAt: new Date().toISOString() });
    return { ...masked(), applied: true, version: version.n };
  }
}
