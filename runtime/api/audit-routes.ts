// The audit log API: read-only (entries are only appended by the router), filtered, newest first, cursor pagination.
import { InvalidCursorError, type AuditStore } from '../store/audit-store.js';
import type { ApiRouter } from './api-router.js';
import { HttpError } from './http-error.js';
import { queryTime } from './query-time.js';

type AuditQuery = Partial<Record<'from' | 'to' | 'action' | 'actor' | 'target' | 'limit' | 'cursor', string>>;

/** Who may read the audit log: admins, and operators, who answer for replays and discards. Analysts may not (it names users and addresses). */
export const AUDIT_READERS = ['admin', 'operator'] as const;


export function registerAuditRoutes(api: ApiRouter, audit: AuditStore): void {
  api.add<unknown, AuditQuery>({
    method: 'get', path: '/api/audit', tag: 'audit', summary: 'Audit log of governed actions, newest first: who, when, what, from where, outcome; pass nextCursor as cursor for older entries', access: AUDIT_READERS,
    query: {
      type: 'object',
      properties: {
        action: { type: 'string', description: 'Exact action ("flow.deploy") or a prefix ending in ".*" ("auth.*").' },
        actor: { type: 'string', description: 'Username; "anonymous" for calls without a valid token.' },
        target: { type: 'string', description: 'e.g. "flow:orders", "user:ann", "partner:acme".' },
        from: { type: 'string', description: 'ISO date-time: at or after.' },
        to: { type: 'string', description: 'ISO date-time: at or before.' },
        limit: { type: 'string', pattern: '^[0-9]{1,4}$', description: 'Entries per page, 1-1000 (default 100).' },
        cursor: { type: 'string', maxLength: 500, description: 'nextCursor of the previous page.' },
      },
      additionalProperties: false,
    },
    handler: async ({ query }) => {
      const limit = query.limit ? Number(query.limit) : undefined;
      if (limit !== undefined && (limit < 1 || limit > 1000)) throw new HttpError(400, 'query is invalid', [{ path: 'query.limit', message: 'must be between 1 and 1000' }]);
      try {
        return await audit.list({
          from: queryTime(query.from, 'from'), to: queryTime(query.to, 'to'),
          ...(query.action ? { action: query.action } : {}), ...(query.actor ? { actor: query.actor } : {}), ...(query.target ? { target: query.target } : {}),
          ...(limit !== undefined ? { limit } : {}), ...(query.cursor ? { cursor: query.cursor } : {}),
        });
      } catch (error) {
        if (error instanceof InvalidCursorError) throw new HttpError(400, 'query is invalid', [{ path: 'query.cursor', message: error.message }]);
        throw error;
      }
    },
  });
}
