// Runs one message through a dry-run copy of a flow on the real engine and captures every hop's output from Node-RED's hooks (template dry runs and flow tests share it).
import type { DeliveryOutcome, DeliveryTracker, OutboundResponse, TradelaneMessage } from '../../nodes/sdk/index.js';
import type { FlowEngine } from '../engine/flow-engine.js';
import type { NodeRedHooks } from '../engine/trace-hooks.js';
import type { DeployAccess } from '../security/deploy-access.js';
import type { DryRunFlow, HopInfo } from './dry-run-flow.js';

const DEFAULT_TIMEOUT_MS = 15_000;
const START_WAIT_ATTEMPTS = 200;
const START_WAIT_STEP_MS = 25;
/** A run with no hop activity for this long is over, even when a node never reported completion. */
const QUIET_MS = 500;
const SNAPSHOT_LIMIT_BYTES = 64 * 1024;
/** Message properties worth showing per hop besides the payload. */
const SHOWN_PROPERTIES = ['topic', 'partnerId', 'contentType', 'validationErrors', 'toleranceExceptions', 'tolerancePolicy', 'match', 'xrefMisses', 'erp', 'edi', 'ediErrors', 'webhook', 'failure', 'purchaseOrder', 'filename', 'statusCode', 'dryRunStub'];

export interface HopReport extends HopInfo {
  /** Messages the node sent, per output port (for stubbed nodes: what they received, i.e. what would have been sent out). */
  outputs: Array<{ port: number; message: Record<string, unknown> }>;
  error?: string;
}

export interface CaptureDeps {
  engine: Pick<FlowEngine, 'deploy' | 'remove' | 'deliver'>;
  hooks: NodeRedHooks;
  deliveries: DeliveryTracker;
}

export interface CaptureRequest {
  dry: DryRunFlow;
  /** Id of the temporary flow: removed from the engine once the run is over. */
  runId: string;
  /** Built from the capture's response, so respond nodes answer the capture and not a partner. */
  message(res: OutboundResponse): TradelaneMessage;
  /** Maps deployed node ids back to the ids the caller knows. */
  localOf(nodeId: string): string;
  access: DeployAccess;
  timeoutMs?: number;
}

export interface CaptureResult {
  outcome: DeliveryOutcome;
  /** Hops in the order they first acted, with local ids. */
  hops: HopReport[];
  /** Local ids of nodes the message never reached (start nodes and comments left out). */
  notReached: string[];
  /** What respond nodes answered. */
  response?: { status: number; body: unknown };
}

export function snapshot(msg: Record<string, unknown>): Record<string, unknown> {
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

let sequence = 0;

/** Collects hop outputs and errors from the hooks while one run lasts. */
class HopRecorder {
  readonly outputs = new Map<string, HopReport['outputs']>();
  readonly errors = new Map<string, string>();
  readonly order: string[] = [];
  lastEventAt = Date.now();
  private readonly seen = new WeakMap<object, Set<string>>();

  touch(nodeId: string): void {
    this.lastEventAt = Date.now();
    if (!this.order.includes(nodeId)) this.order.push(nodeId);
  }

  record(nodeId: string, port: number, msg: Record<string, unknown>): void {
    const key = `${nodeId}:${port}`;
    const sent = this.seen.get(msg) ?? new Set<string>();
    if (sent.has(key)) return; // one message on several wires of one port is one output
    sent.add(key);
    this.seen.set(msg, sent);
    this.touch(nodeId);
    const list = this.outputs.get(nodeId) ?? [];
    list.push({ port, message: snapshot(msg) });
    this.outputs.set(nodeId, list);
  }
}

/** Core nodes with legacy input handlers (switch, for one) never report completion, so the run also ends once nothing has happened for a while. */
function quietOutcome(recorder: HopRecorder, dry: DryRunFlow, stopped: () => boolean): Promise<DeliveryOutcome> {
  return new Promise<DeliveryOutcome>((resolve) => {
    const check = () => {
      if (stopped()) return;
      if (Date.now() - recorder.lastEventAt < QUIET_MS) {
        setTimeout(check, QUIET_MS / 5).unref();
        return;
      }
      const [nodeId, message] = [...recorder.errors.entries()][0] ?? [];
      resolve(nodeId === undefined ? { ok: true } : { ok: false, failure: { code: 'NODE_FAILED', message: message!, retryable: false, nodeId, nodeType: dry.hops.get(nodeId)?.type ?? '', at: new Date().toISOString() } });
    };
    setTimeout(check, QUIET_MS).unref();
  });
}

function listen(hooks: NodeRedHooks, dry: DryRunFlow, recorder: HopRecorder): string {
  const label = `tradelane-dryrun-${++sequence}`;
  hooks.add(`onSend.${label}`, ((events: SendEvent[]) => {
    for (const event of events) {
      if (dry.hops.has(event.source.id)) recorder.record(event.source.id, event.source.port ?? 0, event.msg);
      // A stubbed node's input is what it would have sent out.
      if (dry.hops.get(event.destination.id)?.treatment === 'stubbed') recorder.record(event.destination.id, 0, event.msg);
    }
  }) as (event: never) => void);
  hooks.add(`onComplete.${label}`, ((event: CompleteEvent) => {
    if (!dry.hops.has(event.node.id)) return;
    recorder.touch(event.node.id);
    if (event.error) recorder.errors.set(event.node.id, typeof event.error === 'string' ? event.error : event.error.message ?? 'failed');
  }) as (event: never) => void);
  return label;
}

/** Deploys the dry-run copy, delivers the message to its entry, waits for completion (or quiet), and always removes the copy. */
export async function runCaptured(deps: CaptureDeps, request: CaptureRequest): Promise<CaptureResult> {
  const { dry, localOf } = request;
  const recorder = new HopRecorder();
  let stopped = false;
  const label = listen(deps.hooks, dry, recorder);
  const response = new CapturedResponse();
  try {
    await deps.engine.deploy(dry.flow, request.access);
    const msg = request.message(response);
    // Node-RED answers a deploy before the new nodes run; until the entry exists nothing is delivered, so trying again is safe.
    let outcome: DeliveryOutcome | undefined;
    for (let attempt = 0; !outcome; attempt += 1) {
      let delivered = false;
      const tracked = deps.deliveries.dispatch(msg, (copy) => {
        delivered = deps.engine.deliver(dry.entryNodeId, copy);
      }, { timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS, mode: 'isolate' });
      const result = delivered ? await Promise.race([tracked, quietOutcome(recorder, dry, () => stopped)]) : await tracked;
      if (delivered) outcome = result;
      else if (attempt >= START_WAIT_ATTEMPTS) throw new Error(`the dry-run flow did not start within ${START_WAIT_ATTEMPTS * START_WAIT_STEP_MS} ms`);
      else await new Promise((resolve) => setTimeout(resolve, START_WAIT_STEP_MS));
    }
    const hops: HopReport[] = recorder.order.map((nodeId) => ({
      ...dry.hops.get(nodeId)!,
      nodeId: localOf(nodeId),
      outputs: recorder.outputs.get(nodeId) ?? [],
      ...(recorder.errors.has(nodeId) ? { error: recorder.errors.get(nodeId)! } : {}),
    }));
    const notReached = [...dry.hops.values()].filter((hop) => !recorder.order.includes(hop.nodeId) && hop.treatment !== 'inert' && hop.type !== 'comment').map((hop) => hop.localId);
    return { outcome, hops, notReached, ...(response.result ? { response: response.result } : {}) };
  } finally {
    stopped = true;
    deps.hooks.remove(`*.${label}`);
    await deps.engine.remove(request.runId).catch(() => undefined);
  }
}
