// Canonical Invoice v1: a supplier invoice against a purchase order, with lines, taxes, totals and terms.
import type { JSONSchema } from '../../sdk/index.js';
import {
  canonicalSchemaId, currencyCode, extensions, isoDate, lineNumber, location, money, nonEmptyText, partnerId, party, paymentTerms,
  positiveQuantity, sku, supplierItem, unitOfMeasure, gtin, lineId, itemIds,
} from './common.js';

export const taxSchema: JSONSchema = {
  type: 'object',
  required: ['type', 'amount'],
  additionalProperties: false,
  properties: {
    type: { ...nonEmptyText, description: 'Tax kind, e.g. VAT, GST, SALES.' },
    rate: { type: 'number', minimum: 0, maximum: 100, description: 'Rate in percent.' },
    taxableAmount: money,
    amount: { type: 'number' },
  },
};

export const invoiceLineSchema: JSONSchema = {
  type: 'object',
  required: ['line', 'qty', 'uom', 'unitPrice'],
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
    grossUnitPrice: { ...money, description: 'Gross unit price, when sent (EDIFACT PRI+AAB).' },
    amount: { type: 'number', description: 'Line amount before tax (qty x unitPrice, less line allowances).' },
    taxes: { type: 'array', items: taxSchema },
    extensions,
  },
};

export const invoiceSchema: JSONSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: canonicalSchemaId('Invoice', 1),
  title: 'Invoice',
  description: 'A supplier invoice (X12 810, EDIFACT INVOIC, portal invoice).',
  type: 'object',
  // No currency is invented when the file carries none.
  required: ['invoiceNumber', 'invoiceDate', 'poNumber', 'supplier', 'lines', 'totals'],
  additionalProperties: false,
  properties: {
    invoiceNumber: nonEmptyText,
    invoiceType: { enum: ['invoice', 'credit-note', 'debit-note'], default: 'invoice' },
    invoiceDate: isoDate,
    dueDate: isoDate,
    shipDate: isoDate,
    poNumber: nonEmptyText,
    asnNumber: nonEmptyText,
    partnerId,
    supplier: party,
    buyer: party,
    remitTo: party,
    shipTo: location,
    currency: currencyCode,
    terms: paymentTerms,
    lines: { type: 'array', minItems: 1, items: invoiceLineSchema },
    taxes: { type: 'array', items: taxSchema },
    charges: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'amount'],
        additionalProperties: false,
        properties: { type: { enum: ['charge', 'allowance'] }, code: nonEmptyText, description: nonEmptyText, amount: money },
      },
    },
    totals: {
      type: 'object',
      required: ['subtotal', 'total'],
      additionalProperties: false,
      properties: {
        subtotal: { type: 'number', description: 'Sum of line amounts.' },
        taxTotal: { type: 'number' },
        chargeTotal: { type: 'number' },
        allowanceTotal: { type: 'number' },
        total: { type: 'number', description: 'Amount due.' },
      },
    },
    extensions,
  },
};
