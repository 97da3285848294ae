// Canonical PriceUpdate v1: new unit prices per item from a supplier price catalog (X12 832, EDIFACT PRICAT).
import type { JSONSchema } from '../../sdk/index.js';
import { canonicalSchemaId, currencyCode, extensions, isoDate, money, nonEmptyText, partnerId, party, positiveQuantity, sku, supplierItem, gtin, unitOfMeasure } from './common.js';

export const priceUpdateLineSchema: JSONSchema = {
  type: 'object',
  required: ['uom', 'unitPrice'],
  additionalProperties: false,
  properties: {
    sku,
    supplierItem,
    gtin,
    description: nonEmptyText,
    uom: unitOfMeasure,
    unitPrice: money,
    previousUnitPrice: money,
    minQty: { ...positiveQuantity, description: 'Quantity break this price applies from.' },
    effectiveDate: { ...isoDate, description: 'Overrides the header effective date for this line.' },
    extensions,
  },
};

export const priceUpdateSchema: JSONSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: canonicalSchemaId('PriceUpdate', 1),
  title: 'PriceUpdate',
  description: 'A price change announced by a supplier, effective from a date.',
  type: 'object',
  required: ['effectiveDate', 'currency', 'lines'],
  additionalProperties: false,
  properties: {
    priceListId: nonEmptyText,
    effectiveDate: isoDate,
    expirationDate: isoDate,
    currency: currencyCode,
    partnerId,
    supplier: party,
    lines: { type: 'array', minItems: 1, items: priceUpdateLineSchema },
    extensions,
  },
};
