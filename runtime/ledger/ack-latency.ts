// Watches the ledger for acknowledgements and reports, once per purchase order, how long the supplier took (PO sent -> first acknowledgement).
import type { Logger } from '../logger.js';
import type { SqlDatabase } from '../store/sql/sql-database.js';
import type { LedgerEvent } from './ledger-writer.js';
import { ACKNOWLEDGEMENT, PURCHASE_ORDER } from './sla-queries.js';

export interface AckLatencyObservation {
  partnerId: string;
  /** PO sent -> first acknowledgement, in seconds. */
  seconds: number;
}

export interface LedgerEvents {
  onEvent(listener: (event: LedgerEvent) => void): () => void;
  flush(): Promise<void>;
}

const SEEN_LIMIT = 50_000;
const SETTLE_MS = 50;

/**
 * Each runtime observes the acknowledgements it records, so summing a histogram over a cluster's runtimes counts each
 * once. Only the first acknowledgement of a purchase order is observed: a second (a change) says nothing about response time.
 */
export class AckLatencyObserver {
  private readonly listeners = new Set<(observation: AckLatencyObservation) => void>();
  private readonly pending = new Set<string>();
  private readonly seen = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private working: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly database: SqlDatabase, private readonly ledger: LedgerEvents, private readonly logger: Logger, private readonly onAcknowledgement?: () => void) {}

  start(): void {
    this.unsubscribe ??= this.ledger.onEvent((event) => this.heard(event));
  }

  onObservation(listener: (observation: AckLatencyObservation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Processes what was heard so far (tests, shutdown). */
  async settle(): Promise<void> {
    clearTimeout(this.timer);
    while (this.working) await this.working;
    if (this.pending.size) await this.process();
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.settle().catch((error: unknown) => this.logger.warn({ err: error }, 'ack latency: last observations lost'));
  }

  private heard(event: LedgerEvent): void {
    if (event.documentType !== ACKNOWLEDGEMENT || event.direction !== 'in' || event.status === 'refused' || this.seen.has(event.id)) return;
    this.seen.add(event.id);
    if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value!);
    this.pending.add(event.id);
    this.onAcknowledgement?.();
    if (!this.timer && !this.working) this.timer = setTimeout(() => { this.timer = undefined; void this.process(); }, SETTLE_MS);
  }

  private process(): Promise<void> {
    const ids = [...this.pending];
    this.pending.clear();
    this.working = this.observe(ids)
      .catch((error: unknown) => this.logger.warn({ err: error, acknowledgements: ids.length }, 'ack latency: could not observe'))
      .finally(() => {
        this.working = undefined;
        if (this.pending.size) this.timer = setTimeout(() => { this.timer = undefined; void this.process(); }, SETTLE_MS);
      });
    return this.working;
  }

  private async observe(ids: string[]): Promise<void> {
    await this.ledger.flush();
    const db = this.database.db;
    const acks = await db.selectFrom('documents').select(['id', 'partner_id', 'po_number', 'received_at']).where('id', 'in', ids).where('status', '!=', 'refused').execute();
    for (const ack of acks) {
      if (!ack.partner_id || !ack.po_number) continue;
      const earlier = await db.selectFrom('documents').select('id')
        .where('partner_id', '=', ack.partner_id).where('po_number', '=', ack.po_number).where('document_type', '=', ACKNOWLEDGEMENT).where('status', '!=', 'refused')
        .where((where) => where.or([where('received_at', '<', ack.received_at), where.and([where('received_at', '=', ack.received_at), where('id', '<', ack.id)])]))
        .limit(1).executeTakeFirst();
      if (earlier) continue;
      const order = await db.selectFrom('documents').select('received_at')
        .where('partner_id', '=', ack.partner_id).where('po_number', '=', ack.po_number).where('document_type', '=', PURCHASE_ORDER).where('direction', '=', 'out')
        .orderBy('received_at').limit(1).executeTakeFirst();
      if (!order) continue;
      this.emit({ partnerId: ack.partner_id, seconds: Math.max(0, ack.received_at - order.received_at) / 1000 });
    }
  }

  private emit(observation: AckLatencyObservation): void {
    for (const listener of this.listeners) {
      try { listener(observation); } catch (error) { this.logger.warn({ err: error }, 'ack latency listener failed'); }
    }
  }
}
