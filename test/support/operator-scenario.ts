// The operator scenario of the ledger issue, driven through a real runtime: 20 acknowledgements (3 invalid, 1 with a wrong key), an ERP outage, and 2 outbound POs left unacknowledged past a short SLA.
import path from 'node:path';
import { canonicalExamples } from '../../nodes/canonical/examples.js';
import type { RuntimeProcess } from './runtime-process.js';

export const DEMO_INTAKE = '/partners/demo-supplier/po-acks';
/** The EDI supplier whose two POs go unacknowledged; its SLA wants an acknowledgement within ~2 seconds. */
export const EDI_SUPPLIER = 'northwind-x12';
export const OVERDUE_POS = ['PO-1018', 'PO-1019'] as const;
export const WRONG_KEY_CORRELATION = 'scenario-401';
export const INVALID_CORRELATIONS = ['scenario-422-1', 'scenario-422-2', 'scenario-422-3'] as const;

export interface ScenarioFacts {
  /** Correlation ids of the 16 valid acknowledgements, in the order sent. */
  accepted: string[];
  /** The valid ones sent while the ERP was down. */
  duringOutage: string[];
  erpEventToken: string;
}

/** Environment a runtime needs for the scenario: a fast SLA sweep, alert delivery to the receiver, files for the EDI template. */
export function scenarioEnv(webhookUrl: string, filesRoot: string): Record<string, string> {
  return { TRADELANE_SLA_SWEEP_SECONDS: '1', TRADELANE_ALERT_RETRY_SECONDS: '1', TRADELANE_ALERT_WEBHOOK_URL: webhookUrl, TRADELANE_FILES_ROOT: filesRoot };
}

function ack(poNumber: string, ackNumber: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({ poNumber, ackNumber, status: 'accepted', lines: [{ line: 1, status: 'accepted' }], ...overrides });
}

async function sendAck(runtime: RuntimeProcess, body: string, correlationId: string, apiKey = runtime.demoApiKey): Promise<number> {
  const response = await fetch(`${runtime.url}${DEMO_INTAKE}`, {
    method: 'POST', body, headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'x-correlation-id': correlationId },
  });
  await response.arrayBuffer();
  return response.status;
}

async function expectStatus(what: string, actual: number, expected: number): Promise<void> {
  if (actual !== expected) throw new Error(`${what}: expected HTTP ${expected}, got ${actual}`);
}

/** What the scenario needs of a runtime: the integration tests' process or the browser tests' handle. */
export type ScenarioRuntime = Pick<RuntimeProcess, 'url' | 'api'>;

/** Onboards the EDI supplier from the X12 template with a ~2 s acknowledgement SLA and sends it two POs from the ERP. */
export async function sendUnacknowledgedOrders(runtime: ScenarioRuntime, token: string, filesRoot: string): Promise<string> {
  const template = (await runtime.api<{ example: { params: Record<string, unknown> } }>('GET', '/api/templates/supplier-x12', undefined, token)).body;
  const onboarded = await runtime.api<{ generatedSecrets: Record<string, string> }>('POST', '/api/templates/supplier-x12/instantiate', {
    partnerId: EDI_SUPPLIER, name: 'Northwind Components (X12)',
    params: { ...template.example.params, ediDirectory: path.join(filesRoot, 'x12'), pollSeconds: 1, sla: { ackWithinHours: 0.0005 } },
  }, token);
  await expectStatus(`onboarding ${EDI_SUPPLIER}: ${JSON.stringify(onboarded.body)}`, onboarded.status, 201);
  const erpEventToken = onboarded.body.generatedSecrets.erpEventToken!;
  for (const poNumber of OVERDUE_POS) {
    const response = await fetch(`${runtime.url}/hooks/${EDI_SUPPLIER}-x12/erp-events/${EDI_SUPPLIER}/purchase-orders`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-erp-token': erpEventToken, 'x-correlation-id': `scenario-out-${poNumber}` },
      body: JSON.stringify({ ...structuredClone(canonicalExamples.PurchaseOrder), poNumber }),
    });
    await expectStatus(`sending ${poNumber} as an 850`, response.status, 202);
  }
  return erpEventToken;
}

/**
 * Runs the scenario: 10 good acknowledgements, then the ERP goes down for `outageSeconds` and 6 more good ones, 3 invalid
 * ones and 1 with a wrong key arrive. The good ones are accepted (202) either way: they wait in the durable queue.
 */
export async function runOperatorScenario(runtime: RuntimeProcess, token: string, options: { filesRoot: string; outageSeconds: number }): Promise<ScenarioFacts> {
  const erpEventToken = await sendUnacknowledgedOrders(runtime, token, options.filesRoot);
  const accepted: string[] = [];
  for (let index = 1; index <= 10; index++) {
    const correlationId = `scenario-ok-${index}`;
    await expectStatus(correlationId, await sendAck(runtime, ack(`PO-${1000 + index}`, `ACK-S-${index}`), correlationId), 202);
    accepted.push(correlationId);
  }
  const outage = await runtime.api('PUT', '/demo-erp/_faults', { downForSeconds: options.outageSeconds }, token);
  await expectStatus('starting the ERP outage', outage.status, 200);
  const duringOutage: string[] = [];
  for (let index = 11; index <= 16; index++) {
    const correlationId = `scenario-ok-${index}`;
    await expectStatus(correlationId, await sendAck(runtime, ack(`PO-${1000 + index}`, `ACK-S-${index}`), correlationId), 202);
    duringOutage.push(correlationId);
  }
  accepted.push(...duringOutage);
  const invalid = [ack('XX-1', 'ACK-BAD-1'), ack('PO-1001', 'ACK-BAD-2', { status: 'maybe' }), ack('PO-1002', 'ACK-BAD-3', { lines: 'none' })];
  for (const [index, body] of invalid.entries()) await expectStatus(INVALID_CORRELATIONS[index]!, await sendAck(runtime, body, INVALID_CORRELATIONS[index]!), 422);
  await expectStatus(WRONG_KEY_CORRELATION, await sendAck(runtime, ack('PO-1003', 'ACK-WRONG-KEY'), WRONG_KEY_CORRELATION, 'tlk_not-the-key-4242'), 401);
  return { accepted, duringOutage, erpEventToken };
}
