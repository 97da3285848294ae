// Captured per-node message data: masked and capped at capture time, written to trace_data in background batches, read per correlation id.
import type { Logger } from '../logger.js';
import { capturePayload } from '../ledger/payload-capture.js';
import type { SqlDatabase } from '../store/sql/sql-database.js';
import type { TraceDataRow } from '../store/sql/sql-schema.js';
import type { CaptureEvent, CaptureSink } from '../engine/capture-hooks.js';

export interface CapturedValue { value?: unknown; text?: string; truncated: boolean; bytes: number }

export interface CapturedNode {
  nodeId: string;
  nodeName: string;
  nodeType: string;
  flowId: string;
  at: number;
  input?: CapturedValue;
  outputs?: Array<CapturedValue | null>;
  error?: string;
}

export interface TraceDataStoreOptions {
  logger: Logger;
  maxBytes: number;
  maskFieldsFor(partnerId: string | undefined, flowId: string | undefined): ReadonlySet<string>;
  nodeInfo(nodeId: string): { name: string; type: string; flowId: string } | undefined;
  maxPending?: number;
}

const BATCH_SIZE = 500;
const MAX_ROWS_PER_MESSAGE = 1000;

/** Masks (the ledger's masking: partner, flow and runtime fields) and caps a value; JSON stays JSON text unless cut. */
export function capturedValueJson(value: unknown, maskFields: ReadonlySet<string>, maxBytes: number): string {
  const captured = capturePayload(value, { maskFields, maxBytes });
  if (!captured) return JSON.stringify({ truncated: false, bytes: 0 });
  // Valid JSON that was not cut goes in as it is: no parse and no second serialisation.
  if (captured.contentType === 'json' && !captured.truncated) return `{"truncated":false,"bytes":${captured.sizeBytes},"value":${captured.body}}`;
  return JSON.stringify({ text: captured.body, truncated: captured.truncated, bytes: captured.sizeBytes });
}

export class TraceDataStore implements CaptureSink {
  private pending: TraceDataRow[] = [];
  private nextSeq = 1;
  private scheduled = false;
  private writing: Promise<void> | undefined;
  dropped = 0;

  constructor(private readonly database: SqlDatabase, private readonly options: TraceDataStoreOptions) {}

  async open(): Promise<void> {
    const row = await this.database.db.selectFrom('trace_data').select((eb) => eb.fn.max('seq').as('max')).executeTakeFirst();
    this.nextSeq = Number(row?.max ?? 0) + 1;
  }

  capture(event: CaptureEvent): void {
    if (!event.correlationId) return;
    if (this.pending.length >= (this.options.maxPending ?? 20_000)) { this.dropped++; return; }
    try {
      const flowId = this.options.nodeInfo(event.nodeId)?.flowId;
      const mask = this.options.maskFieldsFor(event.partnerId, flowId);
      let outputs: string | null = null;
      if (event.output) {
        const slots = new Array<string>(event.output.port + 1).fill('null');
        slots[event.output.port] = capturedValueJson(event.output.value, mask, this.options.maxBytes);
        outputs = `[${slots.join(',')}]`;
      }
      this.pending.push({
        correlation_id: event.correlationId.slice(0, 128), seq: this.nextSeq++, node_id: event.nodeId.slice(0, 64), flow_id: flowId ?? null, at: event.at,
        input: 'input' in event ? capturedValueJson(event.input, mask, this.options.maxBytes) : null, outputs, error: event.error ?? null,
      });
      this.schedule();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'message capture failed');
    }
  }

  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (!this.pending.length) return;
    this.writing = this.writePending().finally(() => { this.writing = undefined; });
    await this.writing;
  }

  /** One entry per node visit: outputs join the node's latest entry that has none yet. */
  async read(correlationId: string): Promise<CapturedNode[]> {
    const rows = await this.database.db.selectFrom('trace_data').selectAll().where('correlation_id', '=', correlationId).orderBy('seq').limit(MAX_ROWS_PER_MESSAGE).execute();
    const nodes: CapturedNode[] = [];
    for (const row of rows) {
      const outputs = row.outputs ? (JSON.parse(row.outputs) as Array<CapturedValue | null>) : undefined;
      const latest = outputs ? [...nodes].reverse().find((node) => node.nodeId === row.node_id) : undefined;
      if (latest && outputs && joinOutputs(latest, outputs)) continue;
      const open = outputs || (row.error && !row.input) ? [...nodes].reverse().find((node) => node.nodeId === row.node_id && (outputs ? !node.outputs : !node.error)) : undefined;
      if (open && outputs) { open.outputs = outputs; continue; }
      if (open && row.error) { open.error = row.error; continue; }
      const info = this.options.nodeInfo(row.node_id);
      nodes.push({
        nodeId: row.node_id, nodeName: info?.name ?? '', nodeType: info?.type ?? 'unknown', flowId: row.flow_id ?? info?.flowId ?? '', at: Number(row.at),
        ...(row.input ? { input: JSON.parse(row.input) as CapturedValue } : {}), ...(outputs ? { outputs } : {}), ...(row.error ? { error: row.error } : {}),
      });
    }
    return nodes;
  }

  async close(): Promise<void> {
    await this.flush().catch((error: unknown) => this.options.logger.error({ err: error }, 'captured data: final flush failed'));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush().catch((error: unknown) => {
        this.options.logger.error({ err: error, waiting: this.pending.length }, 'captured data: write failed; retrying');
        setTimeout(() => this.schedule(), 1000).unref();
      });
    });
  }

  private async writePending(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.slice(0, BATCH_SIZE);
      await this.database.db.insertInto('trace_data').values(batch).onConflict((conflict) => conflict.columns(['correlation_id', 'seq']).doNothing()).execute();
      this.pending.splice(0, batch.length);
    }
  }
}

/**
 * Joins a send into the node's latest visit when it belongs there: a message sent on another port fills that port's slot,
 * and the same message sent again to a second wire of the same port is the same output (Node-RED reports one send per wire).
 * False when the visit has no outputs yet (the caller sets them) or when the send is a new message on a filled port.
 */
function joinOutputs(visit: CapturedNode, outputs: Array<CapturedValue | null>): boolean {
  if (!visit.outputs) return false;
  const current = visit.outputs;
  const fits = outputs.every((slot, port) => slot === null || current[port] == null || JSON.stringify(current[port]) === JSON.stringify(slot));
  if (!fits) return false;
  outputs.forEach((slot, port) => { if (slot !== null && current[port] == null) current[port] = slot; });
  return true;
}
