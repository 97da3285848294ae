// POST /api/edi/parse: EDI text in, canonical documents and envelope facts out, every problem located.
import { CONTROL_NUMBER_NAMESPACE, EDIFACT_TYPES, EdiError, generateEdi, KeyValueControlNumbers, parseEdi, X12_TYPES, type EdiDocumentType, type PartyIdentity } from '../../nodes/edi/index.js';
import type { KeyValueStore } from '../../nodes/sdk/index.js';
import type { PartnerStore } from '../store/partner-store.js';
import type { ApiRouter } from './api-router.js';
export { CONTROL_NUMBER_NAMESPACE };
import { HttpError } from './http-error.js';

/** Content types accepted as EDI text; the route reads the body as a string. */
export const EDI_CONTENT_TYPES = ['text/plain', 'application/edi-x12', 'application/edifact', 'application/edi-consent'];

export interface EdiRouteDeps {
  partners: PartnerStore;
  /** Where control numbers persist (the same namespace the EDI nodes use). */
  controlNumberStore: KeyValueStore;
  /** Our own interchange identity, "QUALIFIER:ID". */
  ourIdentity: string;
}

function parseIdentity(text: string): PartyIdentity {
  const separator = text.indexOf(':');
  return separator > 0 ? { qualifier: text.slice(0, separator), id: text.slice(separator + 1) } : { id: text };
}

export function registerEdiRoutes(api: ApiRouter, deps: EdiRouteDeps): void {
  const controlNumbers = new KeyValueControlNumbers(deps.controlNumberStore);
  const types = [...X12_TYPES, ...EDIFACT_TYPES] as string[];

  api.add<{ type: EdiDocumentType; version?: string; document: unknown; partnerId: string; test?: boolean }>({
    method: 'post', path: '/api/edi/generate', tag: 'edi', summary: 'Write EDI for a partner from a canonical document; control numbers persist per partner', access: ['admin', 'analyst'],
    body: {
      type: 'object',
      properties: { type: { enum: types }, version: { type: 'string' }, document: { type: 'object' }, partnerId: { type: 'string' }, test: { type: 'boolean' } },
      required: ['type', 'document', 'partnerId'], additionalProperties: false,
    },
    handler: async ({ body }) => {
      const partner = await deps.partners.get(body.partnerId);
      if (!partner) throw new HttpError(404, `partner "${body.partnerId}" does not exist`, [{ path: '$.partnerId', message: 'unknown partner' }]);
      const x12 = (X12_TYPES as readonly string[]).includes(body.type);
      const ids = partner.identifiers;
      const receiverId = x12 ? ids.isaId : ids.edifactId ?? ids.gln;
      if (!receiverId) {
        throw new HttpError(422, `partner "${partner.id}" has no ${x12 ? 'ISA id' : 'EDIFACT id or GLN'}`, [{ path: x12 ? '$.identifiers.isaId' : '$.identifiers.edifactId', message: 'set it with PUT /api/partners/:id' }]);
      }
      const receiver: PartyIdentity = x12 ? { id: receiverId, qualifier: ids.isaQualifier ?? 'ZZ' } : { id: receiverId, ...(ids.edifactId ? {} : { qualifier: '14' }) };
      try {
        return await generateEdi({
          type: body.type, ...(body.version ? { version: body.version } : {}), document: body.document,
          sender: parseIdentity(deps.ourIdentity), receiver, ...(x12 && ids.gsId ? { groupReceiverCode: ids.gsId } : {}),
          controlNumbers, controlScope: partner.id, test: body.test ?? false, lineBreak: '\n',
        });
      } catch (error) {
        if (error instanceof EdiError) throw new HttpError(422, error.message, [{ path: '$.document', message: error.message }]);
        throw error;
      }
    },
  });

  api.add<unknown, { to?: 'canonical' | 'segments' | 'both' }>({
    method: 'post', path: '/api/edi/parse', tag: 'edi', summary: 'Parse an X12 or EDIFACT interchange (body: the EDI text, Content-Type text/plain or application/edi-x12 / application/edifact)', access: 'authenticated',
    query: { type: 'object', properties: { to: { enum: ['canonical', 'segments', 'both'] } } },
    handler: ({ raw, query }) => {
      if (typeof raw.body !== 'string') {
        throw new HttpError(415, 'send the EDI text as the body', [{ path: 'header.Content-Type', message: `use one of ${EDI_CONTENT_TYPES.join(', ')}` }]);
      }
      try {
        return parseEdi(raw.body, { to: query.to ?? 'canonical' });
      } catch (error) {
        if (error instanceof EdiError) {
          const facts = error.toJSON();
          throw new HttpError(400, error.message, [{ ...(facts.segmentId ? { segment: facts.segmentId } : {}), path: `segment ${facts.segmentIndex ?? 0}${facts.elementPosition ? `, element ${facts.elementPosition}` : ''}`, message: facts.message }]);
        }
        throw error;
      }
    },
  });
}
