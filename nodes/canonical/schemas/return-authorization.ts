// Canonical ReturnAuthorization v1: an RMA for goods going back, with reason and disposition per line.
import type { JSONSchema } from '../../sdk/index.js';
import {
  canonicalSchemaId, extensions, isoDate, lineNumber, location, money, nonEmptyText, partnerId, party, positiveQuantity, sku, supplierItem,
  unitOfMeasure,
} from './common.js';

export const returnAuthorizationLineSchema: JSONSchema = {
  type: 'object',
  required: ['line', 'qty', 'uom', 'reasonCode'],
  additionalProperties: false,
  properties: {
    line: lineNumber,
    sku,
    supplierItem,
    description: nonEmptyText,
    qty: positiveQuantity,
    uom: unitOfMeasure,
    unitPrice: money,
    reasonCode: { ...nonEmptyText, description: 'Return reason, e.g. DAMAGED, WRONG_ITEM, OVERSHIPPED.' },
    disposition: { enum: ['credit', 'replace', 'repair', 'scrap', 'return-to-stock'] },
    lot: nonEmptyText,
    extensions,
  },
};

export const returnAuthorizationSchema: JSONSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: canonicalSchemaId('ReturnAuthorization', 1),
  title: 'ReturnAuthorization',
  description: 'A return merchandise authorization (RMA), from a customer to us or from us to a supplier.',
  type: 'object',
  required: ['rmaNumber', 'rmaDate', 'status', 'lines'],
  additionalProperties: false,
  properties: {
    rmaNumber: nonEmptyText,
    rmaDate: isoDate,
    status: { enum: ['requested', 'approved', 'rejected', 'received', 'closed'] },
    partnerId,
    customer: party,
    supplier: party,
    poNumber: nonEmptyText,
    invoiceNumber: nonEmptyText,
    returnTo: location,
    expiresOn: isoDate,
    notes: { type: 'string' },
    lines: { type: 'array', minItems: 1, items: returnAuthorizationLineSchema },
    extensions,
  },
};
