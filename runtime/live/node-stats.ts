// Per-node counters (in, out, errors) and a one-minute message rate, fed from drained trace events.
import { TraceEventKind, type TraceEvent } from './trace-buffer.js';

export interface NodeCounters {
  in: number;
  out: number;
  errors: number;
  /** Messages received per second over the last minute. */
  ratePerSec: number;
}

const RATE_WINDOW_MS = 60_000;
const BUCKET_MS = 1_000;

export class NodeStats {
  private readonly counters = new Map<string, { in: number; out: number; errors: number; buckets: Map<number, number> }>();

  add(events: TraceEvent[]): void {
    for (const event of events) {
      let counter = this.counters.get(event.nodeId);
      if (!counter) this.counters.set(event.nodeId, (counter = { in: 0, out: 0, errors: 0, buckets: new Map() }));
      if (event.kind === TraceEventKind.Received) {
        counter.in++;
        const bucket = Math.floor(event.at / BUCKET_MS);
        counter.buckets.set(bucket, (counter.buckets.get(bucket) ?? 0) + 1);
      } else if (event.kind === TraceEventKind.Sent) counter.out++;
      else if (event.kind === TraceEventKind.Error) counter.errors++;
    }
  }

  snapshot(now = Date.now()): Record<string, NodeCounters> {
    const oldest = Math.floor((now - RATE_WINDOW_MS) / BUCKET_MS);
    const result: Record<string, NodeCounters> = {};
    for (const [nodeId, counter] of this.counters) {
      let recent = 0;
      for (const [bucket, count] of counter.buckets) {
        if (bucket < oldest) counter.buckets.delete(bucket);
        else recent += count;
      }
      result[nodeId] = { in: counter.in, out: counter.out, errors: counter.errors, ratePerSec: recent / (RATE_WINDOW_MS / 1000) };
    }
    return result;
  }
}
