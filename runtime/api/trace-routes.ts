// Routes for per-message traces: recent messages and the hops of one correlation ID.
import type { FlowEngine } from '../engine/flow-engine.js';
import type { TraceStore } from '../live/trace-store.js';
import type { ApiRouter } from './api-router.js';
import { HttpError } from './http-error.js';

export function registerTraceRoutes(api: ApiRouter, traces: TraceStore, engine: FlowEngine, flushTraces: () => void): void {
  api.add<unknown, { limit?: string }>({
    method: 'get', path: '/api/traces', tag: 'traces', summary: 'Most recent traced messages', access: 'authenticated',
    query: { type: 'object', properties: { limit: { type: 'string', pattern: '^[0-9]{1,4}$' } } },
    handler: ({ query }) => {
      flushTraces();
      return { traces: traces.recent(Number(query.limit ?? 50)) };
    },
  });

  api.add({
    method: 'get', path: '/api/traces/:correlationId', tag: 'traces', summary: 'Hops of one message: node, time, outcome', access: 'authenticated',
    handler: ({ params }) => {
      flushTraces(); // include events still waiting in the ring buffer
      const hops = traces.get(params.correlationId!);
      if (!hops) throw new HttpError(404, `no trace for correlation ID "${params.correlationId}" (traces are kept for a limited window)`);
      return {
        correlationId: params.correlationId,
        hops: hops.map((hop) => {
          const node = engine.nodeInfo(hop.nodeId);
          return { ...hop, nodeType: node?.type ?? 'unknown', nodeName: node?.name ?? '', flowId: node?.flowId ?? '' };
        }),
      };
    },
  });
}
