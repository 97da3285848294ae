// Canonical Item v1: an item master record (our SKU, the supplier's item, units of measure and conversions).
import type { JSONSchema } from '../../sdk/index.js';
import { canonicalSchemaId, currencyCode, extensions, gtin, money, nonEmptyText, sku, supplierItem, unitOfMeasure } from './common.js';

export const itemSchema: JSONSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: canonicalSchemaId('Item', 1),
  title: 'Item',
  description: 'An item master record.',
  type: 'object',
  required: ['sku', 'description', 'uom', 'status'],
  additionalProperties: false,
  properties: {
    sku,
    supplierItem,
    supplierId: nonEmptyText,
    gtin,
    description: nonEmptyText,
    uom: { ...unitOfMeasure, description: 'Base (stocking) unit of measure.' },
    alternateUoms: {
      type: 'array',
      items: {
        type: 'object',
        required: ['uom', 'factor'],
        additionalProperties: false,
        properties: { uom: unitOfMeasure, factor: { type: 'number', exclusiveMinimum: 0, description: 'Base units per one of this unit.' } },
      },
    },
    status: { enum: ['active', 'inactive', 'discontinued'] },
    unitPrice: money,
    currency: currencyCode,
    weight: { type: 'number', minimum: 0 },
    weightUom: unitOfMeasure,
    extensions,
  },
};
