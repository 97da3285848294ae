// Persists trace hops from the drained ring buffer into SQL (trace_hops + a per-message summary) in bounded background batches.
import { sql } from 'kysely';
import type { Logger } from '../logger.js';
import type { SqlDatabase } from '../store/sql/sql-database.js';
import type { TraceHopRow, TraceSummaryRow } from '../store/sql/sql-schema.js';
import { insertRows, type BulkInsert } from '../store/sql/compiled-statements.js';
import { TraceEventKind, type TraceEvent } from './trace-buffer.js';

/** 'sent' appears once, for the entry node (http in, intake) whose first send starts the trace. */
export type HopEvent = 'sent' | 'received' | 'completed' | 'error' | 'note';

export interface TraceHop {
  nodeId: string;
  event: HopEvent;
  at: number;
  error?: string;
  text?: string;
}

export interface TraceSummary {
  correlationId: string;
  firstAt: number;
  lastAt: number;
  hopCount: number;
  outcome: 'ok' | 'error';
}

export interface TraceSqlStoreOptions {
  logger: Logger;
  flowOf(nodeId: string): string | undefined;
  /** Hops waiting for the database at most; beyond it new hops are dropped and counted (the hot path never waits). */
  maxPending?: number;
}

// Every column, checked complete by the compiler; a hop already stored (same correlation id and seq) is left as it is.
const hopColumns: Record<keyof TraceHopRow, true> = { correlation_id: true, seq: true, node_id: true, flow_id: true, event: true, at: true, error: true, text: true, data: true };
const TRACE_HOPS: BulkInsert<TraceHopRow> = { table: 'trace_hops', columns: Object.keys(hopColumns) as Array<keyof TraceHopRow>, ignoreDuplicates: true };

const MAX_HOPS_PER_MESSAGE = 500;
const BATCH_SIZE = 1000;
/** Correlation ids whose hop count we remember (the 'sent' rule and the per-message cap); the oldest are forgotten first. */
const KNOWN_LIMIT = 100_000;
const RETRY_MS = 1000;

function hopEvent(kind: TraceEventKind): HopEvent | undefined {
  switch (kind) {
    case TraceEventKind.Received: return 'received';
    case TraceEventKind.Completed: return 'completed';
    case TraceEventKind.Error: return 'error';
    case TraceEventKind.Note: return 'note';
    default: return undefined;
  }
}

export class TraceSqlStore {
  private pending: TraceHopRow[] = [];
  private readonly known = new Map<string, number>();
  private nextSeq = 1;
  private scheduled = false;
  private writing: Promise<void> | undefined;
  /** Hops dropped because the database fell too far behind; exported as a metric. */
  dropped = 0;

  constructor(private readonly database: SqlDatabase, private readonly options: TraceSqlStoreOptions) {}

  /** Continues the hop sequence after what is stored (seq orders the hops of one message). */
  async open(): Promise<void> {
    const row = await this.database.db.selectFrom('trace_hops').select((eb) => eb.fn.max('seq').as('max')).executeTakeFirst();
    this.nextSeq = Number(row?.max ?? 0) + 1;
  }

  /** Called with each drained batch: turns events into rows in memory and schedules the write. */
  add(events: TraceEvent[]): void {
    const limit = this.options.maxPending ?? 200_000;
    for (const event of events) {
      if (!event.correlationId) continue;
      const count = this.known.get(event.correlationId);
      // Entry nodes never receive the message; their first send is the first hop of the trace.
      const kind = event.kind === TraceEventKind.Sent && count === undefined ? 'sent' : hopEvent(event.kind);
      if (!kind || (count ?? 0) >= MAX_HOPS_PER_MESSAGE) continue;
      if (this.pending.length >= limit) { this.dropped++; continue; }
      this.remember(event.correlationId, (count ?? 0) + 1);
      this.pending.push({
        correlation_id: event.correlationId.slice(0, 128), seq: this.nextSeq++, node_id: event.nodeId.slice(0, 64), flow_id: this.options.flowOf(event.nodeId) ?? null,
        event: kind, at: event.at, error: kind === 'error' ? event.text ?? null : null, text: kind === 'note' ? event.text ?? null : null, data: null,
      });
    }
    if (this.pending.length) this.schedule(0);
  }

  /** Resolves once every hop added so far is stored. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (!this.pending.length) return;
    this.writing = this.writePending().finally(() => { this.writing = undefined; });
    await this.writing;
  }

  async get(correlationId: string): Promise<TraceHop[]> {
    const rows = await this.database.db.selectFrom('trace_hops').select(['node_id', 'event', 'at', 'error', 'text'])
      .where('correlation_id', '=', correlationId).orderBy('seq').limit(MAX_HOPS_PER_MESSAGE).execute();
    return rows.map((row) => ({ nodeId: row.node_id, event: row.event as HopEvent, at: Number(row.at), ...(row.error !== null ? { error: row.error } : {}), ...(row.text !== null ? { text: row.text } : {}) }));
  }

  async recent(limit: number): Promise<TraceSummary[]> {
    const rows = await this.database.db.selectFrom('traces').selectAll().orderBy('first_at', 'desc').limit(limit).execute();
    return rows.map((row) => ({ correlationId: row.correlation_id, firstAt: Number(row.first_at), lastAt: Number(row.last_at), hopCount: row.hop_count, outcome: row.failed ? 'error' : 'ok' }));
  }

  async close(): Promise<void> {
    await this.flush().catch((error: unknown) => this.options.logger.error({ err: error }, 'traces: final flush failed'));
  }

  private remember(correlationId: string, count: number): void {
    if (!this.known.has(correlationId) && this.known.size >= KNOWN_LIMIT) this.known.delete(this.known.keys().next().value!);
    this.known.set(correlationId, count);
  }

  private schedule(delayMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      this.flush().catch((error: unknown) => {
        this.options.logger.error({ err: error, waiting: this.pending.length }, 'traces: write failed; retrying');
        this.schedule(RETRY_MS);
      });
    };
    if (delayMs === 0) setImmediate(run);
    else setTimeout(run, delayMs).unref();
  }

  private async writePending(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.slice(0, BATCH_SIZE);
      await this.database.db.transaction().execute(async (trx) => {
        await insertRows(trx, this.database.dialect, TRACE_HOPS, batch);
        await trx.insertInto('traces').values(summariesOf(batch))
          .onConflict((conflict) => conflict.column('correlation_id').doUpdateSet({
            first_at: sql<number>`case when excluded.first_at < traces.first_at then excluded.first_at else traces.first_at end`,
            last_at: sql<number>`case when excluded.last_at > traces.last_at then excluded.last_at else traces.last_at end`,
            hop_count: sql<number>`traces.hop_count + excluded.hop_count`,
            failed: sql<number>`case when excluded.failed > traces.failed then excluded.failed else traces.failed end`,
          })).execute();
      });
      // Only once committed: a failed batch stays pending and is retried whole.
      this.pending.splice(0, batch.length);
    }
  }
}

/** One summary row per message of the batch (an upsert may not name the same row twice). */
function summariesOf(batch: TraceHopRow[]): TraceSummaryRow[] {
  const rows = new Map<string, TraceSummaryRow>();
  for (const hop of batch) {
    const row = rows.get(hop.correlation_id);
    if (!row) rows.set(hop.correlation_id, { correlation_id: hop.correlation_id, first_at: hop.at, last_at: hop.at, hop_count: 1, failed: hop.event === 'error' ? 1 : 0 });
    else {
      row.first_at = Math.min(row.first_at, hop.at);
      row.last_at = Math.max(row.last_at, hop.at);
      row.hop_count++;
      if (hop.event === 'error') row.failed = 1;
    }
  }
  return [...rows.values()];
}
