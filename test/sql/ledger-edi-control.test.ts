// Patches by EDI control number on both SQL engines: a 997/CONTRL finds the outbound documents it acknowledges, per partner, without leading zeros.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { SqlDatabase } from '../../runtime/store/sql/sql-database.js';
import { LedgerWriter, type LedgerEvent } from '../../runtime/ledger/ledger-writer.js';
import { LedgerQueries } from '../../runtime/ledger/ledger-queries.js';
import { bothSqlEngines } from '../support/sql-engines.js';

const engines = bothSqlEngines('edi');

describe.each(engines)('EDI control references on $name', ({ open }) => {
  let database: SqlDatabase;
  let writer: LedgerWriter;
  let queries: LedgerQueries;
  const events: LedgerEvent[] = [];
  let now = Date.parse('2026-12-01T10:00:00Z');

  beforeAll(async () => {
    database = await open();
    writer = new LedgerWriter(database, { now: () => now, logger: pino({ level: 'silent' }), payloadMaxBytes: 1024, maskFieldsFor: () => new Set(), flowVersionOf: () => undefined });
    writer.onEvent((event) => events.push(event));
    queries = new LedgerQueries(database);
  });
  afterAll(async () => { await writer?.close(); await database?.close(); });

  const outbound = (partnerId: string, edi: Record<string, string>, documentType = 'purchaseOrder') => writer.record({
    direction: 'out', channel: 'edi', documentType, status: 'sent', correlationId: `c-${partnerId}-${Object.values(edi).join('-')}`, partnerId,
    edi: { standard: 'x12', ackStatus: 'expected', ...edi },
  });

  it('acknowledges the sets a 997 lists, and the interchange record by the group, matching 0005 to 5, for that partner only', async () => {
    const interchange = outbound('acme', { interchangeControl: '000000005', groupControl: '5' }, 'x12-interchange');
    const first = outbound('acme', { interchangeControl: '000000005', groupControl: '5', setControl: '0001' });
    const second = outbound('acme', { interchangeControl: '000000005', groupControl: '5', setControl: '0002' });
    const otherGroup = outbound('acme', { interchangeControl: '000000006', groupControl: '15', setControl: '0001' });
    const otherPartner = outbound('globex', { interchangeControl: '000000005', groupControl: '5', setControl: '0001' });
    const inbound = writer.record({ direction: 'in', channel: 'edi', documentType: 'purchaseOrder', status: 'accepted', correlationId: 'c-in', partnerId: 'acme', edi: { standard: 'x12', groupControl: '5', setControl: '0001' } });
    now += 1000;
    writer.update({ ediControl: { partnerId: 'acme', groupControl: '0005', setControl: '1' } }, { status: 'acknowledged', edi: { ackStatus: 'accepted' } });
    writer.update({ ediControl: { partnerId: 'acme', groupControl: '5', setControl: '2' } }, { status: 'failed', edi: { ackStatus: 'rejected' }, errors: [{ message: 'rejected', code: '5' }] });
    writer.update({ ediControl: { partnerId: 'acme', groupControl: '5', setControl: null } }, { status: 'acknowledged', edi: { ackStatus: 'accepted-with-errors' } });
    await writer.flush();
    const read = async (id: string) => (await queries.get(id))!;
    expect(await read(first)).toMatchObject({ status: 'acknowledged', edi: { ackStatus: 'accepted', setControl: '0001', interchangeControl: '000000005' } });
    expect(await read(second)).toMatchObject({ status: 'failed', edi: { ackStatus: 'rejected' }, errors: [{ code: '5' }] });
    expect(await read(interchange)).toMatchObject({ status: 'acknowledged', edi: { ackStatus: 'accepted-with-errors' } });
    for (const untouched of [otherGroup, otherPartner]) expect(await read(untouched)).toMatchObject({ status: 'sent', edi: { ackStatus: 'expected' } });
    expect(await read(inbound)).toMatchObject({ status: 'accepted' });
    const acknowledged = events.filter((event) => event.kind === 'status' && event.status === 'acknowledged').map((event) => event.id).sort();
    expect(acknowledged).toEqual([first, interchange].sort());
    expect(events.find((event) => event.kind === 'status' && event.id === second)).toMatchObject({ status: 'failed', partnerId: 'acme', documentType: 'purchaseOrder', channel: 'edi', direction: 'out' });
  });

  it('matches EDIFACT interchange references literally apart from leading zeros, and never a LIKE wildcard', async () => {
    const exact = outbound('acme', { interchangeControl: 'ORD_1%', setControl: '1' });
    const lookalike = outbound('acme', { interchangeControl: 'ORDX1ABC', setControl: '1' });
    writer.update({ ediControl: { partnerId: 'acme', interchangeControl: 'ORD_1%' } }, { status: 'acknowledged', edi: { ackStatus: 'accepted' } });
    await writer.flush();
    expect((await queries.get(exact))!.status).toBe('acknowledged');
    expect((await queries.get(lookalike))!.status).toBe('sent');
  });

  it('leaves documents older than the look-back window alone', async () => {
    const old = outbound('acme', { groupControl: '77', setControl: '1' });
    await writer.flush();
    now += 61 * 24 * 60 * 60 * 1000;
    writer.update({ ediControl: { partnerId: 'acme', groupControl: '77' } }, { status: 'acknowledged' });
    await writer.flush();
    expect((await queries.get(old))!.status).toBe('sent');
  });
});
