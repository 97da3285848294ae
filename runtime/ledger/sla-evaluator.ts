// Finds the breaches of every partner's SLA rules at a given time: for the sweep (only those without an alert) and the overdue view (all).
import type { PartnerSla } from '../store/partner-store.js';
import type { SqlDatabase } from '../store/sql/sql-database.js';
import type { DocumentRow } from '../store/sql/sql-schema.js';
import { keysOfRow } from './document-columns.js';
import { SlaDates } from './sla-dates.js';
import { SLA_ALERT_KINDS, ruleWindowMs, type Breach, type SlaRule } from './sla-rules.js';
import {
  acknowledgementsOf, interchangesAwaitingFunctionalAck, purchaseOrdersWithoutShipNotice, shipNoticesSince, unacknowledgedPurchaseOrders, type PageOptions, type Position,
} from './sla-queries.js';

export interface PartnerRules {
  id: string;
  sla: PartnerSla;
}

export interface EvaluateOptions {
  now: number;
  partners: readonly PartnerRules[];
  /** true: leave out documents that already have an alert for the rule (the sweep); false: every breach (the overdue view). */
  unalertedOnly: boolean;
  rules?: readonly SlaRule[];
}

/** A ship notice is checked for lateness during this long after it arrives; later ones are history. */
export const ASN_LATE_LOOKBACK_MS = 7 * 86_400_000;
const PAGE = 500;
/** Upper bound of documents one rule reads per partner per evaluation; the rest waits for the next sweep. */
const MAX_PAGES = 20;

type Fetch = (options: PageOptions) => Promise<{ rows: DocumentRow[]; next?: Position }>;

function breachOf(rule: SlaRule, row: DocumentRow, dueAt: number, startedAt = row.received_at): Breach {
  return {
    rule, partnerId: row.partner_id ?? '', documentId: row.id, documentType: row.document_type, keys: keysOfRow(row), startedAt, dueAt,
    ...(row.po_number ? { poNumber: row.po_number } : {}),
  };
}

export class SlaEvaluator {
  private readonly dates: SlaDates;

  constructor(private readonly database: SqlDatabase) {
    this.dates = new SlaDates(database);
  }

  async breaches(options: EvaluateOptions): Promise<Breach[]> {
    const rules = options.rules ?? ['ack', 'functional-ack', 'asn-missing', 'asn-late'];
    const found: Breach[] = [];
    for (const partner of options.partners) {
      for (const rule of rules) {
        const windowMs = ruleWindowMs(partner.sla, rule);
        if (windowMs !== undefined) found.push(...(await this.ofRule(rule, partner.id, windowMs, options)));
      }
    }
    return found;
  }

  private ofRule(rule: SlaRule, partnerId: string, windowMs: number, options: EvaluateOptions): Promise<Breach[]> {
    const db = this.database.db;
    const fetchOptions = { partnerId, ...(options.unalertedOnly ? { withoutAlertKind: SLA_ALERT_KINDS[rule] } : {}) };
    switch (rule) {
      case 'ack':
        return this.pages(fetchOptions, (page) => unacknowledgedPurchaseOrders(db, { ...page, sentBefore: options.now - windowMs }),
          async (rows) => rows.map((row) => breachOf('ack', row, row.received_at + windowMs)));
      case 'functional-ack':
        return this.pages(fetchOptions, (page) => interchangesAwaitingFunctionalAck(db, { ...page, sentBefore: options.now - windowMs }),
          async (rows) => rows.map((row) => breachOf('functional-ack', row, row.received_at + windowMs)));
      case 'asn-missing':
        return this.pages(fetchOptions, (page) => purchaseOrdersWithoutShipNotice(db, page), (rows) => this.missingShipNotices(partnerId, rows, windowMs, options.now));
      case 'asn-late':
        return this.pages(fetchOptions, (page) => shipNoticesSince(db, { ...page, since: options.now - ASN_LATE_LOOKBACK_MS }), (rows) => this.lateShipNotices(rows, windowMs));
    }
  }

  private async pages(options: Omit<PageOptions, 'limit'>, fetch: Fetch, judge: (rows: DocumentRow[]) => Promise<Breach[]>): Promise<Breach[]> {
    const found: Breach[] = [];
    let after: Position | undefined;
    for (let pageNumber = 0; pageNumber < MAX_PAGES; pageNumber++) {
      const page = await fetch({ ...options, limit: PAGE, ...(after ? { after } : {}) });
      found.push(...(await judge(page.rows)));
      if (!page.next) break;
      after = page.next;
    }
    return found;
  }

  /** Due: the delivery date (the newest acknowledgement's promise, else the PO's request) less the partner's lead. */
  private async missingShipNotices(partnerId: string, orders: DocumentRow[], leadMs: number, now: number): Promise<Breach[]> {
    if (!orders.length) return [];
    const acks = await acknowledgementsOf(this.database.db, partnerId, orders.map((order) => order.po_number!));
    const ackDates = await this.dates.datesOf(acks, 'delivery');
    const promised = new Map<string, number>();
    for (const ack of acks) {
      const at = ackDates.get(ack.id);
      if (at !== null && at !== undefined) promised.set(ack.po_number!, at);
    }
    const requested = await this.dates.datesOf(orders, 'delivery');
    const breaches: Breach[] = [];
    for (const order of orders) {
      const delivery = promised.get(order.po_number!) ?? requested.get(order.id) ?? null;
      if (delivery === null) continue;
      const dueAt = delivery - leadMs;
      if (dueAt <= now) breaches.push(breachOf('asn-missing', order, dueAt));
    }
    return breaches;
  }

  /** Due: the end of the ship date (or the ship time) plus the partner's window; late when the notice came after that. */
  private async lateShipNotices(notices: DocumentRow[], windowMs: number): Promise<Breach[]> {
    const shipped = await this.dates.datesOf(notices, 'ship');
    const breaches: Breach[] = [];
    for (const notice of notices) {
      const shipAt = shipped.get(notice.id);
      if (shipAt === null || shipAt === undefined) continue;
      const dueAt = shipAt + windowMs;
      if (notice.received_at > dueAt) breaches.push({ ...breachOf('asn-late', notice, dueAt, shipAt), arrivedAt: notice.received_at });
    }
    return breaches;
  }
}
