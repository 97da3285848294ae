// The SLA API: what is past its SLA now, the SLA board's per-supplier summary over a time range, and the state of the background jobs.
import type { JSONSchema } from '../../nodes/sdk/index.js';
import type { JobStatus } from '../ledger/scheduler.js';
import type { SlaReports } from '../ledger/sla-reports.js';
import { SLA_RULES, type SlaRule } from '../ledger/sla-rules.js';
import type { ApiRouter } from './api-router.js';
import { HttpError } from './http-error.js';
import { queryTime } from './query-time.js';

const DAY = 86_400_000;
const DEFAULT_RANGE_DAYS = 30;
const MAX_RANGE_DAYS = 400;

const OVERDUE_QUERY: JSONSchema = {
  type: 'object',
  properties: {
    partner: { type: 'string', maxLength: 128, description: 'Partner id.' },
    rule: { type: 'string', enum: SLA_RULES.filter((rule) => rule !== 'asn-late') as string[], description: 'ack, functional-ack or asn-missing.' },
    limit: { type: 'string', pattern: '^[0-9]{1,4}$', description: 'Items, 1-1000 (default 200); total says how many there are.' },
  },
  additionalProperties: false,
};

const SUMMARY_QUERY: JSONSchema = {
  type: 'object',
  properties: {
    from: { type: 'string', description: `ISO date-time; default ${DEFAULT_RANGE_DAYS} days before to.` },
    to: { type: 'string', description: 'ISO date-time; default now.' },
    partner: { type: 'string', maxLength: 128, description: 'Only this partner.' },
  },
  additionalProperties: false,
};


export interface SlaRouteDeps {
  reports: SlaReports;
  jobs(): JobStatus[];
  /** Writes what the ledger still buffers, so a document recorded a moment ago counts. */
  flush(): Promise<void>;
  now(): number;
}

export function registerSlaRoutes(api: ApiRouter, deps: SlaRouteDeps): void {
  api.add<unknown, Partial<Record<'partner' | 'rule' | 'limit', string>>>({
    method: 'get', path: '/api/sla/overdue', tag: 'sla', summary: 'What is past its SLA now, most late first: document, partner, PO number, due time, how late, rule, and its alert', access: 'authenticated',
    query: OVERDUE_QUERY,
    handler: async ({ query }) => {
      const limit = query.limit ? Number(query.limit) : undefined;
      if (limit !== undefined && (limit < 1 || limit > 1000)) throw new HttpError(400, 'query is invalid', [{ path: 'query.limit', message: 'must be between 1 and 1000' }]);
      await deps.flush();
      return deps.reports.overdue({ ...(query.partner ? { partner: query.partner } : {}), ...(query.rule ? { rule: query.rule as SlaRule } : {}), ...(limit !== undefined ? { limit } : {}) });
    },
  });

  api.add<unknown, Partial<Record<'from' | 'to' | 'partner', string>>>({
    method: 'get', path: '/api/sla/summary', tag: 'sla', summary: 'The SLA board per supplier: overdue now, acknowledgement response times, ship-notice compliance and scorecard over a time range', access: 'authenticated',
    query: SUMMARY_QUERY,
    handler: async ({ query }) => {
      const to = queryTime(query.to, 'to') ?? deps.now();
      const from = queryTime(query.from, 'from') ?? to - DEFAULT_RANGE_DAYS * DAY;
      if (from > to) throw new HttpError(400, 'query is invalid', [{ path: 'query.from', message: 'must not be after to' }]);
      if (to - from > MAX_RANGE_DAYS * DAY) throw new HttpError(400, 'query is invalid', [{ path: 'query.from', message: `the range may span at most ${MAX_RANGE_DAYS} days` }]);
      await deps.flush();
      return deps.reports.summary({ from, to, ...(query.partner ? { partnerId: query.partner } : {}) });
    },
  });

  api.add({
    method: 'get', path: '/api/sla/jobs', tag: 'sla', summary: 'The background jobs (overdue sweep, alert delivery, retention): interval, runs, failures, last run and error', access: 'authenticated',
    handler: () => ({ jobs: deps.jobs() }),
  });
}
