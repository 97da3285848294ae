// Retention on both SQL engines with a manual clock: payloads go after their days, documents with keys and trace hops after theirs, in small batches; open alerts stay.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServerProcess } from '../support/postgres-server.js';
import { LedgerRetention } from '../../runtime/ledger/retention.js';
import { closeOpenRigs, engines, logger, manualClock, slaRig } from './sla-support.js';

let postgres: PostgresServerProcess;
beforeAll(async () => { postgres = await startPostgres(); });
afterEach(closeOpenRigs);
afterAll(async () => { await postgres?.kill(); });

const DAY = 86_400_000;

describe.each(engines(() => postgres))('ledger retention on $name', ({ home }) => {
  it('removes payloads after ledgerPayloadDays and documents, keys, trace hops and resolved alerts after ledgerDays, batch by batch', async () => {
    const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'));
    const rig = await slaRig(await home(), clock, () => []);
    const db = rig.database.db;
    const hop = (correlationId: string, seq: number) => ({ correlation_id: correlationId, seq, node_id: 'n1', flow_id: 'f1', event: 'received', at: clock.at, error: null, text: null, data: null });
    const old = Array.from({ length: 5 }, (_, index) => rig.record({ documentType: 'acknowledgement', partnerId: 'acme', correlationId: `old-${index}`, keys: { poNumber: `PO-OLD-${index}` }, raw: { index }, canonical: { index } }));
    await db.insertInto('trace_hops').values([hop('old-0', 1), hop('old-0', 2), hop('old-1', 1)]).execute();
    const stillOpen = await rig.alerts.raise({ dedupeKey: 'retention:open', kind: 'sla.ack-overdue', severity: 'warning', subject: 'still open' }, [{ channel: 'webhook', target: 'http://127.0.0.1/x' }]);
    const done = await rig.alerts.raise({ dedupeKey: 'retention:done', kind: 'sla.ack-overdue', severity: 'warning', subject: 'resolved' }, [{ channel: 'webhook', target: 'http://127.0.0.1/x' }]);
    await rig.alerts.resolve(done.id, 'otto', 'handled');
    clock.advance(10 * DAY);
    const recent = [0, 1].map((index) => rig.record({ documentType: 'asn', partnerId: 'acme', correlationId: `new-${index}`, keys: { shipmentId: `SH-NEW-${index}` }, raw: { index } }));
    await db.insertInto('trace_hops').values([hop('new-0', 1)]).execute();
    await rig.writer.flush();

    const retention = new LedgerRetention({ database: rig.database, now: clock.now, logger, payloadDays: 7, ledgerDays: 30, batchSize: 2 });
    const count = async (table: 'documents' | 'document_keys' | 'document_payloads' | 'trace_hops' | 'alerts' | 'alert_events' | 'alert_deliveries') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    expect(await retention.run()).toEqual({ payloads: 10, documents: 0, traceHops: 0, alerts: 0 });
    expect(await count('document_payloads')).toBe(2);
    expect(await rig.queries.payloads(recent[0]!)).toHaveLength(1);
    expect(await rig.queries.payloads(old[0]!)).toEqual([]);
    expect(await count('documents')).toBe(7);

    clock.advance(25 * DAY);
    expect(await retention.run()).toEqual({ payloads: 2, documents: 5, traceHops: 3, alerts: 1 });
    expect((await rig.queries.search({})).documents.map((document) => document.correlationId).sort()).toEqual(['new-0', 'new-1']);
    expect((await rig.queries.search({ key: 'PO-OLD' })).documents).toEqual([]);
    expect((await rig.queries.search({ key: 'SH-NEW' })).documents).toHaveLength(2);
    expect(await count('document_keys')).toBeGreaterThan(0);
    expect((await db.selectFrom('trace_hops').select('correlation_id').execute()).map((row) => row.correlation_id)).toEqual(['new-0']);
    expect((await rig.alerts.list({})).alerts.map((alert) => alert.id)).toEqual([stillOpen.id]);
    expect(await count('alert_events')).toBe(1);
    expect(await count('alert_deliveries')).toBe(1);

    expect(await retention.run()).toEqual({ payloads: 0, documents: 0, traceHops: 0, alerts: 0 });
    const keepAll = new LedgerRetention({ database: rig.database, now: () => clock.at + 1000 * DAY, logger, payloadDays: 0, ledgerDays: 0 });
    expect(await keepAll.run()).toEqual({ payloads: 0, documents: 0, traceHops: 0, alerts: 0 });
    expect(await count('documents')).toBe(2);
  });
});
