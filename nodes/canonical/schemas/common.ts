// Building blocks shared by every canonical document schema (dates, codes, parties, locations, line identity).
import type { JSONSchema } from '../../sdk/index.js';

export const CANONICAL_SCHEMA_BASE = 'https://tradelane.dev/schemas/canonical';

/** The $id of one version of a canonical document, e.g. .../PurchaseOrder/1.json. */
export function canonicalSchemaId(name: string, version: number): string {
  return `${CANONICAL_SCHEMA_BASE}/${name}/${version}.json`;
}

export const isoDate: JSONSchema = { type: 'string', format: 'date', description: 'Calendar date, YYYY-MM-DD.' };
export const isoDateTime: JSONSchema = { type: 'string', format: 'date-time', description: 'RFC 3339 timestamp.' };
export const nonEmptyText: JSONSchema = { type: 'string', minLength: 1 };
export const currencyCode: JSONSchema = { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code, e.g. USD.' };
export const countryCode: JSONSchema = { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code.' };
export const unitOfMeasure: JSONSchema = { type: 'string', pattern: '^[A-Z0-9]{1,3}$', description: 'Canonical unit of measure code (X12 / UN/ECE Rec 20), e.g. EA, CS, KGM.' };
export const quantity: JSONSchema = { type: 'number', minimum: 0 };
export const positiveQuantity: JSONSchema = { type: 'number', exclusiveMinimum: 0 };
export const money: JSONSchema = { type: 'number', minimum: 0 };
export const lineNumber: JSONSchema = { type: 'integer', minimum: 1, description: 'Line number as on the purchase order.' };
export const gln: JSONSchema = { type: 'string', pattern: '^[0-9]{13}$', description: 'GS1 Global Location Number (13 digits).' };
export const duns: JSONSchema = { type: 'string', pattern: '^[0-9]{9}([0-9]{4})?$', description: 'D-U-N-S number (9 digits, optionally +4).' };
export const gtin: JSONSchema = { type: 'string', pattern: '^([0-9]{8}|[0-9]{12,14})$', description: 'GS1 GTIN-8/12/13/14.' };
export const partnerId: JSONSchema = { type: 'string', minLength: 1, description: 'Tradelane partner id the document came from or goes to.' };
/** Partner- or ERP-specific fields that have no canonical home travel here instead of breaking the schema. */
export const extensions: JSONSchema = { type: 'object', description: 'Free-form fields outside the canonical model.' };

export const sku: JSONSchema = {
  type: 'string', minLength: 1,
  description: 'Our (buyer) SKU, as in the ERP item master. Optional where the standard does not require it: a partner may identify a line only by GTIN or its own part number (resolve it with an xref node).',
};
/** The line identifier exactly as the partner sent it (X12 PO101/IT101/LIN01 are alphanumeric), when it is not the plain line number. */
export const lineId: JSONSchema = { type: 'string', minLength: 1, description: 'Line identifier as sent (e.g. "001", "A1"), when it differs from the line number.' };
/** Product ids beyond sku / supplierItem / gtin, by the EDI qualifier they came with. */
export const itemIds: JSONSchema = {
  type: 'array',
  description: 'Further product identifiers as sent, e.g. {qualifier: "MG", value: "..."} (X12 product id qualifier, EDIFACT 7143 item type).',
  items: { type: 'object', required: ['qualifier', 'value'], additionalProperties: false, properties: { qualifier: { type: 'string', minLength: 1 }, value: { type: 'string', minLength: 1 } } },
};
/** Split schedules: several quantities on several dates for one line (X12 ACK/SCH, EDIFACT QTY+DTM groups). */
export const scheduleLines: JSONSchema = {
  type: 'array',
  description: 'Schedule lines of this line: quantity and date per delivery, several per line.',
  items: {
    type: 'object',
    required: ['qty'],
    additionalProperties: false,
    properties: {
      qty: { type: 'number', minimum: 0 },
      uom: { type: 'string', pattern: '^[A-Z0-9]{1,3}$' },
      date: { type: 'string', format: 'date' },
      status: { enum: ['accepted', 'rejected', 'changed', 'backordered'], description: 'Acknowledgements: the status of this part of the line.' },
      statusCode: { type: 'string', minLength: 1, description: 'The EDI status code as sent (X12 ACK01).' },
    },
  },
};
export const supplierItem: JSONSchema = { type: 'string', minLength: 1, description: "The supplier's own item number." };

export const partyIdentifiers: JSONSchema = {
  type: 'object',
  description: 'At least one identifier of the party.',
  minProperties: 1,
  properties: {
    gln,
    duns,
    supplierId: nonEmptyText,
    customerId: nonEmptyText,
    assignedByBuyer: { ...nonEmptyText, description: 'Code the buyer assigned to this party (X12 N1 qualifier 92).' },
    assignedBySeller: { ...nonEmptyText, description: 'Code the seller assigned to this party (X12 N1 qualifier 91).' },
  },
  additionalProperties: { type: 'string', minLength: 1 },
};

export const address: JSONSchema = {
  type: 'object',
  required: ['lines', 'city', 'country'],
  additionalProperties: false,
  properties: {
    lines: { type: 'array', minItems: 1, maxItems: 4, items: nonEmptyText },
    city: nonEmptyText,
    region: nonEmptyText,
    postalCode: nonEmptyText,
    country: countryCode,
  },
};

export const party: JSONSchema = {
  type: 'object',
  required: ['ids'],
  additionalProperties: false,
  properties: { name: nonEmptyText, ids: partyIdentifiers, address },
};

/** A ship-to / ship-from / warehouse location: a code (cross-referenced to an ERP location), a GLN, or an address. */
export const location: JSONSchema = {
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: {
    code: { ...nonEmptyText, description: 'Location code, e.g. the ERP warehouse or the partner ship-to code.' },
    gln,
    name: nonEmptyText,
    address,
  },
};

export const paymentTerms: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    code: { ...nonEmptyText, description: 'Terms code, e.g. NET30, 2/10NET30.' },
    netDays: { type: 'integer', minimum: 0 },
    discountPercent: { type: 'number', minimum: 0, maximum: 100 },
    discountDays: { type: 'integer', minimum: 0 },
    description: nonEmptyText,
  },
};
