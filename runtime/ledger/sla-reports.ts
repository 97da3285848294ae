// What the SLA API answers: everything past its SLA now (with its alert), and the SLA board's per-supplier summary over a time range.
import type { BusinessKeys } from '../../nodes/sdk/index.js';
import type { PartnerSla } from '../store/partner-store.js';
import type { SqlDatabase } from '../store/sql/sql-database.js';
import type { AlertStatus, AlertStore } from './alert-store.js';
import type { SlaEvaluator } from './sla-evaluator.js';
import { ruleWindowMs, SLA_ALERT_KINDS, type SlaRule } from './sla-rules.js';
import { ACK_BUCKET_HOURS, ackResponseTimes, documentCounts, shipNoticeCompliance, type AckResponseRow, type Range } from './sla-summary-queries.js';

export interface PartnerInfo {
  id: string;
  name: string;
  sla: PartnerSla;
}

/** Rules whose breach means something is still missing; a late ship notice has arrived and is history, not overdue. */
export const OVERDUE_RULES: readonly SlaRule[] = ['ack', 'functional-ack', 'asn-missing'];

export interface OverdueItem {
  rule: SlaRule;
  kind: string;
  partnerId: string;
  documentId: string;
  documentType: string;
  poNumber?: string;
  keys: BusinessKeys;
  /** When the clock started: the PO or interchange was sent. */
  startedAt: string;
  dueAt: string;
  lateMs: number;
  alert?: { id: string; status: AlertStatus };
}

export interface SupplierSla {
  partnerId: string;
  name?: string;
  sla: PartnerSla;
  /** Past their SLA now. */
  overdue: { purchaseOrders: number; functionalAcks: number; shipNotices: number };
  openAlerts: number;
  ackResponse: { purchaseOrders: number; acknowledged: number; unacknowledged: number; buckets: number[]; onTime: number | null; onTimePct: number | null; averageHours: number | null };
  asnCompliance: { onTime: number; late: number; missing: number };
  scorecard: { documents: number; refused: number; refusedPct: number | null; ackOnTimePct: number | null; averageAckHours: number | null };
}

export interface SlaSummary {
  from: string;
  to: string;
  asOf: string;
  /** The response-time histogram's buckets: up to maxHours (inclusive), the last one open-ended. */
  ackBuckets: Array<{ label: string; maxHours: number | null }>;
  suppliers: SupplierSla[];
}

const pct = (part: number | null, whole: number): number | null => (part === null || whole === 0 ? null : Math.round((part / whole) * 1000) / 10);
const hours = (ms: number | null): number | null => (ms === null ? null : Math.round((ms / 3_600_000) * 100) / 100);

export const ACK_BUCKETS: SlaSummary['ackBuckets'] = [
  ...ACK_BUCKET_HOURS.map((maxHours, index) => ({ label: `${index ? `${ACK_BUCKET_HOURS[index - 1]}-` : '≤'}${maxHours} h`, maxHours })),
  { label: `>${ACK_BUCKET_HOURS[ACK_BUCKET_HOURS.length - 1]} h`, maxHours: null },
];

export class SlaReports {
  constructor(
    private readonly database: SqlDatabase,
    private readonly evaluator: SlaEvaluator,
    private readonly alerts: AlertStore,
    private readonly partners: () => Promise<PartnerInfo[]>,
    private readonly now: () => number,
  ) {}

  /** Most late first. */
  async overdue(filters: { partner?: string; rule?: SlaRule; limit?: number } = {}): Promise<{ asOf: string; total: number; overdue: OverdueItem[] }> {
    const now = this.now();
    const partners = (await this.partners()).filter((partner) => !filters.partner || partner.id === filters.partner);
    const breaches = await this.evaluator.breaches({ now, partners, unalertedOnly: false, rules: filters.rule ? [filters.rule] : OVERDUE_RULES });
    breaches.sort((a, b) => a.dueAt - b.dueAt);
    const shown = breaches.slice(0, filters.limit ?? 200);
    const alertOf = new Map((await this.alerts.ofDocuments(shown.map((breach) => breach.documentId))).map((alert) => [`${alert.kind}|${alert.documentId}`, alert]));
    const overdue = shown.map((breach): OverdueItem => {
      const alert = alertOf.get(`${SLA_ALERT_KINDS[breach.rule]}|${breach.documentId}`);
      return {
        rule: breach.rule, kind: SLA_ALERT_KINDS[breach.rule], partnerId: breach.partnerId, documentId: breach.documentId, documentType: breach.documentType,
        ...(breach.poNumber ? { poNumber: breach.poNumber } : {}), keys: breach.keys,
        startedAt: new Date(breach.startedAt).toISOString(), dueAt: new Date(breach.dueAt).toISOString(), lateMs: now - breach.dueAt,
        ...(alert ? { alert: { id: alert.id, status: alert.status } } : {}),
      };
    });
    return { asOf: new Date(now).toISOString(), total: breaches.length, overdue };
  }

  async summary(range: Range): Promise<SlaSummary> {
    const now = this.now();
    const partners = (await this.partners()).filter((partner) => !range.partnerId || partner.id === range.partnerId);
    const windows = new Map(partners.flatMap((partner) => {
      const ms = ruleWindowMs(partner.sla, 'ack');
      return ms === undefined ? [] : [[partner.id, ms] as const];
    }));
    const db = this.database.db;
    const [responses, counts, notices, open, overdue] = await Promise.all([
      ackResponseTimes(db, range, windows),
      documentCounts(db, range),
      shipNoticeCompliance(db, range),
      this.alerts.unresolvedByPartner(),
      this.evaluator.breaches({ now, partners, unalertedOnly: false, rules: OVERDUE_RULES }),
    ]);
    const known = new Map(partners.map((partner) => [partner.id, partner]));
    const hasRule = (partner: PartnerInfo) => Object.values(partner.sla).some((value) => typeof value === 'number');
    const ids = new Set([...partners.filter(hasRule).map((partner) => partner.id), ...responses.map((row) => row.partnerId), ...counts.map((row) => row.partnerId), ...notices.map((row) => row.partnerId)]);
    const suppliers = [...ids].filter((id) => id && (!range.partnerId || id === range.partnerId)).sort().map((partnerId): SupplierSla => {
      const response: AckResponseRow = responses.find((row) => row.partnerId === partnerId) ?? { partnerId, purchaseOrders: 0, acknowledged: 0, buckets: ACK_BUCKETS.map(() => 0), onTime: windows.has(partnerId) ? 0 : null, averageMs: null };
      const documents = counts.find((row) => row.partnerId === partnerId) ?? { documents: 0, refused: 0 };
      const asn = notices.find((row) => row.partnerId === partnerId) ?? { onTime: 0, late: 0, missing: 0 };
      const ofPartner = overdue.filter((breach) => breach.partnerId === partnerId);
      const ackOnTimePct = pct(response.onTime, response.purchaseOrders);
      const partner = known.get(partnerId);
      return {
        partnerId, ...(partner ? { name: partner.name } : {}), sla: partner?.sla ?? {},
        overdue: {
          purchaseOrders: ofPartner.filter((breach) => breach.rule === 'ack').length,
          functionalAcks: ofPartner.filter((breach) => breach.rule === 'functional-ack').length,
          shipNotices: ofPartner.filter((breach) => breach.rule === 'asn-missing').length,
        },
        openAlerts: open.filter((row) => row.partnerId === partnerId).reduce((sum, row) => sum + row.open, 0),
        ackResponse: {
          purchaseOrders: response.purchaseOrders, acknowledged: response.acknowledged, unacknowledged: response.purchaseOrders - response.acknowledged,
          buckets: response.buckets, onTime: response.onTime, onTimePct: ackOnTimePct, averageHours: hours(response.averageMs),
        },
        asnCompliance: { onTime: asn.onTime, late: asn.late, missing: asn.missing },
        scorecard: { documents: documents.documents, refused: documents.refused, refusedPct: pct(documents.refused, documents.documents), ackOnTimePct, averageAckHours: hours(response.averageMs) },
      };
    });
    return { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString(), asOf: new Date(now).toISOString(), ackBuckets: ACK_BUCKETS, suppliers };
  }
}
