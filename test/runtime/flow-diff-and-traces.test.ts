// Runtime pieces without a server: flow diff, trace ring buffer and windowed trace store, node counters.
import { describe, expect, it } from 'vitest';
import { diffFlows } from '../../runtime/store/flow-diff.js';
import { TraceEventKind, TraceRingBuffer } from '../../runtime/live/trace-buffer.js';
import { TraceStore } from '../../runtime/live/trace-store.js';
import { NodeStats } from '../../runtime/live/node-stats.js';

describe('diffFlows', () => {
  it('reports added, removed and changed nodes and wires', () => {
    const before = [
      { id: 'a', type: 'inject', x: 1, y: 1, wires: [['b']] },
      { id: 'b', type: 'change', x: 2, y: 1, rules: [{ t: 'set', to: 'v1' }], wires: [['c']] },
      { id: 'c', type: 'debug', x: 3, y: 1, wires: [] },
    ];
    const after = [
      { id: 'a', type: 'inject', x: 1, y: 1, wires: [['b']] },
      { id: 'b', type: 'change', x: 2, y: 1, rules: [{ t: 'set', to: 'v2' }], wires: [['d']] },
      { id: 'd', type: 'debug', x: 3, y: 2, wires: [] },
    ];
    const diff = diffFlows(before, after);
    expect(diff.nodes.added.map((n) => n.id)).toEqual(['d']);
    expect(diff.nodes.removed.map((n) => n.id)).toEqual(['c']);
    expect(diff.nodes.changed).toEqual([{ id: 'b', type: 'change', properties: [{ path: 'rules[0].to', before: 'v1', after: 'v2' }] }]);
    expect(diff.wires).toEqual({ added: [{ source: 'b', port: 0, target: 'd' }], removed: [{ source: 'b', port: 0, target: 'c' }] });
  });
});

describe('trace buffer and store', () => {
  it('drains events in order and counts overwritten ones', () => {
    const buffer = new TraceRingBuffer(4);
    for (let i = 0; i < 6; i++) buffer.push(TraceEventKind.Received, i, `n${i}`, 'c');
    const events = buffer.drain();
    expect(events.map((e) => e.nodeId)).toEqual(['n2', 'n3', 'n4', 'n5']);
    expect(buffer.overwritten).toBe(2);
    expect(buffer.drain()).toEqual([]);
  });

  it('keeps hops per correlation ID and evicts beyond the message limit', () => {
    const store = new TraceStore(60_000, 2);
    const now = Date.now();
    const buffer = new TraceRingBuffer(16);
    buffer.push(TraceEventKind.Received, now, 'a', 'm1');
    buffer.push(TraceEventKind.Error, now + 1, 'a', 'm1', 'boom');
    buffer.push(TraceEventKind.Received, now + 2, 'a', 'm2');
    buffer.push(TraceEventKind.Received, now + 3, 'a', 'm3');
    store.add(buffer.drain());
    expect(store.get('m1')).toBeUndefined();
    expect(store.get('m3')).toEqual([{ nodeId: 'a', event: 'received', at: now + 3 }]);
    expect(store.recent(10).map((t) => t.correlationId)).toEqual(['m3', 'm2']);
  });

  it('drops traces older than the window', () => {
    const store = new TraceStore(1_000, 100);
    const buffer = new TraceRingBuffer(4);
    buffer.push(TraceEventKind.Received, Date.now() - 5_000, 'a', 'old');
    buffer.push(TraceEventKind.Received, Date.now(), 'a', 'new');
    store.add(buffer.drain());
    expect(store.get('old')).toBeUndefined();
    expect(store.get('new')).toHaveLength(1);
  });

  it('counts in, out and errors per node with a rate', () => {
    const stats = new NodeStats();
    const buffer = new TraceRingBuffer(8);
    const now = Date.now();
    buffer.push(TraceEventKind.Received, now, 'n', 'c');
    buffer.push(TraceEventKind.Sent, now, 'n', 'c');
    buffer.push(TraceEventKind.Error, now, 'n', 'c', 'x');
    stats.add(buffer.drain());
    expect(stats.snapshot(now)).toEqual({ n: { in: 1, out: 1, errors: 1, ratePerSec: 1 / 60 } });
  });
});
