// Prometheus metrics (prom-client): process defaults plus node message events; business series live in operations/business-metrics.ts.
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { TraceEventKind, type TraceEvent } from './live/trace-buffer.js';

export class Metrics {
  readonly registry = new Registry();
  private readonly messages = new Counter({ name: 'tradelane_node_events_total', help: 'Node message events by kind (received, sent, completed, error) and node type', labelNames: ['event', 'node_type'] as const, registers: [this.registry] });
  readonly traceOverwrites = new Counter({ name: 'tradelane_trace_events_dropped_total', help: 'Trace events overwritten before they were drained', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Aggregates a drained batch so the hot path never touches prom-client. */
  recordBatch(events: TraceEvent[], typeOf: (nodeId: string) => string | undefined): void {
    const counts = new Map<string, number>();
    for (const event of events) {
      const key = `${TraceEventKind[event.kind]}|${typeOf(event.nodeId) ?? 'unknown'}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, count] of counts) {
      const [event, nodeType] = key.split('|') as [string, string];
      this.messages.inc({ event: event.toLowerCase(), node_type: nodeType }, count);
    }
  }
}
