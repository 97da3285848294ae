// Canonical PurchaseOrderAcknowledgement v1: the supplier's answer to a PO, with promised quantity, price and date per line.
import type { JSONSchema } from '../../sdk/index.js';
import {
  canonicalSchemaId, currencyCode, extensions, isoDate, lineNumber, money, nonEmptyText, partnerId, party, quantity, sku, supplierItem,
  unitOfMeasure, gtin, lineId, itemIds, scheduleLines,
} from './common.js';

export const ACK_HEADER_STATUSES = ['accepted', 'changed', 'rejected'] as const;
export const ACK_LINE_STATUSES = ['accepted', 'rejected', 'changed', 'backordered'] as const;

export const purchaseOrderAcknowledgementLineSchema: JSONSchema = {
  type: 'object',
  required: ['line', 'status'],
  additionalProperties: false,
  // A promised quantity means nothing without its unit.
  dependentRequired: { promisedQty: ['uom'], orderedQty: ['uom'] },
  properties: {
    line: lineNumber,
    lineId,
    sku,
    supplierItem,
    gtin,
    itemIds,
    description: nonEmptyText,
    status: { enum: [...ACK_LINE_STATUSES] },
    orderedQty: quantity,
    promisedQty: quantity,
    uom: unitOfMeasure,
    promisedUnitPrice: { ...money, description: 'Net unit price the supplier confirms.' },
    grossUnitPrice: { ...money, description: 'Gross unit price, when sent (EDIFACT PRI+AAB).' },
    promisedDate: { ...isoDate, description: 'Promised date; with a split schedule, the first schedule line\'s date.' },
    requestedDate: isoDate,
    schedule: { ...scheduleLines, description: 'Every ACK (X12) or QTY+DTM (EDIFACT) of the line: quantity, date and status per schedule line.' },
    reason: { ...nonEmptyText, description: 'Why the line was changed, rejected or backordered.' },
    extensions,
  },
};

export const purchaseOrderAcknowledgementSchema: JSONSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: canonicalSchemaId('PurchaseOrderAcknowledgement', 1),
  title: 'PurchaseOrderAcknowledgement',
  description: 'A supplier acknowledgement of a purchase order (X12 855, EDIFACT ORDRSP, portal ack).',
  type: 'object',
  required: ['poNumber', 'ackDate', 'status', 'lines'],
  additionalProperties: false,
  properties: {
    poNumber: nonEmptyText,
    ackNumber: nonEmptyText,
    ackDate: isoDate,
    status: { enum: [...ACK_HEADER_STATUSES] },
    partnerId,
    supplier: party,
    buyer: party,
    currency: currencyCode,
    notes: { type: 'string' },
    lines: { type: 'array', items: purchaseOrderAcknowledgementLineSchema },
    extensions,
  },
};
