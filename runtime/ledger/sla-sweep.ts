// The overdue sweep: links acknowledgements, raises one alert per new breach and marks its document overdue, and clears breaches answered late.
import type { DocumentLedger } from '../../nodes/sdk/index.js';
import type { Logger } from '../logger.js';
import type { SqlDatabase } from '../store/sql/sql-database.js';
import { AlertStateError, SYSTEM_ACTOR, type Alert, type AlertStore, type DeliveryTarget } from './alert-store.js';
import { SlaEvaluator, type PartnerRules } from './sla-evaluator.js';
import { dedupeKeyOf, messageOf, severityOf, SLA_ALERT_KINDS, subjectOf, type Breach } from './sla-rules.js';
import { parseJsonObject } from './sla-dates.js';
import { ACKNOWLEDGEMENT, acknowledgedPurchaseOrders, documentsByIds, firstArrivals, PURCHASE_ORDER, SHIP_NOTICE } from './sla-queries.js';

export interface SlaSweepDeps {
  database: SqlDatabase;
  /** The ledger writer: status changes go through it, so its precedence rules and listeners apply. */
  ledger: DocumentLedger & { flush(): Promise<void> };
  alerts: AlertStore;
  /** The outbox rows each new alert gets. */
  deliveryTargets(): DeliveryTarget[];
  partners(): Promise<PartnerRules[]>;
  now: () => number;
  logger: Logger;
}

export interface SweepReport {
  raised: number;
  cleared: number;
  acknowledged: number;
}

const LINK_BATCH = 500;
const CLEAR_BATCH = 500;
/** Statuses overdue may replace (ledger-status.ts): a document in another state is left as it is. */
const MARKABLE = new Set(['received', 'accepted', 'sent']);

function ackStatusOf(edi: string | null): string | undefined {
  const status = parseJsonObject(edi)?.ackStatus;
  return typeof status === 'string' ? status : undefined;
}

function groupByPartner(alerts: readonly Alert[]): Map<string, Alert[]> {
  const groups = new Map<string, Alert[]>();
  for (const alert of alerts) {
    if (!alert.partnerId || !alert.poNumber) continue;
    (groups.get(alert.partnerId) ?? groups.set(alert.partnerId, []).get(alert.partnerId)!).push(alert);
  }
  return groups;
}

export class SlaSweep {
  readonly evaluator: SlaEvaluator;

  constructor(private readonly deps: SlaSweepDeps) {
    this.evaluator = new SlaEvaluator(deps.database);
  }

  /** One pass; safe to run twice, concurrently on two runtimes, or again after a crash at any point. */
  async run(): Promise<SweepReport> {
    const { ledger } = this.deps;
    // Acknowledgements recorded a moment ago must count before anything is called overdue.
    await ledger.flush();
    const acknowledged = await this.linkAcknowledgements();
    const now = this.deps.now();
    const breaches = await this.evaluator.breaches({ now, partners: await this.deps.partners(), unalertedOnly: true });
    let raised = 0;
    for (const breach of breaches) if (await this.raise(breach, now)) raised++;
    const cleared = await this.clearAnswered();
    await ledger.flush();
    if (raised || cleared) this.deps.logger.info({ raised, cleared, acknowledged }, 'SLA sweep');
    return { raised, cleared, acknowledged };
  }

  /** Purchase orders an acknowledgement answered move to acknowledged (from sent, or from overdue: a late one). */
  private async linkAcknowledgements(): Promise<number> {
    let linked = 0;
    for (let round = 0; round < 20; round++) {
      const orders = await acknowledgedPurchaseOrders(this.deps.database.db, LINK_BATCH);
      for (const order of orders) this.deps.ledger.update({ documentId: order.id }, { status: 'acknowledged' });
      linked += orders.length;
      await this.deps.ledger.flush();
      if (orders.length < LINK_BATCH) break;
    }
    return linked;
  }

  private async raise(breach: Breach, now: number): Promise<boolean> {
    const { created } = await this.deps.alerts.raise({
      dedupeKey: dedupeKeyOf(breach), kind: SLA_ALERT_KINDS[breach.rule], severity: severityOf(breach.rule), subject: subjectOf(breach), message: messageOf(breach, now),
      partnerId: breach.partnerId, documentId: breach.documentId, documentType: breach.documentType, keys: breach.keys, dueAt: breach.dueAt,
      ...(breach.poNumber ? { poNumber: breach.poNumber } : {}),
    }, this.deps.deliveryTargets());
    // After the alert is committed: should this patch be lost to a crash, clearAnswered marks the document on the next pass.
    if (this.marksOverdue(breach.rule, breach.documentType)) this.deps.ledger.update({ documentId: breach.documentId }, { status: 'overdue' });
    return created;
  }

  /**
   * Which breaches turn their document overdue: a purchase order without its acknowledgement, and an interchange document
   * without its 997. A purchase order's status follows its business acknowledgement only, so a late 997 on it, or a
   * missing ship notice, is an alert and a lifecycle step, not a status it could never leave.
   */
  private marksOverdue(rule: Breach['rule'], documentType: string): boolean {
    return rule === 'ack' || (rule === 'functional-ack' && documentType !== PURCHASE_ORDER);
  }

  /** Breaches answered since they were raised are resolved automatically; unanswered ones get their overdue mark if it was lost. */
  private async clearAnswered(): Promise<number> {
    return (await this.clearAcknowledgements()) + (await this.clearFunctionalAcks()) + (await this.clearShipNotices());
  }

  private async resolve(alert: Alert, resolution: string): Promise<boolean> {
    try {
      await this.deps.alerts.resolve(alert.id, SYSTEM_ACTOR, resolution);
      return true;
    } catch (error) {
      // An operator (or another runtime) resolved it a moment ago.
      if (error instanceof AlertStateError) return false;
      throw error;
    }
  }

  private async clearAcknowledgements(): Promise<number> {
    const open = await this.deps.alerts.unresolved(SLA_ALERT_KINDS.ack, CLEAR_BATCH);
    const statuses = new Map((await documentsByIds(this.deps.database.db, open.flatMap((alert) => (alert.documentId ? [alert.documentId] : [])))).map((row) => [row.id, row.status]));
    let cleared = 0;
    for (const [partnerId, alerts] of groupByPartner(open)) {
      const arrivals = await firstArrivals(this.deps.database.db, ACKNOWLEDGEMENT, partnerId, alerts.map((alert) => alert.poNumber!));
      for (const alert of alerts) {
        const arrivedAt = arrivals.get(alert.poNumber!);
        if (arrivedAt === undefined) {
          if (alert.documentId && MARKABLE.has(statuses.get(alert.documentId) ?? '')) this.deps.ledger.update({ documentId: alert.documentId }, { status: 'overdue' });
          continue;
        }
        if (alert.documentId) this.deps.ledger.update({ documentId: alert.documentId }, { status: 'acknowledged' });
        if (await this.resolve(alert, `acknowledged late: the acknowledgement arrived ${new Date(arrivedAt).toISOString()}`)) cleared++;
      }
    }
    return cleared;
  }

  private async clearFunctionalAcks(): Promise<number> {
    const open = await this.deps.alerts.unresolved(SLA_ALERT_KINDS['functional-ack'], CLEAR_BATCH);
    const documents = new Map((await documentsByIds(this.deps.database.db, open.flatMap((alert) => (alert.documentId ? [alert.documentId] : [])))).map((row) => [row.id, row]));
    let cleared = 0;
    for (const alert of open) {
      const document = alert.documentId ? documents.get(alert.documentId) : undefined;
      if (!document) continue;
      const ackStatus = ackStatusOf(document.edi);
      if (ackStatus === 'expected') {
        if (document.document_type !== PURCHASE_ORDER && MARKABLE.has(document.status)) this.deps.ledger.update({ documentId: document.id }, { status: 'overdue' });
        continue;
      }
      if (ackStatus !== 'rejected' && document.document_type !== PURCHASE_ORDER) this.deps.ledger.update({ documentId: document.id }, { status: 'acknowledged' });
      if (await this.resolve(alert, `functional acknowledgement received late (${ackStatus ?? 'no longer expected'})`)) cleared++;
    }
    return cleared;
  }

  private async clearShipNotices(): Promise<number> {
    const open = await this.deps.alerts.unresolved(SLA_ALERT_KINDS['asn-missing'], CLEAR_BATCH);
    let cleared = 0;
    for (const [partnerId, alerts] of groupByPartner(open)) {
      const arrivals = await firstArrivals(this.deps.database.db, SHIP_NOTICE, partnerId, alerts.map((alert) => alert.poNumber!));
      for (const alert of alerts) {
        const arrivedAt = arrivals.get(alert.poNumber!);
        if (arrivedAt !== undefined && (await this.resolve(alert, `ship notice arrived late: ${new Date(arrivedAt).toISOString()}`))) cleared++;
      }
    }
    return cleared;
  }
}
