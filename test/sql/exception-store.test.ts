// The exceptions work queue on both SQL engines: de-duplicated open, filters and key search, cursors, assign/comment/resolve rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExceptionInput } from '../../nodes/sdk/index.js';
import type { SqlDatabase } from '../../runtime/store/sql/sql-database.js';
import { ExceptionStateError, ExceptionStore, MAX_DETAILS } from '../../runtime/ledger/exception-store.js';
import { bothSqlEngines } from '../support/sql-engines.js';

const engines = bothSqlEngines('exceptions');

function mismatch(overrides: Partial<ExceptionInput> = {}): ExceptionInput {
  return {
    kind: 'three-way-match', correlationId: 'c-1', partnerId: 'acme', flowId: 'invoices', nodeId: 'match-1',
    keys: { poNumber: 'PO-1001', invoiceNumber: 'INV-55' }, summary: 'invoice INV-55 does not match PO-1001',
    details: [{ path: 'payload.lines[0].unitPrice', message: 'unit price 0.2 is 11.11% above ordered 0.18 (tolerance 2%)', line: 1, field: 'unitPrice', expected: 0.18, actual: 0.2, allowed: 2 }],
    ...overrides,
  };
}

describe.each(engines)('exceptions on $name', ({ open }) => {
  let database: SqlDatabase;
  let store: ExceptionStore;
  let now = Date.parse('2026-12-01T10:00:00Z');

  beforeAll(async () => {
    database = await open();
    store = new ExceptionStore(database, () => now);
  });
  afterAll(async () => { await database?.close(); });

  it('opens an exception with its located details and keys, and returns the same one for the same document while it is unresolved', async () => {
    const first = await store.open(mismatch({ documentId: 'd-1' }));
    now += 1000;
    const again = await store.open(mismatch({ documentId: 'd-1', summary: 'retried' }));
    expect(again.id).toBe(first.id);
    const other = await Promise.all([store.open(mismatch({ nodeId: 'match-2' })), store.open(mismatch({ kind: 'tolerance' })), store.open(mismatch({ correlationId: 'c-2' }))]);
    expect(new Set([first.id, ...other.map((entry) => entry.id)]).size).toBe(4);
    // One EDI interchange (one correlation id) carries several documents: each is its own exception.
    const secondSet = await store.open(mismatch({ documentId: 'd-2' }));
    const otherPo = await store.open(mismatch({ keys: { poNumber: 'PO-1002', invoiceNumber: 'INV-56' } }));
    expect(new Set([first.id, secondSet.id, otherPo.id]).size).toBe(3);
    expect((await store.open(mismatch({ keys: { poNumber: 'PO-1002', invoiceNumber: 'INV-56' } }))).id).toBe(otherPo.id);

    const detail = (await store.get(first.id))!;
    expect(detail).toEqual({
      exception: {
        id: first.id, kind: 'three-way-match', status: 'open', correlationId: 'c-1', partnerId: 'acme', flowId: 'invoices', nodeId: 'match-1', documentId: 'd-1',
        keys: { poNumber: 'PO-1001', invoiceNumber: 'INV-55' }, summary: 'invoice INV-55 does not match PO-1001', details: mismatch().details,
        openedAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:00:00.000Z',
      },
      comments: [],
    });
  });

  it('de-duplicates concurrent opens of the same mismatch into one row', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, () => store.open(mismatch({ correlationId: 'c-race' }))));
    expect(new Set(ids.map((entry) => entry.id)).size).toBe(1);
    expect((await store.list({ correlationId: 'c-race' })).exceptions).toHaveLength(1);
  });

  it('assigns, comments and resolves; a resolved exception refuses a second resolve and a new assignment', async () => {
    const { id } = await store.open(mismatch({ correlationId: 'c-work' }));
    now += 1000;
    expect((await store.assign(id, 'olga')).exception).toMatchObject({ status: 'assigned', assignee: 'olga', updatedAt: new Date(now).toISOString() });
    now += 1000;
    const commented = await store.comment(id, 'olga', 'asked the supplier for a credit note');
    expect(commented.comments).toEqual([{ id: expect.any(String), author: 'olga', text: 'asked the supplier for a credit note', at: new Date(now).toISOString() }]);
    now += 1000;
    const resolved = await store.resolve(id, 'admin', 'credit note CN-7 received', 'closing');
    expect(resolved.exception).toMatchObject({ status: 'resolved', assignee: 'olga', resolvedBy: 'admin', resolution: 'credit note CN-7 received', resolvedAt: new Date(now).toISOString() });
    expect(resolved.comments.map((comment) => [comment.author, comment.text])).toEqual([['olga', 'asked the supplier for a credit note'], ['admin', 'closing']]);

    await expect(store.resolve(id, 'admin', 'again')).rejects.toEqual(new ExceptionStateError('resolved', `exception "${id}" is already resolved; it cannot be resolved again`));
    await expect(store.assign(id, 'olga')).rejects.toBeInstanceOf(ExceptionStateError);
    expect((await store.get(id))!.exception.resolution).toBe('credit note CN-7 received');
    // Notes after the fact are still welcome.
    expect((await store.comment(id, 'olga', 'credit booked')).comments).toHaveLength(3);

    // The same mismatch seen again after the resolution is a new case, not the closed one.
    const reopened = await store.open(mismatch({ correlationId: 'c-work' }));
    expect(reopened.id).not.toBe(id);
  });

  it('refuses changes to an exception that does not exist', async () => {
    await expect(store.assign('x-none', 'olga')).rejects.toMatchObject({ reason: 'not-found' });
    await expect(store.comment('x-none', 'olga', 'hi')).rejects.toMatchObject({ reason: 'not-found' });
    await expect(store.resolve('x-none', 'olga', 'done')).rejects.toMatchObject({ reason: 'not-found' });
    expect(await store.get('x-none')).toBeUndefined();
  });

  it('filters by status, kind, partner, assignee and any word prefix of a business key, with counts per status', async () => {
    const a = await store.open(mismatch({ correlationId: 'f-1', partnerId: 'globex', kind: 'tolerance', keys: { poNumber: 'PO-2002', shipmentId: 'ASN-77' } }));
    await store.open(mismatch({ correlationId: 'f-2', partnerId: 'globex', keys: { poNumber: 'PO-2003' } }));
    await store.assign(a.id, 'olga');

    const globex = await store.list({ partner: 'globex' });
    expect(globex.exceptions).toHaveLength(2);
    expect(globex.counts).toEqual({ open: 1, assigned: 1, resolved: 0 });
    expect((await store.list({ partner: 'globex', status: 'assigned' })).exceptions.map((entry) => entry.id)).toEqual([a.id]);
    expect((await store.list({ partner: 'globex', status: 'assigned' })).counts).toEqual({ open: 1, assigned: 1, resolved: 0 });
    expect((await store.list({ partner: 'globex', status: 'unresolved' })).exceptions).toHaveLength(2);
    expect((await store.list({ kind: 'tolerance', partner: 'globex' })).exceptions.map((entry) => entry.id)).toEqual([a.id]);
    expect((await store.list({ assignee: 'olga', partner: 'globex' })).exceptions.map((entry) => entry.id)).toEqual([a.id]);
    expect((await store.list({ key: '77' })).exceptions.map((entry) => entry.id)).toEqual([a.id]);
    expect((await store.list({ key: 'po-200' })).exceptions).toHaveLength(2);
    expect((await store.list({ key: '2002' })).exceptions.map((entry) => entry.id)).toEqual([a.id]);
    expect((await store.list({ key: '002' })).exceptions).toHaveLength(0);
    expect((await store.unresolvedOfPurchaseOrder('PO-2002')).map((entry) => entry.id)).toEqual([a.id]);
  });

  it('pages newest first with a cursor that neither skips nor repeats', async () => {
    for (let i = 0; i < 7; i++) {
      now += 1;
      await store.open(mismatch({ correlationId: `page-${i}`, kind: 'paging' }));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list({ kind: 'paging', limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.exceptions.map((entry) => entry.correlationId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['page-6', 'page-5', 'page-4', 'page-3', 'page-2', 'page-1', 'page-0']);
    await expect(store.list({ cursor: 'bm9wZQ' })).rejects.toThrow('cursor is not one this server issued');
  });

  it('keeps a huge list of deviations bounded and says how many were left out', async () => {
    const details = Array.from({ length: MAX_DETAILS + 50 }, (_, index) => ({ path: `payload.lines[${index}].unitPrice`, message: 'too high' }));
    const { id } = await store.open(mismatch({ correlationId: 'huge', details }));
    const stored = (await store.get(id))!.exception.details;
    expect(stored).toHaveLength(MAX_DETAILS);
    expect(stored.at(-2)).toEqual(details[MAX_DETAILS - 2]);
    expect(stored.at(-1)).toEqual({ path: '$', message: '51 more deviations not stored' });
  });
});
