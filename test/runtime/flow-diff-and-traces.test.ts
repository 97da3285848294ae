// Runtime pieces without a server: flow diff, trace ring buffer and windowed trace store, node counters.
import { describe, expect, it } from 'vitest';
import { diffFlows } from '../../runtime/store/flow-diff.js';
import { TraceEventKind, TraceRingBuffer } from '../../runtime/live/trace-buffer.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { TraceSqlStore } from '../../runtime/live/trace-sql-store.js';
import { openSqlDatabase } from '../../runtime/store/sql/sql-database.js';
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

  it('stores hops per correlation ID in SQL, in order, with a summary per message, and reads them after reopening', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tl-traces-'));
    const logger = pino({ level: 'silent' });
    let database = await openSqlDatabase({ dataDir });
    let store = new TraceSqlStore(database, { logger, flowOf: (nodeId) => (nodeId === 'a' ? 'flow-a' : undefined) });
    await store.open();
    const now = Date.now();
    const buffer = new TraceRingBuffer(16);
    buffer.push(TraceEventKind.Sent, now, 'entry', 'm1');
    buffer.push(TraceEventKind.Received, now + 1, 'a', 'm1');
    buffer.push(TraceEventKind.Error, now + 2, 'a', 'm1', 'boom');
    buffer.push(TraceEventKind.Sent, now + 3, 'a', 'm1');
    buffer.push(TraceEventKind.Received, now + 4, 'a', 'm2');
    store.add(buffer.drain());
    await store.flush();
    expect(await store.get('m1')).toEqual([
      { nodeId: 'entry', event: 'sent', at: now }, { nodeId: 'a', event: 'received', at: now + 1 }, { nodeId: 'a', event: 'error', at: now + 2, error: 'boom' },
    ]);
    expect(await store.recent(10)).toEqual([
      { correlationId: 'm2', firstAt: now + 4, lastAt: now + 4, hopCount: 1, outcome: 'ok' },
      { correlationId: 'm1', firstAt: now, lastAt: now + 2, hopCount: 3, outcome: 'error' },
    ]);
    await database.close();
    database = await openSqlDatabase({ dataDir });
    store = new TraceSqlStore(database, { logger, flowOf: () => undefined });
    await store.open();
    buffer.push(TraceEventKind.Completed, now + 5, 'a', 'm2');
    store.add(buffer.drain());
    await store.flush();
    expect((await store.get('m2')).map((hop) => hop.event)).toEqual(['received', 'completed']);
    expect((await store.recent(1))[0]).toMatchObject({ correlationId: 'm2', hopCount: 2, lastAt: now + 5 });
    await database.close();
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
