// Canonical Customer v1: a customer master record with identifiers, bill-to, ship-to locations and credit terms.
import type { JSONSchema } from '../../sdk/index.js';
import { address, canonicalSchemaId, currencyCode, extensions, location, money, nonEmptyText, partyIdentifiers, paymentTerms } from './common.js';
import { contactSchema } from './supplier.js';

export const customerSchema: JSONSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: canonicalSchemaId('Customer', 1),
  title: 'Customer',
  description: 'A customer master record.',
  type: 'object',
  required: ['customerId', 'name', 'status'],
  additionalProperties: false,
  properties: {
    customerId: nonEmptyText,
    name: nonEmptyText,
    ids: partyIdentifiers,
    billTo: address,
    shipTo: { type: 'array', items: location },
    contacts: { type: 'array', items: contactSchema },
    currency: currencyCode,
    terms: paymentTerms,
    creditLimit: money,
    status: { enum: ['active', 'inactive', 'blocked'] },
    extensions,
  },
};
