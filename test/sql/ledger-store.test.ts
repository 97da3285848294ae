// The ledger on both SQL engines: records, patches in call order, status precedence, key search by word prefix, cursors, masking and caps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { SqlDatabase } from '../../runtime/store/sql/sql-database.js';
import { LedgerWriter } from '../../runtime/ledger/ledger-writer.js';
import { LedgerQueries } from '../../runtime/ledger/ledger-queries.js';
import { maskSet } from '../../runtime/ledger/payload-capture.js';
import { bothSqlEngines } from '../support/sql-engines.js';

const engines = bothSqlEngines('ledger');

describe.each(engines)('ledger on $name', ({ open }) => {
  let database: SqlDatabase;
  let writer: LedgerWriter;
  let queries: LedgerQueries;
  let now = Date.parse('2026-12-01T10:00:00Z');

  beforeAll(async () => {
    database = await open();
    writer = new LedgerWriter(database, {
      now: () => now, logger: pino({ level: 'silent' }), payloadMaxBytes: 64,
      maskFieldsFor: () => maskSet(['iban']), flowVersionOf: (flowId) => (flowId === 'acks' ? 3 : undefined),
    });
    queries = new LedgerQueries(database);
  });
  afterAll(async () => { await writer?.close(); await database?.close(); });

  it('records a document and applies later patches in call order, even before the first write', async () => {
    const id = writer.record({ direction: 'in', channel: 'intake', documentType: 'http-request', status: 'received', correlationId: 'c-1', partnerId: 'acme', flowId: 'acks', raw: '{"poNumber":"PO-1001","iban":"DE00"}' });
    now += 5;
    writer.update({ documentId: id }, { status: 'accepted', documentType: 'acknowledgement', keys: { poNumber: 'PO-1001', ackNumber: 'ACK-7' }, canonical: { poNumber: 'PO-1001' } });
    writer.update({ correlationId: 'c-1' }, { status: 'posted', facts: { erpDocument: 'E-1' } });
    await writer.flush();
    const stored = await queries.get(id);
    expect(stored).toMatchObject({ id, status: 'posted', documentType: 'acknowledgement', flowVersion: 3, keys: { poNumber: 'PO-1001', ackNumber: 'ACK-7' }, facts: { erpDocument: 'E-1' } });
    const payloads = await queries.payloads(id);
    expect(payloads.map((payload) => payload.kind)).toEqual(['canonical', 'raw']);
    expect(payloads.find((payload) => payload.kind === 'raw')!.body).toBe('{"poNumber":"PO-1001","iban":"***"}');
  });

  it('merges facts and EDI fields of a stored document by id as a spread would: new keys added, existing ones replaced', async () => {
    const id = writer.record({ direction: 'in', channel: 'intake', documentType: 'asn', status: 'received', correlationId: 'c-merge', facts: { a: 1, replaced: 'old', keep: 'k' }, edi: { interchangeControl: '000000001' } as never });
    await writer.flush();
    writer.update({ documentId: id }, { status: 'posted', facts: { replaced: true, 'erp-ref': 'E "quoted"' }, edi: { groupControl: '7' } as never });
    writer.update({ documentId: id }, { facts: { 'odd key$': 'read path', a: 2 } });
    await writer.flush();
    const stored = await queries.get(id);
    expect(stored!.status).toBe('posted');
    expect(stored!.facts).toEqual({ a: 2, replaced: true, keep: 'k', 'erp-ref': 'E "quoted"', 'odd key$': 'read path' });
    expect(stored!.edi).toEqual({ interchangeControl: '000000001', groupControl: '7' });
  });

  it('never lets a stale status replace a later one: posted stays posted, refused stays refused', async () => {
    const posted = writer.record({ direction: 'in', channel: 'intake', documentType: 'asn', status: 'posted', correlationId: 'c-2' });
    writer.update({ documentId: posted }, { status: 'accepted' });
    const refused = writer.record({ direction: 'in', channel: 'intake', documentType: 'asn', status: 'refused', correlationId: 'c-3', httpStatus: 401 });
    writer.update({ documentId: refused }, { status: 'posted' });
    const lateAck = writer.record({ direction: 'out', channel: 'edi', documentType: 'purchaseOrder', status: 'overdue', correlationId: 'c-4' });
    writer.update({ documentId: lateAck }, { status: 'acknowledged' });
    await writer.flush();
    expect((await queries.get(posted))!.status).toBe('posted');
    expect((await queries.get(refused))!.status).toBe('refused');
    expect((await queries.get(lateAck))!.status).toBe('acknowledged');
  });

  it('finds documents by any word prefix of any business key, case-insensitively, with filters', async () => {
    writer.record({ direction: 'in', channel: 'intake', documentType: 'invoice', status: 'accepted', correlationId: 'c-5', partnerId: 'acme', keys: { poNumber: 'PO-1001', invoiceNumber: 'INV-55' } });
    writer.record({ direction: 'in', channel: 'intake', documentType: 'invoice', status: 'accepted', correlationId: 'c-6', partnerId: 'globex', keys: { poNumber: 'PO-2002' } });
    await writer.flush();
    const byWord = await queries.search({ key: '1001' });
    expect(byWord.documents.map((document) => document.correlationId).sort()).toEqual(['c-1', 'c-5']);
    expect((await queries.search({ key: 'po-10' })).documents).toHaveLength(2);
    expect((await queries.search({ key: 'inv-5' })).documents.map((document) => document.correlationId)).toEqual(['c-5']);
    expect((await queries.search({ key: '1001', type: 'invoice' })).documents.map((document) => document.correlationId)).toEqual(['c-5']);
    expect((await queries.search({ partner: 'globex' })).documents.map((document) => document.correlationId)).toEqual(['c-6']);
    expect((await queries.search({ key: '002' })).documents).toHaveLength(0);
    expect((await queries.search({ key: '2002', partner: 'globex' })).documents.map((document) => document.correlationId)).toEqual(['c-6']);
    expect((await queries.search({ key: '1001', partner: 'globex' })).documents).toHaveLength(0);
  });

  it('lists a document once when several of its keys match the search', async () => {
    writer.record({ direction: 'in', channel: 'intake', documentType: 'acknowledgement', status: 'accepted', correlationId: 'c-7', partnerId: 'acme', keys: { poNumber: 'PO-7001', ackNumber: 'PO-7001-A' } });
    await writer.flush();
    expect((await queries.search({ key: 'PO-7001' })).documents.map((document) => document.correlationId)).toEqual(['c-7']);
    expect((await queries.search({ key: 'PO-7001', partner: 'acme', type: 'acknowledgement' })).documents.map((document) => document.correlationId)).toEqual(['c-7']);
  });

  it('pages newest first with a cursor that neither skips nor repeats', async () => {
    for (let i = 0; i < 7; i++) writer.record({ direction: 'in', channel: 'intake', documentType: 'page-test', status: 'received', correlationId: `p-${i}` });
    await writer.flush();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await queries.search({ type: 'page-test', limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.documents.map((document) => document.correlationId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['p-6', 'p-5', 'p-4', 'p-3', 'p-2', 'p-1', 'p-0']);
  });

  it('applies patches in call order when a patch by correlation id sits between a record and its own patches', async () => {
    const id = writer.record({ direction: 'in', channel: 'intake', documentType: 'http-request', status: 'received', correlationId: 'c-order', facts: { step: 'recorded' } });
    writer.update({ correlationId: 'c-order' }, { facts: { step: 'by-correlation' }, errors: [{ message: 'first' }] });
    writer.update({ documentId: id }, { facts: { step: 'by-id' }, status: 'accepted' });
    const many = Array.from({ length: 450 }, (_, index) => writer.record({ direction: 'in', channel: 'intake', documentType: 'bulk', status: 'received', correlationId: `bulk-${index}`, keys: { poNumber: `PO-B${index}` } }));
    for (const bulk of many) writer.update({ documentId: bulk }, { status: 'posted', keys: { invoiceNumber: `INV-${bulk}` } });
    await writer.flush();
    expect(await queries.get(id)).toMatchObject({ status: 'accepted', facts: { step: 'by-id' }, errors: [{ message: 'first' }] });
    const posted = await queries.search({ type: 'bulk', status: 'posted', limit: 500 });
    expect(posted.documents).toHaveLength(450);
    expect((await queries.search({ key: `INV-${many[449]}` })).documents.map((document) => document.correlationId)).toEqual(['bulk-449']);
  });

  it('cuts payloads at the cap and says so, keeping the full size', async () => {
    const id = writer.record({ direction: 'in', channel: 'intake', documentType: 'big', status: 'received', correlationId: 'c-big', raw: 'x'.repeat(500) });
    await writer.flush();
    const [raw] = await queries.payloads(id);
    expect(raw).toMatchObject({ truncated: true, sizeBytes: 500 });
    expect(raw!.body).toHaveLength(64);
  });
});
