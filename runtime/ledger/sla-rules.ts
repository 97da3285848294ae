// The SLA rules a partner's settings switch on: their windows, alert kinds, severities and wording, and what a breach is.
import type { BusinessKeys } from '../../nodes/sdk/index.js';
import type { PartnerSla } from '../store/partner-store.js';
import type { AlertSeverity } from './alert-store.js';

/**
 * - ack: a purchase order we sent has no acknowledgement (855, ORDRSP, portal) within ackWithinHours.
 * - functional-ack: an outbound interchange still expects its 997/CONTRL after functionalAckWithinMinutes.
 * - asn-missing: no ship notice arrived by asnBeforeArrivalHours before the promised (else requested) delivery date.
 * - asn-late: a ship notice arrived more than asnWithinHoursOfShipment after its ship date.
 */
export type SlaRule = 'ack' | 'functional-ack' | 'asn-missing' | 'asn-late';
export const SLA_RULES: readonly SlaRule[] = ['ack', 'functional-ack', 'asn-missing', 'asn-late'];

export const SLA_ALERT_KINDS: Readonly<Record<SlaRule, string>> = {
  ack: 'sla.ack-overdue',
  'functional-ack': 'sla.functional-ack-overdue',
  'asn-missing': 'sla.asn-missing',
  'asn-late': 'sla.asn-late',
};

const SEVERITY: Readonly<Record<SlaRule, AlertSeverity>> = {
  ack: 'warning',
  'functional-ack': 'warning',
  // Goods are on their way, or arrive, with nothing to receive them against.
  'asn-missing': 'critical',
  'asn-late': 'warning',
};

export function ruleOfKind(kind: string): SlaRule | undefined {
  return SLA_RULES.find((rule) => SLA_ALERT_KINDS[rule] === kind);
}

const HOUR = 3_600_000;
const positive = (value: number | undefined): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;

/** How long after the start (PO sent, interchange sent, ship date) the rule allows; undefined: the partner has no such rule. */
export function ruleWindowMs(sla: PartnerSla, rule: SlaRule): number | undefined {
  switch (rule) {
    case 'ack': return positive(sla.ackWithinHours) ? sla.ackWithinHours * HOUR : undefined;
    case 'functional-ack': return positive(sla.functionalAckWithinMinutes) ? sla.functionalAckWithinMinutes * 60_000 : undefined;
    case 'asn-late': return positive(sla.asnWithinHoursOfShipment) ? sla.asnWithinHoursOfShipment * HOUR : undefined;
    // The lead before the delivery date: 0 is a rule ("by the delivery date").
    case 'asn-missing': return typeof sla.asnBeforeArrivalHours === 'number' && sla.asnBeforeArrivalHours >= 0 ? sla.asnBeforeArrivalHours * HOUR : undefined;
  }
}

/** One document past its SLA. */
export interface Breach {
  rule: SlaRule;
  partnerId: string;
  documentId: string;
  documentType: string;
  poNumber?: string;
  keys: BusinessKeys;
  /** When the clock started (PO or interchange sent, ASN received), epoch ms. */
  startedAt: number;
  dueAt: number;
  /** asn-late: when the late document arrived. */
  arrivedAt?: number;
}

/** One breach, one alert: the key the alerts table is unique on. */
export function dedupeKeyOf(breach: Pick<Breach, 'rule' | 'documentId'>): string {
  return `${SLA_ALERT_KINDS[breach.rule]}:${breach.documentId}`;
}

export function severityOf(rule: SlaRule): AlertSeverity {
  return SEVERITY[rule];
}

function hours(ms: number): string {
  const value = ms / HOUR;
  if (value >= 1) return `${Math.round(value * 10) / 10} h`;
  const minutes = ms / 60_000;
  return minutes >= 1 ? `${Math.round(minutes)} min` : `${Math.max(1, Math.round(ms / 1000))} s`;
}

export function subjectOf(breach: Breach): string {
  const po = breach.poNumber ? `PO ${breach.poNumber}` : `document ${breach.documentId}`;
  switch (breach.rule) {
    case 'ack': return `${po} not acknowledged by ${breach.partnerId}`;
    case 'functional-ack': return `No 997/CONTRL from ${breach.partnerId} for ${breach.keys.poNumber ? po : `interchange ${breach.documentId}`}`;
    case 'asn-missing': return `No ship notice from ${breach.partnerId} for ${po}`;
    case 'asn-late': return `Late ship notice from ${breach.partnerId}${breach.keys.shipmentId ? ` (${breach.keys.shipmentId})` : ''} for ${po}`;
  }
}

export function messageOf(breach: Breach, now: number): string {
  const due = new Date(breach.dueAt).toISOString();
  switch (breach.rule) {
    case 'ack': return `Sent ${new Date(breach.startedAt).toISOString()}; the acknowledgement was due by ${due} and is ${hours(now - breach.dueAt)} late.`;
    case 'functional-ack': return `The interchange was sent ${new Date(breach.startedAt).toISOString()}; its functional acknowledgement was due by ${due}.`;
    case 'asn-missing': return `The ship notice was due by ${due} (before the delivery date) and has not arrived.`;
    case 'asn-late': return `The ship notice arrived ${new Date(breach.arrivedAt ?? breach.startedAt).toISOString()}, ${hours((breach.arrivedAt ?? now) - breach.dueAt)} after it was due (${due}).`;
  }
}
