// Answers of the ledger, lifecycle, alert and exception routes, mirroring runtime/api/{document,alert,exception,sla}-routes.ts and runtime/ledger/*.

export interface BusinessKeys {
  poNumber?: string;
  ackNumber?: string;
  /** ASN number or shipment id. */
  shipmentId?: string;
  invoiceNumber?: string;
  customerOrderNumber?: string;
}

/** A located problem: the path or segment it concerns, the message, and any facts (line, column, code...). */
export interface LocatedError {
  path?: string;
  segment?: string;
  message: string;
  [fact: string]: unknown;
}

export interface EdiControl {
  standard: 'x12' | 'edifact';
  interchangeControl?: string;
  groupControl?: string;
  setControl?: string;
  setType?: string;
  ackStatus?: 'expected' | 'accepted' | 'accepted-with-errors' | 'rejected';
}

export const DOCUMENT_STATUSES = ['received', 'refused', 'accepted', 'sent', 'posted', 'failed', 'dead-lettered', 'acknowledged', 'overdue'] as const;

export interface LedgerDocument {
  id: string;
  direction: 'in' | 'out';
  channel: string;
  documentType: string;
  status: string;
  correlationId: string;
  partnerId?: string;
  flowId?: string;
  flowVersion?: number;
  nodeId?: string;
  parentId?: string;
  keys: BusinessKeys;
  httpStatus?: number;
  durationMs?: number;
  sizeBytes?: number;
  errors: LocatedError[];
  edi?: EdiControl;
  facts?: Record<string, unknown>;
  receivedAt: string;
  updatedAt: string;
}

/** The search form's fields, as GET /api/documents takes them (from/to are ISO date-times). */
export interface DocumentFilter {
  key?: string;
  partner?: string;
  type?: string;
  status?: string;
  direction?: string;
  correlationId?: string;
  from?: string;
  to?: string;
  cursor?: string;
}

export interface DocumentPage {
  documents: LedgerDocument[];
  nextCursor?: string;
}

export interface StoredPayload {
  /** raw or canonical. */
  kind: string;
  body: string;
  contentType: string;
  sizeBytes: number;
  truncated: boolean;
  storedAt: string;
}

export interface DocumentView {
  document: LedgerDocument;
  /** Documents that belong to this one (ERP posts, webhooks), oldest first. */
  related: LedgerDocument[];
  payloads: StoredPayload[];
  /** Set when the caller's role lacks ledger.payloads: why payloads is empty. */
  payloadsHidden?: string;
}

export type LifecycleStepName = 'purchaseOrder' | 'functionalAck' | 'acknowledgement' | 'asn' | 'invoice' | 'receipt';

export interface LifecycleStep {
  step: LifecycleStepName;
  title: string;
  state: 'done' | 'failed' | 'pending';
  documentIds: string[];
  firstAt?: string;
  sincePreviousMs?: number;
  dueAt?: string;
  overdue?: boolean;
  late?: boolean;
}

export interface LifecycleAlert {
  id: string;
  kind: string;
  severity: string;
  status: string;
  subject: string;
  raisedAt: string;
  dueAt?: string;
}

export interface Lifecycle {
  poNumber: string;
  partnerId?: string;
  steps: LifecycleStep[];
  documents: LedgerDocument[];
  openProblems: Array<{ documentId: string; documentType: string; status: string; message?: string }>;
  alerts: LifecycleAlert[];
  acknowledgementChanges?: AcknowledgementChanges[];
  changesHidden?: string;
}

export interface FieldChange {
  field: 'quantity' | 'unitPrice' | 'date';
  ordered: number | string | null;
  promised: number | string | null;
}

export interface AcknowledgementChanges {
  acknowledgementId: string;
  purchaseOrderId?: string;
  status?: string;
  lines: Array<{ line: number; sku?: string; status: string; changes: FieldChange[]; reason?: string }>;
  unansweredLines: number[];
  unavailable?: string;
  note?: string;
}

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export interface Alert {
  id: string;
  dedupeKey: string;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  status: AlertStatus;
  partnerId?: string;
  subject: string;
  message?: string;
  documentId?: string;
  documentType?: string;
  poNumber?: string;
  keys: BusinessKeys;
  dueAt?: string;
  raisedAt: string;
  updatedAt: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  resolvedAt?: string;
  resolvedBy?: string;
  resolution?: string;
}

export interface AlertEvent {
  id: string;
  type: 'raised' | 'delivered' | 'delivery-failed' | 'acknowledged' | 'commented' | 'resolved';
  actor: string;
  at: string;
  comment?: string;
  details?: Record<string, unknown>;
}

export interface AlertDelivery {
  channel: string;
  target: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt?: string;
  lastError?: string;
  deliveredAt?: string;
}

export interface AlertPage {
  alerts: Alert[];
  nextCursor?: string;
  counts: Record<AlertStatus, number>;
}

export interface AlertDetail {
  alert: Alert;
  events: AlertEvent[];
  deliveries: AlertDelivery[];
}

export const EXCEPTION_STATUSES = ['open', 'assigned', 'resolved'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];
/** What the list filter takes: one status, or unresolved (open and assigned). */
export type ExceptionStatusFilter = ExceptionStatus | 'unresolved';

export interface ExceptionView {
  id: string;
  kind: string;
  status: ExceptionStatus;
  correlationId: string;
  partnerId?: string;
  flowId?: string;
  nodeId?: string;
  documentId?: string;
  keys: BusinessKeys;
  summary: string;
  details: LocatedError[];
  assignee?: string;
  openedAt: string;
  updatedAt: string;
  resolvedAt?: string;
  resolvedBy?: string;
  resolution?: string;
}

export interface ExceptionComment {
  id: string;
  author: string;
  text: string;
  at: string;
}

export interface ExceptionDetail {
  exception: ExceptionView;
  comments: ExceptionComment[];
}

export interface ExceptionPage {
  exceptions: ExceptionView[];
  counts: Record<ExceptionStatus, number>;
  nextCursor?: string;
}

export interface ExceptionFilter {
  status?: ExceptionStatusFilter;
  kind?: string;
  partner?: string;
  assignee?: string;
  key?: string;
  cursor?: string;
}
