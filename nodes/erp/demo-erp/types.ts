// Domain types of the demo ERP: purchase orders, inventory positions and the durable event log that changes them.

export type AckStatus = 'none' | 'accepted' | 'changed' | 'rejected';
export type LineAckStatus = 'none' | 'accepted' | 'changed' | 'rejected' | 'backordered';
export type UpdateType = 'acknowledgement' | 'asn' | 'invoice';

export interface PurchaseOrderLine {
  line: number;
  sku: string;
  description: string;
  qty: number;
  uom: string;
  unitPrice: number;
  /** ISO date (YYYY-MM-DD). */
  requestedDate: string;
  ackStatus: LineAckStatus;
  confirmedQty: number | null;
  confirmedUnitPrice: number | null;
  promisedDate: string | null;
  receivedQty: number;
  invoicedQty: number;
}

export interface PurchaseOrderRecord {
  poNumber: string;
  partnerId: string;
  orderDate: string;
  currency: string;
  shipTo: { code: string; location: string };
  ackStatus: AckStatus;
  ackNumber: string | null;
  lines: PurchaseOrderLine[];
}

/** One field that an applied update changed; `line` is absent for header fields. */
export interface FieldChange {
  line?: number;
  field: string;
  from: unknown;
  to: unknown;
}

export interface InventoryPosition {
  sku: string;
  location: string;
  description: string;
  uom: string;
  onHand: number;
  onOrder: number;
}

export interface InventoryChange {
  sku: string;
  location: string;
  field: 'onHand' | 'onOrder';
  from: number;
  to: number;
}

export interface StoredResponse {
  status: number;
  body: Record<string, unknown>;
}

/** One applied update, as written to the durable log. State is the seed plus every event folded in order. */
export interface ErpEvent {
  seq: number;
  type: UpdateType;
  at: string;
  idempotencyKey: string;
  /** Hash of the normalised request; the same key with a different request is refused. */
  fingerprint: string;
  correlationId: string | null;
  /** The partner that sent the update (X-Partner-Id); null when the distributor acted itself. Absent in older logs. */
  partnerId?: string | null;
  /** The partner's document number: ack number, ASN number or invoice number. */
  documentNumber: string;
  ackNumber: string | null;
  /** Changes per purchase order number. */
  changes: Record<string, FieldChange[]>;
  inventoryChanges: InventoryChange[];
  response: StoredResponse;
}

/** What the GET endpoints show per applied update. */
export interface HistoryEntry {
  seq: number;
  type: UpdateType;
  at: string;
  idempotencyKey: string;
  correlationId: string | null;
  ackNumber: string | null;
  documentNumber: string;
  changes: FieldChange[];
}

/** pino-compatible: a pino logger (or child) can be passed as is. */
export interface DemoErpLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}
