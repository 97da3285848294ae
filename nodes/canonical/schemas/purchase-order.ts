// Canonical PurchaseOrder v1: the order we (buyer) place with a supplier, or a customer places with us.
import type { JSONSchema } from '../../sdk/index.js';
import {
  canonicalSchemaId, currencyCode, extensions, isoDate, lineNumber, location, money, nonEmptyText, partnerId, party, paymentTerms,
  positiveQuantity, sku, supplierItem, gtin, unitOfMeasure,
} from './common.js';

export const purchaseOrderLineSchema: JSONSchema = {
  type: 'object',
  required: ['line', 'sku', 'qty', 'uom'],
  additionalProperties: false,
  properties: {
    line: lineNumber,
    sku,
    supplierItem,
    gtin,
    description: nonEmptyText,
    qty: positiveQuantity,
    uom: unitOfMeasure,
    unitPrice: money,
    requestedDate: { ...isoDate, description: 'Requested delivery date of this line; the header date applies when absent.' },
    extensions,
  },
};

export const purchaseOrderSchema: JSONSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: canonicalSchemaId('PurchaseOrder', 1),
  title: 'PurchaseOrder',
  description: 'A purchase order: header with parties, ship-to and dates, and one entry per ordered line.',
  type: 'object',
  required: ['poNumber', 'orderDate', 'buyer', 'supplier', 'currency', 'shipTo', 'lines'],
  additionalProperties: false,
  properties: {
    poNumber: nonEmptyText,
    purpose: { enum: ['original', 'change', 'cancel'], default: 'original' },
    orderDate: isoDate,
    partnerId,
    buyer: party,
    supplier: party,
    currency: currencyCode,
    shipTo: location,
    billTo: location,
    requestedDeliveryDate: isoDate,
    terms: paymentTerms,
    notes: { type: 'string' },
    lines: { type: 'array', minItems: 1, items: purchaseOrderLineSchema },
    extensions,
  },
};
