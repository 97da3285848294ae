// The ledger's view of a document: its ledger document type and the business keys that link it into a purchase order's lifecycle.
import type { BusinessKeys } from '../sdk/index.js';
import type { CanonicalDocumentName } from './schemas/index.js';

/** Ledger document type of each canonical document (the names the lifecycle, SLA sweep and dashboard use). */
export const LEDGER_TYPE_OF_CANONICAL: Readonly<Record<CanonicalDocumentName, string>> = {
  PurchaseOrder: 'purchaseOrder',
  PurchaseOrderAcknowledgement: 'acknowledgement',
  AdvanceShipNotice: 'asn',
  Invoice: 'invoice',
  ReturnAuthorization: 'returnAuthorization',
  InventoryPosition: 'inventoryPosition',
  PriceUpdate: 'priceUpdate',
  Item: 'item',
  Supplier: 'supplier',
  Customer: 'customer',
};

/** The business ledger types, for node settings that name what a document is ('' = not known). */
export const LEDGER_DOCUMENT_TYPES: readonly string[] = Object.values(LEDGER_TYPE_OF_CANONICAL);

/** "PurchaseOrderAcknowledgement" -> "acknowledgement"; a ledger type is returned as it is; undefined for anything else. */
export function ledgerTypeOf(name: string | undefined): string | undefined {
  if (!name) return undefined;
  if (name in LEDGER_TYPE_OF_CANONICAL) return LEDGER_TYPE_OF_CANONICAL[name as CanonicalDocumentName];
  return LEDGER_DOCUMENT_TYPES.includes(name) ? name : undefined;
}

type Fields = Record<string, unknown>;

function fieldsOf(value: unknown): Fields | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Fields : undefined;
}

/** A key value as the ledger stores it: text, or a number written as text; anything else is no key. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() ? value.trim() : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

function keys(entries: Array<[keyof BusinessKeys, unknown]>): BusinessKeys {
  const found: BusinessKeys = {};
  for (const [name, value] of entries) {
    const key = text(value);
    if (key) found[name] = key;
  }
  return found;
}

/** Every purchase order an ASN covers, in order, without repeats. */
function ordersOf(document: Fields): string[] {
  const orders = Array.isArray(document.orders) ? document.orders : [];
  return [...new Set(orders.map((order) => text(fieldsOf(order)?.poNumber)).filter((poNumber): poNumber is string => poNumber !== undefined))];
}

const EXTRACTORS: Record<string, (document: Fields) => BusinessKeys> = {
  purchaseOrder: (document) => keys([['poNumber', document.poNumber], ['customerOrderNumber', document.customerOrderNumber ?? fieldsOf(document.extensions)?.customerOrderNumber]]),
  acknowledgement: (document) => keys([['poNumber', document.poNumber], ['ackNumber', document.ackNumber]]),
  // The ledger has one PO column: an ASN is linked to its first order (purchaseOrderNumbersOf lists all of them).
  asn: (document) => keys([['shipmentId', document.asnNumber ?? document.shipmentId], ['poNumber', ordersOf(document)[0] ?? document.poNumber]]),
  invoice: (document) => keys([['invoiceNumber', document.invoiceNumber], ['poNumber', document.poNumber], ['shipmentId', document.asnNumber ?? document.shipmentId]]),
  returnAuthorization: (document) => keys([['poNumber', document.poNumber], ['invoiceNumber', document.invoiceNumber]]),
};

/**
 * Field names any document may carry its keys under: ERP formats, inline-schema portal documents and CSV rows are not
 * canonical, but name their numbers the same way.
 */
function commonKeys(document: Fields): BusinessKeys {
  return keys([
    ['poNumber', document.poNumber], ['ackNumber', document.ackNumber], ['shipmentId', document.asnNumber ?? document.shipmentId],
    ['invoiceNumber', document.invoiceNumber], ['customerOrderNumber', document.customerOrderNumber],
  ]);
}

/**
 * The business keys of a document. documentType is a ledger type ("asn") or a canonical name ("AdvanceShipNotice");
 * documents of other types (or not known) give the keys found under the common field names. Never throws.
 */
export function businessKeysOf(documentType: string | undefined, document: unknown): BusinessKeys {
  const fields = fieldsOf(document);
  if (!fields) return {};
  const type = ledgerTypeOf(documentType);
  const extract = type ? EXTRACTORS[type] : undefined;
  return extract ? extract(fields) : commonKeys(fields);
}

/** Every PO number a document refers to: all orders of an ASN, the one PO of other documents. */
export function purchaseOrderNumbersOf(documentType: string | undefined, document: unknown): string[] {
  const fields = fieldsOf(document);
  if (!fields) return [];
  if (ledgerTypeOf(documentType) === 'asn') return ordersOf(fields);
  const poNumber = businessKeysOf(documentType, fields).poNumber;
  return poNumber ? [poNumber] : [];
}

/** Facts worth keeping beside the keys: the RMA number and, for an ASN over several orders, all their PO numbers. */
export function keyFactsOf(documentType: string | undefined, document: unknown): Record<string, string> {
  const fields = fieldsOf(document);
  if (!fields) return {};
  const facts: Record<string, string> = {};
  const orders = purchaseOrderNumbersOf(documentType, fields);
  if (orders.length > 1) facts.poNumbers = orders.join(' ');
  const rma = text(fields.rmaNumber);
  if (rma) facts.rmaNumber = rma;
  return facts;
}
