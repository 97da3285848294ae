// Canonical PurchaseOrder v1: the order we (buyer) place with a supplier, or a customer places with us.
import type { JSONSchema } from '../../sdk/index.js';
import {
  canonicalSchemaId, currencyCode, extensions, isoDate, lineNumber, location, money, nonEmptyText, partnerId, party, paymentTerms,
  positiveQuantity, sku, supplierItem, gtin, unitOfMeasure, lineId, itemIds, scheduleLines,
} from './common.js';

export const purchaseOrderLineSchema: JSONSchema = {
  type: 'object',
  required: ['line', 'qty', 'uom'],
  additionalProperties: false,
  properties: {
    line: lineNumber,
    lineId,
    sku,
    supplierItem,
    gtin,
    itemIds,
    description: nonEmptyText,
    qty: positiveQuantity,
    uom: unitOfMeasure,
    unitPrice: { ...money, description: 'Net unit price.' },
    grossUnitPrice: { ...money, description: 'Gross unit price, when the partner sends one (EDIFACT PRI+AAB).' },
    schedule: scheduleLines,
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
  // currency and shipTo are optional: an order may say neither (the currency and delivery address are then the contract's).
  required: ['poNumber', 'orderDate', 'buyer', 'supplier', 'lines'],
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
