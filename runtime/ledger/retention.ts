// Ledger retention: payloads after ledgerPayloadDays; documents, their keys and resolved alerts after ledgerDays; traces (hops, summaries, data) after traceDays; in small batches.
import type { Logger } from '../logger.js';
import type { SqlDatabase } from '../store/sql/sql-database.js';

const DAY = 86_400_000;

export interface RetentionOptions {
  database: SqlDatabase;
  now: () => number;
  logger: Logger;
  /** 0 keeps payloads for as long as their documents. */
  payloadDays: number;
  /** 0 keeps documents for ever. */
  ledgerDays: number;
  /** Trace hops, summaries and captured node data (TRADELANE_TRACE_DAYS); 0 keeps them for ever; unset follows ledgerDays. */
  traceDays?: number;
  /** Rows per statement: each is short, so the event loop (and the ledger writer) never waits long. */
  batchSize?: number;
  /** Upper bound of batches per table and run; a bigger backlog is finished by the next runs. */
  maxBatches?: number;
}

export interface RetentionReport {
  payloads: number;
  documents: number;
  traceHops: number;
  alerts: number;
}

/** Lets other work (requests, ledger batches) run between two deletes. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class LedgerRetention {
  constructor(private readonly options: RetentionOptions) {}

  async run(): Promise<RetentionReport> {
    const now = this.options.now();
    const report: RetentionReport = { payloads: 0, documents: 0, traceHops: 0, alerts: 0 };
    if (this.options.payloadDays > 0) report.payloads = await this.batched(() => this.deletePayloads(now - this.options.payloadDays * DAY));
    if (this.options.ledgerDays > 0) {
      const cutoff = now - this.options.ledgerDays * DAY;
      report.documents = await this.batched(() => this.deleteDocuments(cutoff));
      report.alerts = await this.batched(() => this.deleteResolvedAlerts(cutoff));
    }
    const traceDays = this.options.traceDays ?? this.options.ledgerDays;
    if (traceDays > 0) {
      const cutoff = now - traceDays * DAY;
      report.traceHops = await this.batched(() => this.deleteTraceHops(cutoff));
      await this.batched(() => this.deleteTraceRows('traces', 'last_at', cutoff));
      await this.batched(() => this.deleteTraceRows('trace_data', 'at', cutoff));
    }
    if (report.payloads || report.documents || report.traceHops || report.alerts) this.options.logger.info(report, 'ledger retention removed expired rows');
    return report;
  }

  private get batchSize(): number {
    return this.options.batchSize ?? 1000;
  }

  /** Repeats one batch until it removes less than a full batch; returns the rows removed. */
  private async batched(batch: () => Promise<{ selected: number; removed: number }>): Promise<number> {
    let removed = 0;
    for (let round = 0; round < (this.options.maxBatches ?? 1000); round++) {
      const result = await batch();
      removed += result.removed;
      if (result.selected < this.batchSize) break;
      await yieldToLoop();
    }
    return removed;
  }

  private async deletePayloads(cutoff: number): Promise<{ selected: number; removed: number }> {
    const db = this.options.database.db;
    const rows = await db.selectFrom('document_payloads').select('document_id').distinct().where('stored_at', '<', cutoff).limit(this.batchSize).execute();
    if (!rows.length) return { selected: 0, removed: 0 };
    const result = await db.deleteFrom('document_payloads').where('document_id', 'in', rows.map((row) => row.document_id)).where('stored_at', '<', cutoff).executeTakeFirst();
    return { selected: rows.length, removed: Number(result.numDeletedRows) };
  }

  private async deleteDocuments(cutoff: number): Promise<{ selected: number; removed: number }> {
    const rows = await this.options.database.db.selectFrom('documents').select('id').where('received_at', '<', cutoff).orderBy('received_at').limit(this.batchSize).execute();
    if (!rows.length) return { selected: 0, removed: 0 };
    const ids = rows.map((row) => row.id);
    // One transaction: a document never outlives its keys or the other way round.
    const removed = await this.options.database.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('document_keys').where('document_id', 'in', ids).execute();
      await trx.deleteFrom('document_payloads').where('document_id', 'in', ids).execute();
      return Number((await trx.deleteFrom('documents').where('id', 'in', ids).executeTakeFirst()).numDeletedRows);
    });
    return { selected: rows.length, removed };
  }

  private async deleteTraceHops(cutoff: number): Promise<{ selected: number; removed: number }> {
    const db = this.options.database.db;
    const rows = await db.selectFrom('trace_hops').select('correlation_id').distinct().where('at', '<', cutoff).limit(this.batchSize).execute();
    if (!rows.length) return { selected: 0, removed: 0 };
    const result = await db.deleteFrom('trace_hops').where('correlation_id', 'in', rows.map((row) => row.correlation_id)).where('at', '<', cutoff).executeTakeFirst();
    return { selected: rows.length, removed: Number(result.numDeletedRows) };
  }

  /** Trace summaries (by their last hop) and captured node data, by correlation id in batches. */
  private async deleteTraceRows(table: 'traces' | 'trace_data', column: 'last_at' | 'at', cutoff: number): Promise<{ selected: number; removed: number }> {
    const db = this.options.database.db;
    const rows = await db.selectFrom(table).select('correlation_id').distinct().where(column, '<', cutoff).limit(this.batchSize).execute();
    if (!rows.length) return { selected: 0, removed: 0 };
    const result = await db.deleteFrom(table).where('correlation_id', 'in', rows.map((row) => row.correlation_id)).where(column, '<', cutoff).executeTakeFirst();
    return { selected: rows.length, removed: Number(result.numDeletedRows) };
  }

  /** Open and acknowledged alerts stay, however old: someone still has to act on them. */
  private async deleteResolvedAlerts(cutoff: number): Promise<{ selected: number; removed: number }> {
    const rows = await this.options.database.db.selectFrom('alerts').select('id').where('status', '=', 'resolved').where('resolved_at', '<', cutoff).limit(this.batchSize).execute();
    if (!rows.length) return { selected: 0, removed: 0 };
    const ids = rows.map((row) => row.id);
    const removed = await this.options.database.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('alert_events').where('alert_id', 'in', ids).execute();
      await trx.deleteFrom('alert_deliveries').where('alert_id', 'in', ids).execute();
      return Number((await trx.deleteFrom('alerts').where('id', 'in', ids).executeTakeFirst()).numDeletedRows);
    });
    return { selected: rows.length, removed };
  }
}
