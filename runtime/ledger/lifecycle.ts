// One purchase order's lifecycle from its ledger documents: PO issued -> 997 -> acknowledgement -> ASN -> invoice -> receipt, with SLA due times.
import type { PartnerSla } from '../store/partner-store.js';
import type { Alert } from './alert-store.js';
import type { DocumentSummary } from './ledger-queries.js';
import { ruleWindowMs } from './sla-rules.js';
import type { AcknowledgementChanges } from './ack-changes.js';

export const LIFECYCLE_STEPS = ['purchaseOrder', 'functionalAck', 'acknowledgement', 'asn', 'invoice', 'receipt'] as const;
export type LifecycleStepName = (typeof LIFECYCLE_STEPS)[number];

const STEP_TITLES: Record<LifecycleStepName, string> = {
  purchaseOrder: 'PO issued',
  functionalAck: '997 / CONTRL',
  acknowledgement: 'Acknowledgement',
  asn: 'Advance ship notice',
  invoice: 'Invoice',
  receipt: 'Goods receipt',
};

/** Which step a document type belongs to; documents of other types (ERP posts, webhooks) are listed but are no step. */
const STEP_OF_TYPE: Record<string, LifecycleStepName> = {
  purchaseOrder: 'purchaseOrder',
  '997': 'functionalAck',
  '999': 'functionalAck',
  CONTRL: 'functionalAck',
  acknowledgement: 'acknowledgement',
  asn: 'asn',
  invoice: 'invoice',
  receipt: 'receipt',
};

export interface LifecycleStep {
  step: LifecycleStepName;
  title: string;
  /** done: a document reached this step; failed: only refused or failed ones did; pending: none yet. */
  state: 'done' | 'failed' | 'pending';
  documentIds: string[];
  firstAt?: string;
  /** Time since the previous step that is done, in ms. */
  sincePreviousMs?: number;
  /** When the partner's SLA wants this step done (functionalAck, acknowledgement, asn). */
  dueAt?: string;
  /** Not done, and past dueAt. */
  overdue?: boolean;
  /** Done, but after dueAt. */
  late?: boolean;
}

/** An open or acknowledged alert of the order. */
export interface LifecycleAlert {
  id: string;
  kind: string;
  severity: string;
  status: string;
  subject: string;
  raisedAt: string;
  dueAt?: string;
}

/** What due times need: the partner's SLA, the time now, the order's unresolved alerts and (for the ASN step) its delivery date. */
export interface LifecycleSlaContext {
  now: number;
  sla: PartnerSla;
  alerts: readonly Alert[];
  /** Promised (else requested) delivery date, epoch ms. */
  deliveryAt?: number;
}

export interface Lifecycle {
  poNumber: string;
  partnerId?: string;
  steps: LifecycleStep[];
  /** Every document of the order, oldest first. */
  documents: DocumentSummary[];
  /** Documents of the order that failed, were refused or dead-lettered, or are overdue. */
  openProblems: Array<{ documentId: string; documentType: string; status: string; message?: string }>;
  /** Unresolved alerts of the order (SLA breaches), oldest first. */
  alerts: LifecycleAlert[];
  /** What each acknowledgement changed against the order, line by line (for roles that may read payloads). */
  acknowledgementChanges?: AcknowledgementChanges[];
  /** Why acknowledgementChanges is absent: the role may not read payloads. */
  changesHidden?: string;
}

const FAILED = new Set(['refused', 'failed', 'dead-lettered']);
/**
 * What we did with a partner's document (its ERP post, its webhook: children on those channels) is listed, but is no step of
 * its own. A PO the ERP issued is on the erp channel too, but has no parent: it is the PO step.
 */
const FOLLOW_UP_CHANNELS = new Set(['erp', 'webhook']);

export function stepOf(document: DocumentSummary): LifecycleStepName | undefined {
  return document.parentId && FOLLOW_UP_CHANNELS.has(document.channel) ? undefined : STEP_OF_TYPE[document.documentType];
}
const PROBLEMS = new Set([...FAILED, 'overdue']);

const FUNCTIONAL_ACK_DONE = new Set(['accepted', 'accepted-with-errors']);

function setDue(step: LifecycleStep, dueAt: number, now: number): void {
  step.dueAt = new Date(dueAt).toISOString();
  if (step.state === 'done') {
    if (step.firstAt && Date.parse(step.firstAt) > dueAt) step.late = true;
  } else if (now > dueAt) {
    step.overdue = true;
  }
}

/** A 997 may arrive as a document of its own, or only as the ackStatus of the interchange it answers. */
function applyFunctionalAck(step: LifecycleStep, documents: DocumentSummary[], context: LifecycleSlaContext): void {
  const outbound = documents.find((document) => document.direction === 'out' && document.edi?.ackStatus);
  if (!outbound) return;
  const ackStatus = outbound.edi!.ackStatus!;
  if (step.state !== 'done' && FUNCTIONAL_ACK_DONE.has(ackStatus)) step.state = 'done';
  if (step.state === 'pending' && ackStatus === 'rejected') step.state = 'failed';
  const windowMs = ruleWindowMs(context.sla, 'functional-ack');
  if (windowMs === undefined) return;
  const dueAt = Date.parse(outbound.receivedAt) + windowMs;
  step.dueAt = new Date(dueAt).toISOString();
  if (ackStatus === 'expected' && context.now > dueAt) step.overdue = true;
  if (step.firstAt && Date.parse(step.firstAt) > dueAt) step.late = true;
}

function applySla(steps: LifecycleStep[], documents: DocumentSummary[], context: LifecycleSlaContext): void {
  const step = (name: LifecycleStepName) => steps.find((candidate) => candidate.step === name)!;
  const sentAt = step('purchaseOrder').firstAt;
  applyFunctionalAck(step('functionalAck'), documents, context);
  const ackWindow = ruleWindowMs(context.sla, 'ack');
  if (sentAt && ackWindow !== undefined) setDue(step('acknowledgement'), Date.parse(sentAt) + ackWindow, context.now);
  const asnLead = ruleWindowMs(context.sla, 'asn-missing');
  if (sentAt && asnLead !== undefined && context.deliveryAt !== undefined) setDue(step('asn'), context.deliveryAt - asnLead, context.now);
}

function lifecycleAlert(alert: Alert): LifecycleAlert {
  return { id: alert.id, kind: alert.kind, severity: alert.severity, status: alert.status, subject: alert.subject, raisedAt: alert.raisedAt, ...(alert.dueAt ? { dueAt: alert.dueAt } : {}) };
}

export function lifecycleOf(poNumber: string, documents: DocumentSummary[], context?: LifecycleSlaContext): Lifecycle {
  let previousAt: number | undefined;
  const steps = LIFECYCLE_STEPS.map((step): LifecycleStep => {
    const ofStep = documents.filter((document) => stepOf(document) === step);
    const good = ofStep.filter((document) => !FAILED.has(document.status));
    const first = (good[0] ?? ofStep[0]);
    const result: LifecycleStep = { step, title: STEP_TITLES[step], state: good.length ? 'done' : ofStep.length ? 'failed' : 'pending', documentIds: ofStep.map((document) => document.id) };
    if (first) {
      const at = Date.parse(first.receivedAt);
      result.firstAt = first.receivedAt;
      if (previousAt !== undefined && good.length) result.sincePreviousMs = at - previousAt;
      if (good.length) previousAt = at;
    }
    return result;
  });
  const partnerId = documents.find((document) => document.partnerId)?.partnerId;
  const openProblems = documents.filter((document) => PROBLEMS.has(document.status)).map((document) => ({
    documentId: document.id, documentType: document.documentType, status: document.status, ...(document.errors[0] ? { message: document.errors[0].message } : {}),
  }));
  if (context) applySla(steps, documents, context);
  return { poNumber, ...(partnerId ? { partnerId } : {}), steps, documents, openProblems, alerts: (context?.alerts ?? []).map(lifecycleAlert) };
}
