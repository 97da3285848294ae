// Routes for trading partners: CRUD for admins and analysts, read for operators, credential rotation shown once.
import type { JSONSchema } from '../../nodes/sdk/index.js';
import { DEFAULT_PARTNER_RATE_LIMIT, PartnerExistsError, PartnerNotFoundError, type PartnerInput, type PartnerStore } from '../store/partner-store.js';
import { MASK_FIELDS_SCHEMA } from '../store/mask-fields.js';
import type { ApiRouter } from './api-router.js';
import { HttpError } from './http-error.js';

const editors = ['admin', 'analyst'] as const;
const readers = ['admin', 'analyst', 'operator'] as const;

/** The same pattern the intake node uses, so every partner id can be an endpoint path segment. */
export const PARTNER_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';

const nonNegative: JSONSchema = { type: 'number', minimum: 0 };

const editableProperties: Record<string, JSONSchema> = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  status: { enum: ['active', 'suspended'], description: 'A suspended partner is refused at intake and gets no webhooks.' },
  identifiers: {
    type: 'object',
    properties: {
      isaQualifier: { type: 'string', pattern: '^[A-Z0-9]{2}$', description: 'ISA05/ISA07 qualifier, e.g. ZZ.' },
      isaId: { type: 'string', minLength: 1, maxLength: 15, description: 'ISA06/ISA08 interchange ID.' },
      gsId: { type: 'string', minLength: 2, maxLength: 15, description: 'GS02/GS03 application code.' },
      gln: { type: 'string', pattern: '^[0-9]{13}$', description: 'GS1 Global Location Number.' },
      edifactId: { type: 'string', minLength: 1, maxLength: 35, description: 'EDIFACT UNB party ID.' },
    },
    additionalProperties: false,
  },
  sla: {
    type: 'object',
    description: 'Service levels the overdue sweep checks; leave a field out for no rule. Hours and minutes may be fractional.',
    properties: {
      ackWithinHours: { type: 'number', exclusiveMinimum: 0, maximum: 8784, description: 'Acknowledge a purchase order within this many hours of sending it.' },
      functionalAckWithinMinutes: { type: 'number', exclusiveMinimum: 0, maximum: 44640, description: 'Return a 997/CONTRL within this many minutes of an outbound interchange.' },
      asnWithinHoursOfShipment: { type: 'number', exclusiveMinimum: 0, maximum: 8784, description: 'Send the ship notice within this many hours of the ship date.' },
      asnBeforeArrivalHours: { type: 'number', minimum: 0, maximum: 8784, description: 'The ship notice must arrive this many hours before the promised (else requested) delivery date.' },
      invoiceWithinDays: nonNegative,
    },
    additionalProperties: false,
  },
  tolerance: {
    type: 'object',
    properties: { quantityPct: nonNegative, pricePct: nonNegative, dateDays: { type: 'integer', minimum: 0 } },
    required: ['quantityPct', 'pricePct', 'dateDays'],
    additionalProperties: false,
  },
  authMethod: { enum: ['api-key', 'hmac'], description: 'How the partner authenticates at intake.' },
  webhookUrl: { type: 'string', format: 'uri', pattern: '^https?://', description: 'Default target of webhook nodes for this partner.' },
  rateLimit: {
    type: 'object',
    description: `Requests per second the partner may send to its endpoints, with a burst allowance (token bucket); more get 429 with Retry-After. Default ${DEFAULT_PARTNER_RATE_LIMIT.perSecond}/s, burst ${DEFAULT_PARTNER_RATE_LIMIT.burst}.`,
    properties: { perSecond: { type: 'number', minimum: 0.01, maximum: 10_000 }, burst: { type: 'integer', minimum: 1, maximum: 100_000 } },
    required: ['perSecond', 'burst'],
    additionalProperties: false,
  },
  legacyV1Signatures: {
    type: 'boolean', default: false,
    description: 'Migration only: also accept the retired v1 HMAC signature ("sha256=" over timestamp.body) at intake, and sign webhooks v1. Off by default.',
  },
  maskFields: MASK_FIELDS_SCHEMA,
};

const createBody: JSONSchema = {
  type: 'object',
  properties: { id: { type: 'string', pattern: PARTNER_ID_PATTERN }, ...editableProperties },
  required: ['id', 'name'],
  additionalProperties: false,
};

const updateBody: JSONSchema = {
  type: 'object',
  properties: editableProperties,
  required: ['name'],
  additionalProperties: false,
};

const rotateBody: JSONSchema = {
  type: 'object',
  properties: { credential: { enum: ['auth', 'webhook'], default: 'auth', description: '"auth": the API key or HMAC secret of the auth method; "webhook": the webhook signing secret.' } },
  additionalProperties: false,
};

function asHttpError(error: unknown): unknown {
  if (error instanceof PartnerNotFoundError) return new HttpError(404, error.message);
  if (error instanceof PartnerExistsError) return new HttpError(409, error.message, [{ path: '$.id', message: 'is taken' }]);
  return error;
}

async function mapErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asHttpError(error);
  }
}

export function registerPartnerRoutes(api: ApiRouter, partners: PartnerStore): void {
  api.add({
    method: 'get', path: '/api/partners', tag: 'partners', summary: 'List trading partners (no secrets)', access: readers,
    handler: async () => ({ partners: await partners.list() }),
  });

  api.add({
    method: 'get', path: '/api/partners/:id', tag: 'partners', summary: 'One trading partner (no secrets)', access: readers,
    handler: async ({ params }) => {
      const partner = await partners.get(params.id!);
      if (!partner) throw new HttpError(404, `partner "${params.id}" does not exist`);
      return partner;
    },
  });

  api.add<PartnerInput>({
    method: 'post', path: '/api/partners', tag: 'partners', summary: 'Create a partner; its API key or HMAC secret and webhook secret are returned once', access: editors, body: createBody, successStatus: 201,
    audit: { action: 'partner.create', target: (request) => `partner:${String((request.body as { id?: unknown }).id ?? '')}` },
    handler: ({ body }) => mapErrors(() => partners.register(body)),
  });

  api.add<Omit<PartnerInput, 'id'>>({
    method: 'put', path: '/api/partners/:id', tag: 'partners', summary: 'Replace a partner\'s settings; a credential for a newly chosen auth method is returned once', access: editors, body: updateBody,
    audit: { action: 'partner.update', target: (request) => `partner:${request.params.id ?? ''}`, refineAction: (request) => ((request.body as { status?: unknown }).status === 'suspended' ? 'partner.suspend' : 'partner.update') },
    handler: ({ body, params }) => mapErrors(() => partners.update(params.id!, body)),
  });

  api.add({
    method: 'delete', path: '/api/partners/:id', tag: 'partners', summary: 'Delete a partner and its credentials', access: editors,
    audit: { action: 'partner.delete', target: (request) => `partner:${request.params.id ?? ''}` },
    handler: async ({ params }) => {
      if (!(await partners.remove(params.id!))) throw new HttpError(404, `partner "${params.id}" does not exist`);
      return { deleted: params.id };
    },
  });

  api.add<{ credential?: 'auth' | 'webhook' }>({
    method: 'post', path: '/api/partners/:id/rotate-key', tag: 'partners', summary: 'Replace a partner credential; the new value is returned once', access: editors, body: rotateBody,
    audit: { action: 'partner.rotate-key', target: (request) => `partner:${request.params.id ?? ''}`, details: (_request, result) => ({ credential: (result as { credential?: unknown }).credential }) },
    handler: ({ body, params }) => mapErrors(async () => {
      const { kind, value } = await partners.rotate(params.id!, body.credential ?? 'auth');
      const field = kind === 'api-key' ? 'apiKey' : kind === 'hmac-secret' ? 'hmacSecret' : 'webhookSecret';
      return { partnerId: params.id, credential: kind, [field]: value, rotatedAt: new Date().toISOString() };
    }),
  });
}
