// The operations overview route: throughput per partner, backlog, dead letters, circuits, SLA, exceptions and flow health in one answer.
import type { OperationsService } from '../operations/operations-service.js';
import type { ApiRouter } from './api-router.js';
import { HttpError } from './http-error.js';
import { queryTime } from './query-time.js';

const DAY = 86_400_000;
const MAX_RANGE_MS = 400 * DAY;

export function registerOperationsRoutes(api: ApiRouter, deps: { operations: OperationsService; now: () => number }): void {
  api.add<unknown, { from?: string; to?: string }>({
    method: 'get', path: '/api/operations/overview', tag: 'operations',
    summary: 'Operations overview: ledger throughput per time bucket (at most 48) and partner, backlog, dead letters, circuits, SLA, exceptions and flow health; default the last 24 h',
    access: 'authenticated',
    query: {
      type: 'object',
      properties: { from: { type: 'string', description: 'ISO date-time (default: 24 h before to).' }, to: { type: 'string', description: 'ISO date-time (default: now).' } },
      additionalProperties: false,
    },
    handler: async ({ query }) => {
      const to = queryTime(query.to, 'to') ?? deps.now();
      const from = queryTime(query.from, 'from') ?? to - DAY;
      if (from >= to) throw new HttpError(400, 'query is invalid', [{ path: 'query.from', message: 'must be before to' }]);
      if (to - from > MAX_RANGE_MS) throw new HttpError(400, 'query is invalid', [{ path: 'query.from', message: 'the range may span at most 400 days' }]);
      return deps.operations.overview(from, to);
    },
  });
}
