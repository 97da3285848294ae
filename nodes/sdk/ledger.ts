// The document ledger and exception queue as nodes see them: what a node records about each business document it handles.

/** in: from a partner to us; out: from us to a partner or the ERP. */
export type LedgerDirection = 'in' | 'out';

/**
 * Where a document is in its life. A document moves forward only; a later, lower status never overwrites a higher one
 * (see LEDGER_STATUS_RANK), except that a replay may move a dead-lettered document on.
 */
export type LedgerStatus = 'received' | 'refused' | 'accepted' | 'sent' | 'posted' | 'failed' | 'dead-lettered' | 'acknowledged' | 'overdue';

export const LEDGER_STATUSES: readonly LedgerStatus[] = ['received', 'refused', 'accepted', 'sent', 'posted', 'failed', 'dead-lettered', 'acknowledged', 'overdue'];

/** The channels a document can travel on (file: SFTP and drop folders; as2: AS2 transmissions and their receipts; broker: AMQP messages; email: mail sent over SMTP; portal: REST calls to a partner API). */
export const LEDGER_CHANNELS = ['intake', 'edi', 'erp', 'webhook', 'event', 'deadletter', 'file', 'as2', 'broker', 'email', 'portal'] as const;

/** The channel a document travelled on; one document type can travel on several. */
export type LedgerChannel = typeof LEDGER_CHANNELS[number];

/** Business keys that link documents into one purchase order's lifecycle. Any may be absent. */
export interface BusinessKeys {
  poNumber?: string;
  ackNumber?: string;
  /** ASN number or shipment id. */
  shipmentId?: string;
  invoiceNumber?: string;
  customerOrderNumber?: string;
}

export const BUSINESS_KEY_NAMES: ReadonlyArray<keyof BusinessKeys> = ['poNumber', 'ackNumber', 'shipmentId', 'invoiceNumber', 'customerOrderNumber'];

/** A located problem, as every Tradelane error answer carries them. */
export interface LedgerError {
  path?: string;
  segment?: string;
  message: string;
  [fact: string]: unknown;
}

/** EDI envelope facts of a document that arrived or left as X12 or EDIFACT. */
export interface EdiControl {
  standard: 'x12' | 'edifact';
  interchangeControl?: string;
  groupControl?: string;
  setControl?: string;
  /** X12 ST01 or EDIFACT UNH message type, e.g. 855 or ORDRSP. */
  setType?: string;
  /** State of the functional acknowledgement (997/999/CONTRL) for this document. */
  ackStatus?: 'expected' | 'accepted' | 'accepted-with-errors' | 'rejected';
}

export interface LedgerDocumentInput {
  direction: LedgerDirection;
  channel: LedgerChannel;
  /** Canonical document type when known (acknowledgement, asn, invoice, purchaseOrder, ...), else a channel-specific one (x12-interchange, 997, http-request). */
  documentType: string;
  status: LedgerStatus;
  correlationId: string;
  partnerId?: string;
  flowId?: string;
  nodeId?: string;
  keys?: BusinessKeys;
  /** The document as it arrived or left (text or JSON-safe data); the ledger caps and masks it before storing. */
  raw?: unknown;
  /** The canonical form, once known. */
  canonical?: unknown;
  /** Size of the raw document in bytes, when it differs from what raw serialises to (e.g. a body never read). */
  sizeBytes?: number;
  errors?: LedgerError[];
  /** The HTTP status given to or received from the other side. */
  httpStatus?: number;
  /** How long the exchange took (ERP post, webhook), for latency metrics. */
  durationMs?: number;
  edi?: EdiControl;
  /** The ledger entry this one belongs to (an ERP post belongs to the document it posts). */
  parentId?: string;
  /** Free-form facts worth showing to an operator (the ERP's document id, the webhook URL, ...). Never secrets. */
  facts?: Record<string, string | number | boolean>;
}

/** What may change on a recorded document as it moves through a flow. */
export interface LedgerPatch {
  status?: LedgerStatus;
  documentType?: string;
  keys?: BusinessKeys;
  canonical?: unknown;
  errors?: LedgerError[];
  httpStatus?: number;
  edi?: Partial<EdiControl>;
  facts?: Record<string, string | number | boolean>;
}

/** Which recorded document a patch applies to: its id when the message carries one (msg.ledgerId), else its correlation id. */
export interface LedgerReference {
  documentId?: string;
  correlationId?: string;
}

/**
 * The durable ledger of business documents. Calls never throw into the caller and never wait for storage: the runtime
 * writes in batches, in call order, so a patch always lands after the record it refers to.
 */
export interface DocumentLedger {
  /** Records a new document and returns its id. */
  record(input: LedgerDocumentInput): string;
  /** Updates the document a message refers to; unknown references are ignored. */
  update(reference: LedgerReference, patch: LedgerPatch): void;
}

/** One mismatch found by a check (three-way match, tolerance), for the exceptions work queue. */
export interface ExceptionInput {
  /** e.g. three-way-match, tolerance. */
  kind: string;
  correlationId: string;
  partnerId?: string;
  flowId?: string;
  nodeId?: string;
  keys?: BusinessKeys;
  summary: string;
  details: LedgerError[];
  /** The document that raised it, when recorded in the ledger. */
  documentId?: string;
}

/** Which document an exception is about, for de-duplication: its ledger id, else its business keys. */
export function exceptionDocumentRef(input: Pick<ExceptionInput, 'documentId' | 'keys'>): string {
  return input.documentId ?? BUSINESS_KEY_NAMES.map((name) => input.keys?.[name] ?? '').join('|');
}

/** The exceptions work queue: operators assign, comment on and resolve what a node opens here. */
export interface ExceptionQueue {
  /**
   * Opens an exception, or returns the unresolved one for the same kind, correlation id, node and document (its id, else
   * its business keys: one EDI interchange carries several documents under one correlation id); resolves with its id once stored.
   */
  open(input: ExceptionInput): Promise<{ id: string }>;
}

/** The property on a message that holds its ledger document id, set by the node that recorded it (intake, EDI parse). */
export const LEDGER_ID_PROPERTY = 'ledgerId';

/**
 * Outbound EDI documents named by partner and control numbers, as an inbound 997/999/CONTRL names what it acknowledges.
 * Control numbers match without leading zeros ("0005" = "5"). The runtime resolves it when the patch is written.
 */
export interface EdiControlReference {
  partnerId: string;
  interchangeControl?: string;
  groupControl?: string;
  /** A set's ST02 / UNH reference; null: only documents that are no single set (an interchange holding several). */
  setControl?: string | null;
  /** Default out: acknowledgements come back for what we sent. */
  direction?: LedgerDirection;
}

export interface LedgerReference {
  /** Every document with these EDI control numbers (see EdiControlReference). */
  ediControl?: EdiControlReference;
}

/** True when a document's EDI facts are the ones a reference names (the in-memory ledger and the runtime agree on this). */
export function ediControlMatches(reference: EdiControlReference, edi: Partial<EdiControl> | undefined): boolean {
  if (!edi) return false;
  const same = (wanted: string | undefined, actual: string | undefined) => wanted === undefined || (actual !== undefined && withoutLeadingZeros(wanted) === withoutLeadingZeros(actual));
  if (reference.setControl === null && edi.setControl !== undefined) return false;
  return same(reference.interchangeControl, edi.interchangeControl) && same(reference.groupControl, edi.groupControl) && same(reference.setControl ?? undefined, edi.setControl);
}

/** "000000301" -> "301"; "0" stays "0". */
export function withoutLeadingZeros(controlNumber: string): string {
  return controlNumber.trim().replace(/^0+(?=.)/, '');
}
