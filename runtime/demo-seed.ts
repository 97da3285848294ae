// First-start demo: the demo-supplier partner with its API key and the PO-acknowledgement flow, deployed once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FlowDeployer } from './engine/flow-deployer.js';
import { toFlowDocument, type FlowNode } from './engine/flow-types.js';
import type { Logger } from './logger.js';
import { paths } from './paths.js';
import type { KeyValueStores } from './store/key-value-store.js';
import type { PartnerStore } from './store/partner-store.js';
import { SYSTEM_ACCESS } from './security/deploy-access.js';

export const DEMO_PARTNER_ID = 'demo-supplier';
export const DEMO_FLOW_FILE = 'demo-supplier-po-ack.json';

export interface DemoSeedResult {
  /** Present only on the start that created the key (generated keys are shown once). */
  generatedApiKey?: string;
  seeded: boolean;
}

export async function seedDemo(deps: { keyValues: KeyValueStores; partners: PartnerStore; deployer: FlowDeployer; demoApiKey?: string; logger: Logger }): Promise<DemoSeedResult> {
  const marker = deps.keyValues.namespace('runtime');
  if (await marker.get('demo-seeded')) {
    // TRADELANE_DEMO_API_KEY always wins, so a known key can be set after the generated one was lost.
    if (deps.demoApiKey && (await deps.partners.get(DEMO_PARTNER_ID)) && !(await deps.partners.verifyApiKey(DEMO_PARTNER_ID, deps.demoApiKey))) {
      await deps.partners.rotateApiKey(DEMO_PARTNER_ID, deps.demoApiKey);
    }
    return { seeded: false };
  }
  let generatedApiKey: string | undefined;
  if (!(await deps.partners.get(DEMO_PARTNER_ID))) {
    // The demo flow is what benchmarks and crash tests load: a limit far above the default 50/s a real partner gets.
    await deps.partners.create({ id: DEMO_PARTNER_ID, name: 'Demo Supplier Inc.', tolerance: { quantityPct: 0, pricePct: 2, dateDays: 3 }, rateLimit: { perSecond: 10_000, burst: 10_000 } });
    const key = await deps.partners.rotateApiKey(DEMO_PARTNER_ID, deps.demoApiKey);
    if (!deps.demoApiKey) generatedApiKey = key;
  }
  const nodes = JSON.parse(readFileSync(path.join(paths.demoFlows, DEMO_FLOW_FILE), 'utf8')) as FlowNode[];
  await deps.deployer.deploy({ flow: toFlowDocument(nodes, 'demo-supplier-po-ack'), author: 'system', access: SYSTEM_ACCESS, message: 'demo flow deployed on first start', partnerId: DEMO_PARTNER_ID });
  await marker.set('demo-seeded', new Date().toISOString());
  deps.logger.info({ partnerId: DEMO_PARTNER_ID }, 'demo partner and flow created');
  return { seeded: true, ...(generatedApiKey ? { generatedApiKey } : {}) };
}
