// POST /api/edi/parse: EDI text in, canonical documents and envelope facts out, every problem located.
import { EdiError, parseEdi } from '../../nodes/edi/index.js';
import type { ApiRouter } from './api-router.js';
import { HttpError } from './http-error.js';

/** Content types accepted as EDI text; the route reads the body as a string. */
export const EDI_CONTENT_TYPES = ['text/plain', 'application/edi-x12', 'application/edifact', 'application/edi-consent'];

export function registerEdiRoutes(api: ApiRouter): void {
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
