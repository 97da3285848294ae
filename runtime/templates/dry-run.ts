// Dry run of a template instance: deploys a temporary copy with outbound nodes stubbed, sends one test document through the real engine, returns every hop's output.
import { randomBytes } from 'node:crypto';
import type { DeliveryOutcome, DeliveryTracker, OutboundResponse, TradelaneMessage } from '../../nodes/sdk/index.js';
import { NodeError } from '../../nodes/sdk/index.js';
import { parseBody, type BodyFormat } from '../../nodes/supplier-portal/request-body.js';
import { HttpError } from '../api/http-error.js';
import type { FlowEngine } from '../engine/flow-engine.js';
import type { NodeRedHooks } from '../engine/trace-hooks.js';
import { toDryRunFlow, type HopInfo } from './dry-run-flow.js';
import type { OnboardingService, PlanRequest } from './onboarding-service.js';
import { nodeIdFor } from './instantiate-flow.js';
import { readPath, substitute } from './placeholders.js';
import { maskSecrets } from './template-params.js';
import type { XrefOverlay } from './xref-overlay.js';
import type { InstancePlan, TemplateFile, XrefPlan } from './template-types.js';

const DEFAULT_TIMEOUT_MS = 15_000;
const START_WAIT_ATTEMPTS = 200;
const START_WAIT_STEP_MS = 25;
/** A run with no hop activity for this long is over, even when a node never reported completion. */
const QUIET_MS = 500;
const SNAPSHOT_LIMIT_BYTES = 64 * 1024;
/** Message properties worth showing per hop besides the payload. */
const SHOWN_PROPERTIES = ['topic', 'partnerId', 'contentType', 'validationErrors', 'toleranceExceptions', 'tolerancePolicy', 'match', 'xrefMisses', 'erp', 'edi', 'ediErrors', 'webhook', 'failure', 'purchaseOrder', 'filename', 'statusCode', 'dryRunStub'];

export interface DryRunRequest extends PlanRequest {
  /** The test document: JSON for json entries, text for csv/x12/edifact/xml entries. */
  document: unknown;
  /** Local node id of the entry; defaults to the template's first entry. */
  entry?: string;
  timeoutMs?: number;
}

export interface HopReport extends HopInfo {
  /** Messages the node sent, per output port (for stubbed nodes: what they received, i.e. what would have been sent out). */
  outputs: Array<{ port: number; message: Record<string, unknown> }>;
  error?: string;
}

export interface DryRunReport {
  correlationId: string;
  entry: string;
  ok: boolean;
  failure?: { code: string; message: string; nodeId: string };
  /** What the partner would have been answered (respond nodes). */
  response?: { status: number; body: unknown };
  /** Hops in the order they first acted; nodes the message never reached are left out. */
  hops: HopReport[];
  notReached: string[];
}

function snapshot(msg: Record<string, unknown>): Record<string, unknown> {
  const shown: Record<string, unknown> = { payload: msg.payload };
  for (const key of SHOWN_PROPERTIES) if (msg[key] !== undefined) shown[key] = msg[key];
  try {
    const text = JSON.stringify(shown, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('utf8') : value));
    if (text.length > SNAPSHOT_LIMIT_BYTES) return { truncated: true, preview: text.slice(0, SNAPSHOT_LIMIT_BYTES) };
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    return { unserialisable: error instanceof Error ? error.message : String(error) };
  }
}

class CapturedResponse implements OutboundResponse {
  sent = false;
  result?: { status: number; body: unknown };
  header(): void {}
  send(status: number, body: unknown): void {
    if (this.sent) return;
    this.sent = true;
    this.result = { status, body };
  }
}

interface SendEvent { msg: Record<string, unknown>; source: { id: string; port?: number }; destination: { id: string } }
interface CompleteEvent { msg: Record<string, unknown>; node: { id: string }; error?: { message?: string } | string }

export interface DryRunDeps {
  onboarding: OnboardingService;
  engine: Pick<FlowEngine, 'deploy' | 'remove' | 'deliver'>;
  hooks: NodeRedHooks;
  deliveries: DeliveryTracker;
  xref: XrefOverlay;
}

let sequence = 0;

export async function dryRun(deps: DryRunDeps, request: DryRunRequest): Promise<DryRunReport> {
  const template = deps.onboarding.requireTemplate(request.templateId, request.version);
  const runId = `dryrun-${randomBytes(4).toString('hex')}`;
  const plan = deps.onboarding.plan({ ...request, flowId: runId }, template);
  const entryLocal = request.entry ?? template.entries?.[0]?.node;
  const entryInfo = template.entries?.find((entry) => entry.node === entryLocal);
  if (!entryLocal || !template.flow.some((node) => node.id === entryLocal)) {
    throw new HttpError(422, 'no entry node for the test document', [{ path: '$.entry', message: `choose one of: ${(template.entries ?? []).map((entry) => entry.node).join(', ') || 'none declared'}` }]);
  }
  const contentType = entryInfo?.contentType ?? 'json';
  let payload: unknown = request.document;
  if (contentType !== 'json') {
    if (typeof request.document !== 'string') throw new HttpError(422, 'the test document must be text for this entry', [{ path: '$.document', message: `send the ${contentType} document as a string` }]);
    try {
      payload = parseBody(contentType as BodyFormat, Buffer.from(request.document), { csvDelimiter: ',' }).payload;
    } catch (error) {
      if (error instanceof NodeError) throw new HttpError(422, error.message, ((error.details as unknown[] | undefined) ?? []).map((detail) => ({ ...(detail as object), path: `$.document${String((detail as { path?: string }).path ?? '').replace(/^\$/, '')}`, message: String((detail as { message?: string }).message ?? error.message) })));
      throw error;
    }
  }

  // The dry run's xref tables come from the CSV parameters under names of their own, so live tables are never touched.
  // A CSV left empty still gets an (empty) table, so a lookup never falls through to a live table of the same name.
  let flowJson = JSON.stringify(plan.flow);
  const dryTables = dryRunTables(template, plan);
  const temporaryTables = dryTables.map((table) => ({ ...table, table: `${runId}~${table.table}` }));
  for (const table of dryTables) flowJson = flowJson.split(table.table).join(`${runId}~${table.table}`);
  const prefix = `${runId}.`;
  const localOf = (nodeId: string) => (nodeId.startsWith(prefix) ? nodeId.slice(prefix.length) : nodeId);
  const dry = toDryRunFlow(JSON.parse(flowJson) as typeof plan.flow, nodeIdFor(runId, entryLocal), localOf);

  const outputs = new Map<string, HopReport['outputs']>();
  const errors = new Map<string, string>();
  const order: string[] = [];
  const seen = new WeakMap<object, Set<string>>();
  const touch = (nodeId: string) => {
    lastEventAt = Date.now();
    if (!order.includes(nodeId)) order.push(nodeId);
  };
  const record = (nodeId: string, port: number, msg: Record<string, unknown>) => {
    const key = `${nodeId}:${port}`;
    const sent = seen.get(msg) ?? new Set<string>();
    if (sent.has(key)) return; // one message on several wires of one port is one output
    sent.add(key);
    seen.set(msg, sent);
    touch(nodeId);
    const list = outputs.get(nodeId) ?? [];
    list.push({ port, message: snapshot(msg) });
    outputs.set(nodeId, list);
  };
  // Core nodes with legacy input handlers (switch, for one) never report completion, so the run also ends once nothing has happened for a while.
  let lastEventAt = Date.now();
  let stopQuiet = false;
  const quiet = () => new Promise<DeliveryOutcome>((resolve) => {
    const check = () => {
      if (stopQuiet) return;
      if (Date.now() - lastEventAt < QUIET_MS) {
        setTimeout(check, QUIET_MS / 5).unref();
        return;
      }
      const [nodeId, message] = [...errors.entries()][0] ?? [];
      resolve(nodeId === undefined ? { ok: true } : { ok: false, failure: { code: 'NODE_FAILED', message: message!, retryable: false, nodeId, nodeType: dry.hops.get(nodeId)?.type ?? '', at: new Date().toISOString() } });
    };
    setTimeout(check, QUIET_MS).unref();
  });
  const label = `tradelane-dryrun-${++sequence}`;
  deps.hooks.add(`onSend.${label}`, ((events: SendEvent[]) => {
    for (const event of events) {
      if (dry.hops.has(event.source.id)) record(event.source.id, event.source.port ?? 0, event.msg);
      // A stubbed node's input is what it would have sent out.
      if (dry.hops.get(event.destination.id)?.treatment === 'stubbed') record(event.destination.id, 0, event.msg);
    }
  }) as (event: never) => void);
  deps.hooks.add(`onComplete.${label}`, ((event: CompleteEvent) => {
    if (!dry.hops.has(event.node.id)) return;
    touch(event.node.id);
    if (event.error) errors.set(event.node.id, typeof event.error === 'string' ? event.error : event.error.message ?? 'failed');
  }) as (event: never) => void);
  const removeTables = deps.xref.add(temporaryTables);

  const correlationId = `${runId}-${randomBytes(4).toString('hex')}`;
  const response = new CapturedResponse();
  try {
    await deps.engine.deploy(dry.flow, request.access);
    const headers = Object.fromEntries(Object.entries(entryInfo?.headers ?? {}).map(([name, value]) => [name.toLowerCase(), substitute(value, { param: (name) => readPath({ ...plan.params, partnerId: plan.partner.id }, name), node: (local) => local })]));
    const msg: TradelaneMessage = { correlationId, payload, contentType, partnerId: plan.partner.id, dryRun: true, res: response, req: { headers, body: payload } };
    // Node-RED answers a deploy before the new nodes run; until the entry exists nothing is delivered, so trying again is safe.
    let outcome: DeliveryOutcome | undefined;
    for (let attempt = 0; !outcome; attempt += 1) {
      let delivered = false;
      const tracked = deps.deliveries.dispatch(msg, (copy) => {
        delivered = deps.engine.deliver(dry.entryNodeId, copy);
      }, { timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS, mode: 'isolate' });
      const result = delivered ? await Promise.race([tracked, quiet()]) : await tracked;
      if (delivered) outcome = result;
      else if (attempt >= START_WAIT_ATTEMPTS) throw new Error(`the dry-run flow did not start within ${START_WAIT_ATTEMPTS * START_WAIT_STEP_MS} ms`);
      else await new Promise((resolve) => setTimeout(resolve, START_WAIT_STEP_MS));
    }
    const hops: HopReport[] = order.map((nodeId) => ({
      ...dry.hops.get(nodeId)!,
      nodeId: localOf(nodeId),
      outputs: outputs.get(nodeId) ?? [],
      ...(errors.has(nodeId) ? { error: errors.get(nodeId)! } : {}),
    }));
    const missed = xrefMissFailure(template, temporaryTables, deps.xref, order.map(localOf));
    const failure = outcome.ok ? missed : { code: outcome.failure.code, message: outcome.failure.message, nodeId: localOf(outcome.failure.nodeId) };
    const report: DryRunReport = {
      correlationId,
      entry: entryLocal,
      ok: !failure,
      ...(failure ? { failure } : {}),
      ...(response.result ? { response: response.result } : {}),
      hops,
      notReached: [...dry.hops.values()].filter((hop) => !order.includes(hop.nodeId) && hop.treatment !== 'inert' && hop.type !== 'comment').map((hop) => hop.localId),
    };
    return maskSecrets(report, template, plan.params);
  } finally {
    stopQuiet = true;
    deps.hooks.remove(`*.${label}`);
    removeTables();
    await deps.engine.remove(runId).catch(() => undefined);
  }
}

/** Every xref table of the template for this plan: the CSV's rows, or none when the CSV was left empty. */
function dryRunTables(template: TemplateFile, plan: InstancePlan): XrefPlan[] {
  const values = { ...plan.params, partnerId: plan.partner.id };
  return (template.xref ?? []).map((spec) => {
    const table = String(substitute(spec.table, { param: (name) => readPath(values, name), node: (local) => local }));
    return plan.xref.find((entry) => entry.table === table) ?? { table, keyColumn: spec.keyColumn, columns: [spec.keyColumn, ...(spec.requiredColumns ?? [])], rows: [], param: spec.param };
  });
}

/**
 * A document whose items are not in the cross-reference the analyst entered must not pass: otherwise a dry run
 * "succeeds" on the example partner's items, and the first live document fails. Names the item and the CSV field.
 */
function xrefMissFailure(template: TemplateFile, tables: XrefPlan[], xref: XrefOverlay, hops: string[]): DryRunReport['failure'] {
  for (const table of tables) {
    const keys = xref.missesOf(table.table);
    if (!keys.length) continue;
    const label = template.parameters.properties?.[table.param]?.title ?? table.param;
    // The first hop whose template node names the table (a $xref call or a tl-xref node) is where the item went missing.
    const named = template.xref?.find((spec) => spec.param === table.param)?.table ?? table.table;
    const nodeId = hops.find((local) => JSON.stringify(template.flow.find((node) => node.id === local) ?? {}).includes(named)) ?? hops[hops.length - 1] ?? '';
    const items = keys.map((key) => (key ? `"${key}"` : 'an empty item')).join(', ');
    return { code: 'XREF_MISS', message: `${items} ${keys.length === 1 ? 'is' : 'are'} not in the ${label} you entered: add the supplier's row${keys.length === 1 ? '' : 's'}, or test with items the supplier really sends`, nodeId };
  }
  return undefined;
}
