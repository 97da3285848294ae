// Routes for per-message traces (from SQL): recent messages, the hops of one correlation ID with its ledger documents, and captured node data.
import type { FlowEngine } from '../engine/flow-engine.js';
import type { LedgerQueries } from '../ledger/ledger-queries.js';
import type { TraceSqlStore } from '../live/trace-sql-store.js';
import type { TraceDataStore } from '../live/trace-data-store.js';
import type { ApiRouter } from './api-router.js';
import { HttpError } from './http-error.js';

export interface TraceRouteDeps {
  traces: TraceSqlStore;
  engine: FlowEngine;
  ledger: LedgerQueries;
  data: TraceDataStore;
  /** The capture policy, for the answer when nothing was captured. */
  capturePolicy: string;
  /** Moves buffered hook events into the store and waits until they (and the ledger's pending writes) are stored. */
  flush(): Promise<void>;
}


export function registerTraceRoutes(api: ApiRouter, deps: TraceRouteDeps): void {
  const { traces, engine, ledger, flush, data } = deps;
  api.add<unknown, { limit?: string }>({
    method: 'get', path: '/api/traces', tag: 'traces', summary: 'Most recent traced messages (stored; they survive a restart)', access: 'authenticated',
    query: { type: 'object', properties: { limit: { type: 'string', pattern: '^[0-9]{1,4}$' } } },
    handler: async ({ query }) => {
      await flush();
      return { traces: await traces.recent(Math.min(Number(query.limit ?? 50), 1000)) };
    },
  });

  api.add({
    method: 'get', path: '/api/traces/:correlationId', tag: 'traces',
    summary: 'Hops of one message (node, time, outcome) and the ledger documents with that correlation ID; a refused request has documents and no hops', access: 'authenticated',
    handler: async ({ params }) => {
      await flush(); // include events still waiting in the ring buffer and the ledger's batch
      const correlationId = params.correlationId!;
      const [hops, found] = await Promise.all([traces.get(correlationId), ledger.search({ correlationId, limit: 100 })]);
      if (!hops.length && !found.documents.length) throw new HttpError(404, `no trace and no ledger document for correlation ID "${correlationId}"`);
      return {
        correlationId,
        hops: hops.map((hop) => {
          const node = engine.nodeInfo(hop.nodeId);
          return { ...hop, nodeType: node?.type ?? 'unknown', nodeName: node?.name ?? '', flowId: node?.flowId ?? '' };
        }),
        // Oldest first, like the hops.
        documents: found.documents.reverse().map((document) => ({
          id: document.id, status: document.status, documentType: document.documentType, partnerId: document.partnerId ?? '', errors: document.errors, receivedAt: document.receivedAt,
        })),
      };
    },
  });

  api.add({
    method: 'get', path: '/api/traces/:correlationId/data', tag: 'traces',
    summary: 'The message as it entered and left each node (masked, capped), as TRADELANE_CAPTURE_DATA keeps it (default: only for nodes that errored); needs permission ledger.payloads',
    access: 'authenticated', permission: 'ledger.payloads',
    handler: async (request) => {
      await Promise.all([flush(), data.flush()]);
      return { correlationId: request.params.correlationId, capture: deps.capturePolicy, nodes: await data.read(request.params.correlationId!) };
    },
  });
}
