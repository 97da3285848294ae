// Canonical AdvanceShipNotice v1: shipment -> order -> pack (SSCC) -> item, with carrier and tracking references.
import type { JSONSchema } from '../../sdk/index.js';
import {
  canonicalSchemaId, extensions, gtin, isoDate, isoDateTime, lineNumber, location, nonEmptyText, partnerId, party, positiveQuantity,
  sku, supplierItem, unitOfMeasure, lineId, itemIds,
} from './common.js';

export const sscc: JSONSchema = { type: 'string', pattern: '^[0-9]{18}$', description: 'GS1 Serial Shipping Container Code (18 digits).' };
export const scac: JSONSchema = { type: 'string', pattern: '^[A-Z]{2,4}$', description: 'Standard Carrier Alpha Code.' };

export const shipNoticeItemSchema: JSONSchema = {
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
    lot: nonEmptyText,
    expiryDate: isoDate,
    serialNumbers: { type: 'array', items: nonEmptyText },
    extensions,
  },
};

export const shipNoticePackSchema: JSONSchema = {
  type: 'object',
  required: ['sscc', 'items'],
  additionalProperties: false,
  properties: {
    sscc,
    packagingCode: { ...nonEmptyText, description: 'Packaging type, e.g. CTN, PLT.' },
    grossWeight: { type: 'number', minimum: 0 },
    weightUom: unitOfMeasure,
    items: { type: 'array', minItems: 1, items: shipNoticeItemSchema },
  },
};

export const shipNoticeOrderSchema: JSONSchema = {
  type: 'object',
  required: ['poNumber', 'packs'],
  additionalProperties: false,
  properties: {
    poNumber: nonEmptyText,
    orderDate: isoDate,
    packs: { type: 'array', minItems: 1, items: shipNoticePackSchema },
  },
};

export const advanceShipNoticeSchema: JSONSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: canonicalSchemaId('AdvanceShipNotice', 1),
  title: 'AdvanceShipNotice',
  description: 'A ship notice (X12 856, EDIFACT DESADV): what left the supplier, in which packs, with which carrier.',
  type: 'object',
  required: ['asnNumber', 'shipDate', 'carrier', 'orders'],
  additionalProperties: false,
  properties: {
    asnNumber: { ...nonEmptyText, description: 'Shipment identification assigned by the shipper.' },
    purpose: { enum: ['original', 'replace', 'cancel'], default: 'original' },
    issueDate: isoDateTime,
    shipDate: isoDate,
    estimatedDeliveryDate: isoDate,
    partnerId,
    supplier: party,
    shipFrom: location,
    shipTo: location,
    carrier: {
      type: 'object',
      // A TD5 may name the carrier by another code, or give only the mode; the SCAC is not required by the standard.
      additionalProperties: false,
      properties: {
        scac,
        name: nonEmptyText,
        code: { ...nonEmptyText, description: 'Carrier id under another qualifier (X12 TD502 other than 2, EDIFACT 3055 other than 172).' },
        codeQualifier: nonEmptyText,
        mode: { enum: ['parcel', 'ltl', 'ftl', 'ocean', 'air', 'rail', 'courier', 'other'] },
      },
    },
    trackingNumbers: { type: 'array', items: nonEmptyText },
    proNumber: { ...nonEmptyText, description: 'Carrier PRO (progressive) number.' },
    bolNumber: { ...nonEmptyText, description: 'Bill of lading number.' },
    packCount: { type: 'integer', minimum: 0 },
    grossWeight: { type: 'number', minimum: 0 },
    weightUom: unitOfMeasure,
    orders: { type: 'array', minItems: 1, items: shipNoticeOrderSchema },
    extensions,
  },
};
