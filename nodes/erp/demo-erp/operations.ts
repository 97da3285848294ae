// Pure business rules of the demo ERP: turn a validated request into field changes, or into located problems (403 not yours, 422).
import type { AcknowledgementBody, AsnBody, InvoiceBody } from './body-schemas.js';
import type { FieldChange, InventoryChange, InventoryPosition, LineAckStatus, PurchaseOrderLine, PurchaseOrderRecord, UpdateType } from './types.js';

export interface Problem {
  path: string;
  message: string;
}

/** A request the ERP refuses; nothing is stored, so a corrected request may reuse the same Idempotency-Key. */
export interface Refusal {
  status: number;
  error: string;
  details: Problem[];
}

export interface UpdatePlan {
  type: UpdateType;
  documentNumber: string;
  ackNumber: string | null;
  changes: Record<string, FieldChange[]>;
  inventoryChanges: InventoryChange[];
  /** Builds the success body once the ERP reference is allocated. */
  respond(erpReference: string): Record<string, unknown>;
}

/** Who acts: the partner named by X-Partner-Id, or undefined when the distributor's own systems act (no ownership limit). */
export type ActingPartner = string | undefined;

/** A partner may act only on its own purchase orders; the refusal names the field and not the owner. */
export function ownershipRefusal(order: PurchaseOrderRecord, actingPartner: ActingPartner, path: string): Refusal | undefined {
  if (actingPartner === undefined || order.partnerId === actingPartner) return undefined;
  return {
    status: 403,
    error: `partner ${actingPartner} may not act on purchase order ${order.poNumber}`,
    details: [{ path, message: `${order.poNumber} is not a purchase order of partner ${actingPartner}` }],
  };
}

export interface ErpStateView {
  purchaseOrder(poNumber: string): PurchaseOrderRecord | undefined;
  position(sku: string, location: string): InventoryPosition | undefined;
}

function recordChange(changes: FieldChange[], change: FieldChange): void {
  if (change.from !== change.to) changes.push(change);
}

function findLine(order: PurchaseOrderRecord, line: number): PurchaseOrderLine | undefined {
  return order.lines.find((candidate) => candidate.line === line);
}

function checkLine(order: PurchaseOrderRecord, requested: { line: number; sku?: string }, path: string, problems: Problem[]): PurchaseOrderLine | undefined {
  const line = findLine(order, requested.line);
  if (!line) {
    problems.push({ path: `${path}.line`, message: `line ${requested.line} is not on ${order.poNumber} (lines: ${order.lines.map((l) => l.line).join(', ')})` });
    return undefined;
  }
  if (requested.sku !== undefined && requested.sku !== line.sku) {
    problems.push({ path: `${path}.sku`, message: `line ${requested.line} of ${order.poNumber} is ${line.sku}, not ${requested.sku}` });
    return undefined;
  }
  return line;
}

const DEFAULT_LINE_STATUS: Record<AcknowledgementBody['status'], LineAckStatus> = { accepted: 'accepted', changed: 'accepted', rejected: 'rejected' };

/** Applies a PO acknowledgement: header status, and per line status, confirmed quantity, price and promised date. */
export function planAcknowledgement(state: ErpStateView, poNumber: string, ack: AcknowledgementBody, actingPartner?: ActingPartner): UpdatePlan | Refusal {
  const order = state.purchaseOrder(poNumber);
  if (!order) return { status: 404, error: `purchase order ${poNumber} not found`, details: [{ path: '$.poNumber', message: 'unknown purchase order' }] };
  const forbidden = ownershipRefusal(order, actingPartner, '$.poNumber');
  if (forbidden) return forbidden;
  const problems: Problem[] = [];
  if (ack.poNumber !== poNumber) problems.push({ path: '$.poNumber', message: `body names ${ack.poNumber} but the URL names ${poNumber}` });
  const acknowledged = new Map<number, AcknowledgementBody['lines'][number]>();
  ack.lines.forEach((ackLine, index) => {
    const path = `$.lines[${index}]`;
    if (acknowledged.has(ackLine.line)) problems.push({ path: `${path}.line`, message: `line ${ackLine.line} is acknowledged twice` });
    if (checkLine(order, ackLine, path, problems)) acknowledged.set(ackLine.line, ackLine);
  });
  if (problems.length) return { status: 422, error: 'acknowledgement does not match the purchase order', details: problems };

  const changes: FieldChange[] = [];
  recordChange(changes, { field: 'ackStatus', from: order.ackStatus, to: ack.status });
  recordChange(changes, { field: 'ackNumber', from: order.ackNumber, to: ack.ackNumber });
  for (const line of order.lines) {
    const ackLine = acknowledged.get(line.line);
    const status = ackLine?.status ?? DEFAULT_LINE_STATUS[ack.status];
    const rejected = status === 'rejected';
    const confirmedQty = rejected ? 0 : ackLine?.qty ?? line.qty;
    const confirmedUnitPrice = rejected ? null : ackLine?.unitPrice ?? line.unitPrice;
    const promisedDate = rejected ? null : ackLine?.promisedDate ?? line.promisedDate ?? line.requestedDate;
    recordChange(changes, { line: line.line, field: 'ackStatus', from: line.ackStatus, to: status });
    recordChange(changes, { line: line.line, field: 'confirmedQty', from: line.confirmedQty, to: confirmedQty });
    recordChange(changes, { line: line.line, field: 'confirmedUnitPrice', from: line.confirmedUnitPrice, to: confirmedUnitPrice });
    recordChange(changes, { line: line.line, field: 'promisedDate', from: line.promisedDate, to: promisedDate });
  }
  return {
    type: 'acknowledgement',
    documentNumber: ack.ackNumber,
    ackNumber: ack.ackNumber,
    changes: { [poNumber]: changes },
    inventoryChanges: [],
    respond: (erpReference) => ({ erpReference, poNumber, ackNumber: ack.ackNumber, ackStatus: ack.status, applied: true }),
  };
}

/** Receives an ASN: received quantity per PO line and on-hand stock at the PO's ship-to location. */
export function planAsn(state: ErpStateView, asn: AsnBody, actingPartner?: ActingPartner): UpdatePlan | Refusal {
  const forbidden = asnOwnershipRefusal(state, asn, actingPartner);
  if (forbidden) return forbidden;
  const problems: Problem[] = [];
  const changes: Record<string, FieldChange[]> = {};
  const received = new Map<string, number>();
  const stock = new Map<string, { position: InventoryPosition; onHand: number; onOrder: number }>();
  asn.lines.forEach((asnLine, index) => {
    const path = `$.lines[${index}]`;
    const poNumber = asnLine.poNumber ?? asn.poNumber;
    if (!poNumber) {
      problems.push({ path: `${path}.poNumber`, message: 'is required when the ASN has no header poNumber' });
      return;
    }
    const order = state.purchaseOrder(poNumber);
    if (!order) {
      problems.push({ path: asnLine.poNumber ? `${path}.poNumber` : '$.poNumber', message: `purchase order ${poNumber} not found` });
      return;
    }
    const line = checkLine(order, asnLine, path, problems);
    if (!line) return;
    const lineKey = `${poNumber}#${line.line}`;
    const before = received.get(lineKey) ?? line.receivedQty;
    received.set(lineKey, before + asnLine.qty);
    (changes[poNumber] ??= []).push({ line: line.line, field: 'receivedQty', from: before, to: before + asnLine.qty });
    const position = state.position(line.sku, order.shipTo.location);
    if (position) {
      const current = stock.get(`${line.sku}@${position.location}`) ?? { position, onHand: position.onHand, onOrder: position.onOrder };
      current.onHand += asnLine.qty;
      current.onOrder = Math.max(0, current.onOrder - asnLine.qty);
      stock.set(`${line.sku}@${position.location}`, current);
    }
  });
  if (problems.length) return { status: 422, error: 'ASN does not match the purchase orders', details: problems };
  const inventoryChanges: InventoryChange[] = [];
  for (const { position, onHand, onOrder } of stock.values()) {
    if (onHand !== position.onHand) inventoryChanges.push({ sku: position.sku, location: position.location, field: 'onHand', from: position.onHand, to: onHand });
    if (onOrder !== position.onOrder) inventoryChanges.push({ sku: position.sku, location: position.location, field: 'onOrder', from: position.onOrder, to: onOrder });
  }
  return {
    type: 'asn',
    documentNumber: asn.asnNumber,
    ackNumber: null,
    changes,
    inventoryChanges,
    respond: (erpReference) => ({ erpReference, asnNumber: asn.asnNumber, poNumbers: Object.keys(changes), applied: true }),
  };
}

/** Every purchase order an ASN names (header and lines) must belong to the acting partner. */
function asnOwnershipRefusal(state: ErpStateView, asn: AsnBody, actingPartner: ActingPartner): Refusal | undefined {
  const named: Array<[poNumber: string | undefined, path: string]> = [[asn.poNumber, '$.poNumber'], ...asn.lines.map((line, index): [string | undefined, string] => [line.poNumber, `$.lines[${index}].poNumber`])];
  const details: Problem[] = [];
  for (const [poNumber, path] of named) {
    const order = poNumber ? state.purchaseOrder(poNumber) : undefined;
    const refusal = order ? ownershipRefusal(order, actingPartner, path) : undefined;
    if (refusal) details.push(...refusal.details);
  }
  return details.length ? { status: 403, error: `partner ${String(actingPartner)} may not act on these purchase orders`, details } : undefined;
}

function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/** Posts a supplier invoice against a PO: invoiced quantity per line; the total must match the lines. */
export function planInvoice(state: ErpStateView, invoice: InvoiceBody, actingPartner?: ActingPartner): UpdatePlan | Refusal {
  const order = state.purchaseOrder(invoice.poNumber);
  if (!order) return { status: 422, error: 'invoice does not match a purchase order', details: [{ path: '$.poNumber', message: `purchase order ${invoice.poNumber} not found` }] };
  const forbidden = ownershipRefusal(order, actingPartner, '$.poNumber');
  if (forbidden) return forbidden;
  const problems: Problem[] = [];
  const invoiced = new Map<number, number>();
  const changes: FieldChange[] = [];
  let amount = 0;
  invoice.lines.forEach((invoiceLine, index) => {
    const line = checkLine(order, invoiceLine, `$.lines[${index}]`, problems);
    if (!line) return;
    const before = invoiced.get(line.line) ?? line.invoicedQty;
    invoiced.set(line.line, before + invoiceLine.qty);
    changes.push({ line: line.line, field: 'invoicedQty', from: before, to: before + invoiceLine.qty });
    amount += invoiceLine.qty * invoiceLine.unitPrice;
  });
  amount = cents(amount);
  if (invoice.total !== undefined && cents(invoice.total) !== amount) problems.push({ path: '$.total', message: `total ${invoice.total} does not equal the sum of the lines (${amount})` });
  if (invoice.currency !== undefined && invoice.currency !== order.currency) problems.push({ path: '$.currency', message: `${order.poNumber} is in ${order.currency}` });
  if (problems.length) return { status: 422, error: 'invoice does not match the purchase order', details: problems };
  return {
    type: 'invoice',
    documentNumber: invoice.invoiceNumber,
    ackNumber: null,
    changes: { [order.poNumber]: changes },
    inventoryChanges: [],
    respond: (erpReference) => ({ erpReference, invoiceNumber: invoice.invoiceNumber, poNumber: order.poNumber, amount, currency: order.currency, applied: true }),
  };
}

export function isRefusal(result: UpdatePlan | Refusal): result is Refusal {
  return 'error' in result;
}
