// Registry of the canonical document schemas: name -> current schema, and lookup by name, "Name/version" or $id.
import type { JSONSchema } from '../../sdk/index.js';
import { advanceShipNoticeSchema } from './advance-ship-notice.js';
import { customerSchema } from './customer.js';
import { inventoryPositionSchema } from './inventory-position.js';
import { invoiceSchema } from './invoice.js';
import { itemSchema } from './item.js';
import { priceUpdateSchema } from './price-update.js';
import { purchaseOrderAcknowledgementSchema } from './purchase-order-acknowledgement.js';
import { purchaseOrderSchema } from './purchase-order.js';
import { returnAuthorizationSchema } from './return-authorization.js';
import { supplierSchema } from './supplier.js';
import { CANONICAL_SCHEMA_BASE } from './common.js';

export const CANONICAL_DOCUMENT_NAMES = [
  'PurchaseOrder',
  'PurchaseOrderAcknowledgement',
  'AdvanceShipNotice',
  'Invoice',
  'InventoryPosition',
  'PriceUpdate',
  'Item',
  'Supplier',
  'Customer',
  'ReturnAuthorization',
] as const;

export type CanonicalDocumentName = (typeof CANONICAL_DOCUMENT_NAMES)[number];

/** The current version of every canonical document schema, by document name. */
export const canonicalSchemas: Readonly<Record<CanonicalDocumentName, JSONSchema>> = Object.freeze({
  PurchaseOrder: purchaseOrderSchema,
  PurchaseOrderAcknowledgement: purchaseOrderAcknowledgementSchema,
  AdvanceShipNotice: advanceShipNoticeSchema,
  Invoice: invoiceSchema,
  InventoryPosition: inventoryPositionSchema,
  PriceUpdate: priceUpdateSchema,
  Item: itemSchema,
  Supplier: supplierSchema,
  Customer: customerSchema,
  ReturnAuthorization: returnAuthorizationSchema,
});

/** Every stored version of every schema (only v1 exists today); keyed by $id. */
const schemasById = new Map<string, JSONSchema>(Object.values(canonicalSchemas).map((schema) => [schema.$id as string, schema]));

export function isCanonicalDocumentName(name: string): name is CanonicalDocumentName {
  return (CANONICAL_DOCUMENT_NAMES as readonly string[]).includes(name);
}

/**
 * Finds a canonical schema by document name ("PurchaseOrder", current version), by "Name/version" ("PurchaseOrder/1"),
 * or by its full $id. Returns undefined when nothing matches.
 */
export function getCanonicalSchema(nameOrId: string): JSONSchema | undefined {
  if (isCanonicalDocumentName(nameOrId)) return canonicalSchemas[nameOrId];
  const byId = schemasById.get(nameOrId);
  if (byId) return byId;
  const versioned = /^([A-Za-z]+)\/(\d+)(?:\.json)?$/.exec(nameOrId);
  if (versioned) return schemasById.get(`${CANONICAL_SCHEMA_BASE}/${versioned[1]}/${versioned[2]}.json`);
  return undefined;
}

export { canonicalSchemaId, CANONICAL_SCHEMA_BASE } from './common.js';
export { ACK_HEADER_STATUSES, ACK_LINE_STATUSES } from './purchase-order-acknowledgement.js';
export {
  advanceShipNoticeSchema, customerSchema, inventoryPositionSchema, invoiceSchema, itemSchema, priceUpdateSchema,
  purchaseOrderAcknowledgementSchema, purchaseOrderSchema, returnAuthorizationSchema, supplierSchema,
};
