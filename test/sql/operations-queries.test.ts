// The operations overview's SQL on both engines: throughput buckets per partner, trace errors per flow, open alerts and exceptions, change detection.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../runtime/store/sql/sql-database.js';
import { LedgerWriter } from '../../runtime/ledger/ledger-writer.js';
import { AlertStore } from '../../runtime/ledger/alert-store.js';
import { ExceptionStore } from '../../runtime/ledger/exception-store.js';
import { maskSet } from '../../runtime/ledger/payload-capture.js';
import { OperationsQueries } from '../../runtime/operations/operations-queries.js';
import { TraceSqlStore } from '../../runtime/live/trace-sql-store.js';
import { TraceEventKind } from '../../runtime/live/trace-buffer.js';
import { bothSqlEngines } from '../support/sql-engines.js';

const engines = bothSqlEngines('ops');

const MINUTE = 60_000;
const start = Date.parse('2026-12-01T10:00:00Z');

describe.each(engines)('operations queries on $name', ({ open }) => {
  let database: SqlDatabase;
  let now = start;
  let writer: LedgerWriter;
  let queries: OperationsQueries;

  beforeAll(async () => {
    database = await open();
    writer = new LedgerWriter(database, { now: () => now, logger: pino({ level: 'silent' }), payloadMaxBytes: 1024, maskFieldsFor: () => maskSet([]), flowVersionOf: () => 1 });
    queries = new OperationsQueries(database);
  });
  afterAll(async () => { await writer?.close(); await database?.close(); });

  const record = (at: number, partnerId: string, status: 'accepted' | 'refused' | 'posted' | 'failed' | 'dead-lettered', parentId?: string) => {
    now = at;
    return writer.record({ direction: 'in', channel: 'intake', documentType: 'acknowledgement', status, correlationId: `c-${at}-${partnerId}`, partnerId, ...(parentId ? { parentId } : {}) });
  };

  it('counts top-level documents per bucket and partner by their status now, and leaves ERP posts filed under them out', async () => {
    const posted = record(start + 1 * MINUTE, 'acme', 'accepted');
    record(start + 2 * MINUTE, 'acme', 'refused');
    record(start + 3 * MINUTE, 'globex', 'failed');
    record(start + 3 * MINUTE + 1, 'acme', 'posted', posted);
    record(start + 16 * MINUTE, 'acme', 'dead-lettered');
    record(start + 31 * MINUTE, 'acme', 'accepted');
    writer.update({ documentId: posted }, { status: 'posted' });
    await writer.flush();

    const buckets = await queries.throughput(start, start + 30 * MINUTE, 15 * MINUTE);
    expect(buckets).toEqual([
      { at: '2026-12-01T10:00:00.000Z', partnerId: 'acme', received: 2, refused: 1, failed: 0, posted: 1, deadLettered: 0 },
      { at: '2026-12-01T10:00:00.000Z', partnerId: 'globex', received: 1, refused: 0, failed: 1, posted: 0, deadLettered: 0 },
      { at: '2026-12-01T10:15:00.000Z', partnerId: 'acme', received: 1, refused: 0, failed: 0, posted: 0, deadLettered: 1 },
    ]);
  });

  it('counts errors per flow in the last hour and the errored share of the last five minutes, from stored trace hops', async () => {
    const flows: Record<string, string> = { 'in-1': 'acks', 'map-1': 'acks', 'in-2': 'asns' };
    const traces = new TraceSqlStore(database, { logger: pino({ level: 'silent' }), flowOf: (nodeId) => flows[nodeId] });
    await traces.open();
    const at = start + 2 * 60 * MINUTE;
    const hop = (kind: TraceEventKind, nodeId: string, correlationId: string, offset: number, text?: string) => ({ kind, nodeId, correlationId, at: at - offset, text });
    traces.add([
      hop(TraceEventKind.Sent, 'in-1', 'old', 50 * MINUTE), hop(TraceEventKind.Error, 'map-1', 'old', 50 * MINUTE, 'bad date'),
      hop(TraceEventKind.Sent, 'in-1', 'new-1', MINUTE), hop(TraceEventKind.Error, 'map-1', 'new-1', MINUTE, 'bad qty'),
      hop(TraceEventKind.Sent, 'in-1', 'new-2', MINUTE), hop(TraceEventKind.Completed, 'map-1', 'new-2', MINUTE),
      hop(TraceEventKind.Sent, 'in-2', 'asn-1', 2 * MINUTE), hop(TraceEventKind.Error, 'in-2', 'too-old', 61 * MINUTE, 'x'),
    ]);
    await traces.flush();

    const errors = await queries.flowErrors(at);
    expect(Object.fromEntries(errors)).toEqual({
      acks: { errorsLastHour: 2, recentMessages: 2, recentErrored: 1 },
      asns: { errorsLastHour: 0, recentMessages: 1, recentErrored: 0 },
    });
    expect(await traces.get('new-1')).toEqual([{ nodeId: 'in-1', event: 'sent', at: at - MINUTE }, { nodeId: 'map-1', event: 'error', at: at - MINUTE, error: 'bad qty' }]);
  });

  it('counts open alerts and open or assigned exceptions, and the change marker moves with every change', async () => {
    const alerts = new AlertStore(database, () => now);
    const exceptions = new ExceptionStore(database, () => now);
    const before = await queries.lastChange();
    expect([await queries.openAlerts(), await queries.openExceptions()]).toEqual([0, 0]);

    const first = await alerts.raise({ dedupeKey: 'k-1', kind: 'sla.ack-overdue', severity: 'warning', subject: 'PO-1 overdue' }, []);
    await alerts.raise({ dedupeKey: 'k-2', kind: 'sla.ack-overdue', severity: 'warning', subject: 'PO-2 overdue' }, []);
    const opened = await exceptions.open({ kind: 'tolerance', correlationId: 'c-x', summary: 'price off', details: [] });
    await exceptions.open({ kind: 'tolerance', correlationId: 'c-y', summary: 'qty off', details: [] });
    now += 1000;
    await exceptions.assign(opened.id, 'olivia');
    const afterOpen = await queries.lastChange();
    expect(afterOpen).not.toBe(before);
    expect([await queries.openAlerts(), await queries.openExceptions()]).toEqual([2, 2]);

    now += 1000;
    await alerts.acknowledge(first.id, 'olivia');
    expect(await queries.openAlerts()).toBe(1);
    expect(await queries.lastChange()).not.toBe(afterOpen);
  });
});
