// Canonical InventoryPosition v1: stock on hand / available per item and location at a point in time (X12 846).
import type { JSONSchema } from '../../sdk/index.js';
import { canonicalSchemaId, extensions, isoDate, isoDateTime, location, nonEmptyText, partnerId, quantity, sku, supplierItem, gtin, unitOfMeasure } from './common.js';

export const inventoryPositionLineSchema: JSONSchema = {
  type: 'object',
  required: ['qtyOnHand', 'uom'],
  additionalProperties: false,
  properties: {
    sku,
    supplierItem,
    gtin,
    location: { ...nonEmptyText, description: 'Location code when it differs from the document location.' },
    qtyOnHand: quantity,
    qtyAvailable: quantity,
    qtyAllocated: quantity,
    qtyOnOrder: quantity,
    uom: unitOfMeasure,
    nextAvailableDate: isoDate,
    extensions,
  },
};

export const inventoryPositionSchema: JSONSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: canonicalSchemaId('InventoryPosition', 1),
  title: 'InventoryPosition',
  description: 'Inventory levels reported by a supplier or the ERP, per item and location.',
  type: 'object',
  required: ['asOf', 'lines'],
  additionalProperties: false,
  properties: {
    reportId: nonEmptyText,
    asOf: isoDateTime,
    partnerId,
    location,
    lines: { type: 'array', minItems: 1, items: inventoryPositionLineSchema },
    extensions,
  },
};
