// Keeps the hops of recent messages by correlation ID for a bounded window (time and count), oldest evicted first.
import { TraceEventKind, type TraceEvent } from './trace-buffer.js';

/** 'sent' appears once, for the entry node (http in, intake) whose first send starts the trace. */
export type HopEvent = 'sent' | 'received' | 'completed' | 'error' | 'note';

export interface TraceHop {
  nodeId: string;
  event: HopEvent;
  at: number;
  error?: string;
  text?: string;
}

export interface TraceSummary {
  correlationId: string;
  firstAt: number;
  lastAt: number;
  hopCount: number;
  outcome: 'ok' | 'error';
}

interface Trace {
  hops: TraceHop[];
  firstAt: number;
  lastAt: number;
  failed: boolean;
}

const MAX_HOPS_PER_MESSAGE = 500;

function hopEvent(kind: TraceEventKind): HopEvent | undefined {
  switch (kind) {
    case TraceEventKind.Received: return 'received';
    case TraceEventKind.Completed: return 'completed';
    case TraceEventKind.Error: return 'error';
    case TraceEventKind.Note: return 'note';
    default: return undefined;
  }
}

export class TraceStore {
  // Map preserves insertion order, which is first-seen order: eviction walks from the front.
  private readonly traces = new Map<string, Trace>();

  constructor(private readonly windowMs: number, private readonly maxMessages: number) {}

  add(events: TraceEvent[]): void {
    for (const event of events) {
      if (!event.correlationId) continue;
      let trace = this.traces.get(event.correlationId);
      // Entry nodes never receive the message; their first send is the first hop of the trace.
      const kind = event.kind === TraceEventKind.Sent && !trace ? 'sent' : hopEvent(event.kind);
      if (!kind) continue;
      if (!trace) {
        trace = { hops: [], firstAt: event.at, lastAt: event.at, failed: false };
        this.traces.set(event.correlationId, trace);
      }
      if (trace.hops.length >= MAX_HOPS_PER_MESSAGE) continue;
      const hop: TraceHop = { nodeId: event.nodeId, event: kind, at: event.at };
      if (kind === 'error') {
        hop.error = event.text;
        trace.failed = true;
      } else if (kind === 'note' && event.text) hop.text = event.text;
      trace.hops.push(hop);
      trace.lastAt = Math.max(trace.lastAt, event.at);
    }
    this.evict(Date.now());
  }

  private evict(now: number): void {
    for (const [id, trace] of this.traces) {
      if (this.traces.size <= this.maxMessages && trace.firstAt >= now - this.windowMs) break;
      this.traces.delete(id);
    }
  }

  get(correlationId: string): TraceHop[] | undefined {
    return this.traces.get(correlationId)?.hops;
  }

  recent(limit: number): TraceSummary[] {
    const summaries: TraceSummary[] = [];
    const all = [...this.traces.entries()];
    for (let i = all.length - 1; i >= 0 && summaries.length < limit; i--) {
      const [correlationId, trace] = all[i]!;
      summaries.push({ correlationId, firstAt: trace.firstAt, lastAt: trace.lastAt, hopCount: trace.hops.length, outcome: trace.failed ? 'error' : 'ok' });
    }
    return summaries;
  }
}
