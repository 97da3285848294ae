// One purchase order's lifecycle from its ledger documents: PO issued -> 997 -> acknowledgement -> ASN -> invoice -> receipt.
import type { DocumentSummary } from './ledger-queries.js';

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
}

export interface Lifecycle {
  poNumber: string;
  partnerId?: string;
  steps: LifecycleStep[];
  /** Every document of the order, oldest first. */
  documents: DocumentSummary[];
  /** Documents of the order that failed, were refused or dead-lettered, or are overdue. */
  openProblems: Array<{ documentId: string; documentType: string; status: string; message?: string }>;
}

const FAILED = new Set(['refused', 'failed', 'dead-lettered']);
const PROBLEMS = new Set([...FAILED, 'overdue']);

export function lifecycleOf(poNumber: string, documents: DocumentSummary[]): Lifecycle {
  let previousAt: number | undefined;
  const steps = LIFECYCLE_STEPS.map((step): LifecycleStep => {
    const ofStep = documents.filter((document) => STEP_OF_TYPE[document.documentType] === step);
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
  return { poNumber, ...(partnerId ? { partnerId } : {}), steps, documents, openProblems };
}
