// The exceptions work queue API: list and read for every role; assign, comment and resolve (audited) for admins and operators.
import type { JSONSchema } from '../../nodes/sdk/index.js';
import type { ApiRouter, RouteAudit } from './api-router.js';
import { currentUser } from './auth.js';
import { HttpError } from './http-error.js';
import {
  EXCEPTION_STATUSES, ExceptionStateError, InvalidExceptionCursorError, type ExceptionDetail, type ExceptionFilters, type ExceptionStatusFilter, type ExceptionStore,
} from '../ledger/exception-store.js';

/** Who works the queue. Analysts read it (it is business data, like the ledger) but do not decide exceptions. */
export const EXCEPTION_WORKERS = ['admin', 'operator'] as const;

type ExceptionQuery = Partial<Record<'status' | 'kind' | 'partner' | 'assignee' | 'key' | 'correlationId' | 'limit' | 'cursor', string>>;
interface AssignBody { assignee: string }
interface CommentBody { text: string }
interface ResolveBody { resolution: string; comment?: string }

const text = (description: string, maxLength = 128) => ({ type: 'string', minLength: 1, maxLength, description });

const QUERY_SCHEMA: JSONSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: [...EXCEPTION_STATUSES, 'unresolved'], description: 'open, assigned, resolved, or unresolved (open and assigned).' },
    kind: text('e.g. three-way-match, tolerance.'),
    partner: text('Partner id.'),
    assignee: text('Username the exception is assigned to.'),
    key: text('Any business key (PO, ack, ASN/shipment, invoice, customer order number), matched from the start of the key or of any word in it.'),
    correlationId: text('Exact correlation id.'),
    limit: { type: 'string', pattern: '^[0-9]{1,3}$', description: 'Exceptions per page, 1-500 (default 50).' },
    cursor: { type: 'string', maxLength: 200, description: 'nextCursor of the previous page.' },
  },
  additionalProperties: false,
};

const ASSIGN_SCHEMA: JSONSchema = {
  type: 'object', required: ['assignee'], additionalProperties: false,
  properties: { assignee: text('Username of an existing, enabled user.', 64) },
};
const COMMENT_SCHEMA: JSONSchema = {
  type: 'object', required: ['text'], additionalProperties: false,
  properties: { text: text('The comment.', 4000) },
};
const RESOLVE_SCHEMA: JSONSchema = {
  type: 'object', required: ['resolution'], additionalProperties: false,
  properties: { resolution: text('What was decided, e.g. "price change accepted, PO updated in the ERP".', 2000), comment: text('An optional comment stored with the resolution.', 4000) },
};

export interface ExceptionRouteDeps {
  store: ExceptionStore;
  /** True when the username names an existing user who is not disabled. */
  isActiveUser(username: string): Promise<boolean>;
}

export function exceptionFilters(query: ExceptionQuery): ExceptionFilters {
  const limit = query.limit ? Number(query.limit) : undefined;
  if (limit !== undefined && (limit < 1 || limit > 500)) throw new HttpError(400, 'query is invalid', [{ path: 'query.limit', message: 'must be between 1 and 500' }]);
  const filters: ExceptionFilters = {};
  for (const name of ['kind', 'partner', 'assignee', 'key', 'correlationId', 'cursor'] as const) if (query[name]) filters[name] = query[name];
  if (query.status) filters.status = query.status as ExceptionStatusFilter;
  return limit === undefined ? filters : { ...filters, limit };
}

function mapStateError(error: unknown): never {
  if (error instanceof ExceptionStateError) throw new HttpError(error.reason === 'not-found' ? 404 : 409, error.message);
  throw error;
}

function audit<Body>(action: string, details: (body: Body, result: ExceptionDetail | undefined) => Record<string, unknown>): RouteAudit<Body> {
  return {
    action,
    target: ({ params }) => `exception:${params.id ?? '?'}`,
    details: ({ body }, result) => {
      const detail = result as ExceptionDetail | undefined;
      return { ...details(body, detail), ...(detail ? { kind: detail.exception.kind, keys: detail.exception.keys } : {}) };
    },
  };
}

export function registerExceptionRoutes(api: ApiRouter, deps: ExceptionRouteDeps): void {
  api.add<unknown, ExceptionQuery>({
    method: 'get', path: '/api/exceptions', tag: 'exceptions', summary: 'The exceptions work queue, newest first, with counts per status; pass nextCursor as cursor for older exceptions', access: 'authenticated',
    query: QUERY_SCHEMA,
    handler: async ({ query }) => {
      try {
        return await deps.store.list(exceptionFilters(query));
      } catch (error) {
        if (error instanceof InvalidExceptionCursorError) throw new HttpError(400, 'query is invalid', [{ path: 'query.cursor', message: error.message }]);
        throw error;
      }
    },
  });

  api.add({
    method: 'get', path: '/api/exceptions/:id', tag: 'exceptions', summary: 'One exception with its located details and comments', access: 'authenticated',
    handler: async ({ params }) => {
      const detail = await deps.store.get(params.id!);
      if (!detail) throw new HttpError(404, `exception "${params.id}" does not exist`);
      return detail;
    },
  });

  api.add<AssignBody>({
    method: 'post', path: '/api/exceptions/:id/assign', tag: 'exceptions', summary: 'Assign an unresolved exception to a user', access: [...EXCEPTION_WORKERS], body: ASSIGN_SCHEMA,
    audit: audit<AssignBody>('exception.assign', (body) => ({ assignee: body.assignee })),
    handler: async ({ params, body }) => {
      if (!(await deps.isActiveUser(body.assignee))) throw new HttpError(422, 'the assignee is not a user', [{ path: '$.assignee', message: `no enabled user "${body.assignee}"` }]);
      return deps.store.assign(params.id!, body.assignee).catch(mapStateError);
    },
  });

  api.add<CommentBody>({
    method: 'post', path: '/api/exceptions/:id/comment', tag: 'exceptions', summary: 'Add a comment to an exception', access: [...EXCEPTION_WORKERS], body: COMMENT_SCHEMA,
    audit: audit<CommentBody>('exception.comment', (body, result) => ({ length: body.text.length, ...(result ? { commentId: result.comments.at(-1)?.id } : {}) })),
    handler: ({ params, body }, res) => deps.store.comment(params.id!, currentUser(res).username, body.text).catch(mapStateError),
  });

  api.add<ResolveBody>({
    method: 'post', path: '/api/exceptions/:id/resolve', tag: 'exceptions', summary: 'Resolve an exception with what was decided (once)', access: [...EXCEPTION_WORKERS], body: RESOLVE_SCHEMA,
    audit: audit<ResolveBody>('exception.resolve', (body) => ({ resolution: body.resolution, ...(body.comment ? { comment: body.comment } : {}) })),
    handler: ({ params, body }, res) => deps.store.resolve(params.id!, currentUser(res).username, body.resolution, body.comment).catch(mapStateError),
  });
}
