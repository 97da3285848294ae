// The alerts API: list and read for every role; acknowledge, resolve and comment for admins and operators, each audited.
import type { JSONSchema } from '../../nodes/sdk/index.js';
import { AlertNotFoundError, ALERT_STATUSES, AlertStateError, InvalidAlertCursorError, type AlertFilters, type AlertStatus, type AlertStore, type AlertSeverity } from '../ledger/alert-store.js';
import type { AuthUser } from './auth.js';
import type { ApiRouter, RouteRequest } from './api-router.js';
import { HttpError } from './http-error.js';
import { queryTime } from './query-time.js';

/** Who works alerts: the people on call for partner operations. Analysts and everyone else read them. */
export const ALERT_WORKERS = ['admin', 'operator'] as const;

type AlertQuery = Partial<Record<'status' | 'partner' | 'kind' | 'severity' | 'poNumber' | 'from' | 'to' | 'limit' | 'cursor', string>>;

const text = (description: string) => ({ type: 'string', maxLength: 128, description });

const ALERT_QUERY: JSONSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: [...ALERT_STATUSES] as string[], description: 'open, acknowledged or resolved.' },
    partner: text('Partner id.'),
    kind: text('Alert kind: sla.ack-overdue, sla.functional-ack-overdue, sla.asn-missing, sla.asn-late.'),
    severity: { type: 'string', enum: ['info', 'warning', 'critical'] },
    poNumber: text('Exact PO number.'),
    from: { type: 'string', description: 'ISO date-time: raised at or after.' },
    to: { type: 'string', description: 'ISO date-time: raised at or before.' },
    limit: { type: 'string', pattern: '^[0-9]{1,3}$', description: 'Alerts per page, 1-500 (default 50).' },
    cursor: { type: 'string', maxLength: 200, description: 'nextCursor of the previous page.' },
  },
  additionalProperties: false,
};

const comment = { type: 'string', minLength: 1, maxLength: 4000 };
const OPTIONAL_COMMENT: JSONSchema = { type: 'object', properties: { comment }, additionalProperties: false };
const REQUIRED_COMMENT: JSONSchema = { type: 'object', properties: { comment }, required: ['comment'], additionalProperties: false };


function alertFilters(query: AlertQuery): AlertFilters {
  const limit = query.limit ? Number(query.limit) : undefined;
  if (limit !== undefined && (limit < 1 || limit > 500)) throw new HttpError(400, 'query is invalid', [{ path: 'query.limit', message: 'must be between 1 and 500' }]);
  const from = queryTime(query.from, 'from');
  const to = queryTime(query.to, 'to');
  return {
    ...(query.status ? { status: query.status as AlertStatus } : {}), ...(query.partner ? { partner: query.partner } : {}), ...(query.kind ? { kind: query.kind } : {}),
    ...(query.severity ? { severity: query.severity as AlertSeverity } : {}), ...(query.poNumber ? { poNumber: query.poNumber } : {}), ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), ...(limit !== undefined ? { limit } : {}),
  };
}

function actorOf(request: RouteRequest): string {
  return (request.raw.res?.locals.user as AuthUser | undefined)?.username ?? 'unknown';
}

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AlertNotFoundError) throw new HttpError(404, error.message);
    if (error instanceof AlertStateError) throw new HttpError(409, error.message, [{ path: '$', message: `the alert is ${error.status}` }], { status: error.status });
    if (error instanceof InvalidAlertCursorError) throw new HttpError(400, 'query is invalid', [{ path: 'query.cursor', message: error.message }]);
    throw error;
  }
}

export interface AlertRouteDeps {
  alerts: AlertStore;
}

export function registerAlertRoutes(api: ApiRouter, deps: AlertRouteDeps): void {
  const { alerts } = deps;
  const target = (request: RouteRequest) => `alert:${request.params.id ?? ''}`;
  const commentDetail = (request: RouteRequest) => {
    const value = (request.body as { comment?: unknown }).comment;
    return typeof value === 'string' ? { comment: value.slice(0, 500) } : {};
  };
  const detail = async (id: string) => (await alerts.detail(id))!;

  api.add<unknown, AlertQuery>({
    method: 'get', path: '/api/alerts', tag: 'alerts', summary: 'Alerts, newest first, with the number in each status; pass nextCursor as cursor for older ones', access: 'authenticated',
    query: ALERT_QUERY,
    handler: ({ query }) => mapped(async () => {
      const filters = alertFilters(query);
      const [page, counts] = await Promise.all([alerts.list(filters), alerts.counts({ ...(filters.partner ? { partner: filters.partner } : {}), ...(filters.kind ? { kind: filters.kind } : {}) })]);
      return { ...page, counts };
    }),
  });

  api.add({
    method: 'get', path: '/api/alerts/:id', tag: 'alerts', summary: 'One alert with its audit trail (raised, delivered, acknowledged, commented, resolved) and its deliveries', access: 'authenticated',
    handler: async ({ params }) => {
      const found = await alerts.detail(params.id!);
      if (!found) throw new HttpError(404, `alert "${params.id}" does not exist`);
      return found;
    },
  });

  api.add<{ comment?: string }>({
    method: 'post', path: '/api/alerts/:id/acknowledge', tag: 'alerts', summary: 'Take an open alert: someone is on it (409 when it is not open)', access: ALERT_WORKERS, body: OPTIONAL_COMMENT,
    audit: { action: 'alert.acknowledge', target, details: commentDetail },
    handler: (request) => mapped(async () => {
      await alerts.acknowledge(request.params.id!, actorOf(request), request.body.comment);
      return detail(request.params.id!);
    }),
  });

  api.add<{ comment: string }>({
    method: 'post', path: '/api/alerts/:id/resolve', tag: 'alerts', summary: 'Resolve an open or acknowledged alert with a comment saying what was done (409 when already resolved)', access: ALERT_WORKERS, body: REQUIRED_COMMENT,
    audit: { action: 'alert.resolve', target, details: commentDetail },
    handler: (request) => mapped(async () => {
      await alerts.resolve(request.params.id!, actorOf(request), request.body.comment);
      return detail(request.params.id!);
    }),
  });

  api.add<{ comment: string }>({
    method: 'post', path: '/api/alerts/:id/comment', tag: 'alerts', summary: 'Add a comment to an alert\'s trail (any status)', access: ALERT_WORKERS, body: REQUIRED_COMMENT,
    audit: { action: 'alert.comment', target, details: commentDetail },
    handler: (request) => mapped(async () => {
      await alerts.comment(request.params.id!, actorOf(request), request.body.comment);
      return detail(request.params.id!);
    }),
  });
}
