// Canonical Supplier v1: a supplier master record with identifiers, address, contacts and terms.
import type { JSONSchema } from '../../sdk/index.js';
import { address, canonicalSchemaId, currencyCode, extensions, nonEmptyText, partyIdentifiers, paymentTerms } from './common.js';

export const contactSchema: JSONSchema = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: nonEmptyText, role: nonEmptyText, email: { type: 'string', format: 'email' }, phone: nonEmptyText },
};

export const supplierSchema: JSONSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: canonicalSchemaId('Supplier', 1),
  title: 'Supplier',
  description: 'A supplier master record.',
  type: 'object',
  required: ['supplierId', 'name', 'status'],
  additionalProperties: false,
  properties: {
    supplierId: nonEmptyText,
    name: nonEmptyText,
    ids: partyIdentifiers,
    address,
    contacts: { type: 'array', items: contactSchema },
    currency: currencyCode,
    terms: paymentTerms,
    status: { enum: ['active', 'inactive', 'blocked'] },
    extensions,
  },
};
