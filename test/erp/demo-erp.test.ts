// Demo ERP over HTTP: seeded POs, idempotent acknowledgements, validation errors, ASN, invoice, inventory and durability.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DemoErpServer, PurchaseOrderView } from '../../nodes/erp/demo-erp/index.js';
import { ackFor, call, freshDataDir, removeDataDir, startErp } from './demo-erp-helpers.js';

let dataDir: string;
let erp: DemoErpServer;

beforeEach(async () => {
  dataDir = await freshDataDir();
  erp = await startErp(dataDir);
});

afterEach(async () => {
  await erp.close();
  await removeDataDir(dataDir);
});

const postAck = (poNumber: string, body: unknown, headers: Record<string, string> = {}) =>
  call(`${erp.baseUrl}/purchase-orders/${poNumber}/acknowledgements`, { json: body, headers });

const getPo = async (poNumber: string) => (await call(`${erp.baseUrl}/purchase-orders/${poNumber}`)).body as PurchaseOrderView;

describe('demo ERP purchase orders', () => {
  it('is seeded with PO-1001 to PO-1020 for demo-supplier, each with 2 to 4 December lines', async () => {
    const { status, body } = await call(`${erp.baseUrl}/purchase-orders`);
    expect(status).toBe(200);
    const orders = (body as { purchaseOrders: PurchaseOrderView[] }).purchaseOrders;
    expect(orders.map((o) => o.poNumber)).toEqual(Array.from({ length: 20 }, (_, i) => `PO-${1001 + i}`));
    for (const order of orders) {
      expect(order.partnerId).toBe('demo-supplier');
      expect(order.ackStatus).toBe('none');
      expect(order.history).toEqual([]);
      expect(order.lines.length).toBeGreaterThanOrEqual(2);
      expect(order.lines.length).toBeLessThanOrEqual(4);
      for (const line of order.lines) {
        expect(line).toMatchObject({ line: expect.any(Number), sku: expect.any(String), description: expect.any(String), qty: expect.any(Number), uom: expect.any(String), unitPrice: expect.any(Number) });
        expect(line.requestedDate).toMatch(/^2026-12-\d\d$/);
      }
    }
  });

  it('answers 404 with a located body for an unknown PO', async () => {
    const { status, body } = await call(`${erp.baseUrl}/purchase-orders/PO-9999`);
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: expect.stringContaining('PO-9999'), details: [{ path: 'params.po' }] });
  });
});

describe('demo ERP acknowledgements', () => {
  it('applies an acknowledgement and records it in the history with the correlation ID', async () => {
    const result = await postAck('PO-1001', ackFor('PO-1001', 'A-1'), { 'Idempotency-Key': 'k-1', 'X-Correlation-Id': 'corr-1' });
    expect(result.status).toBe(201);
    expect(result.body).toEqual({ erpReference: 'ERP-ACK-000001', poNumber: 'PO-1001', ackNumber: 'A-1', ackStatus: 'changed', applied: true });
    expect(result.headers.get('idempotent-replayed')).toBeNull();
    expect(result.headers.get('x-correlation-id')).toBe('corr-1');

    const order = await getPo('PO-1001');
    expect(order.ackStatus).toBe('changed');
    expect(order.ackNumber).toBe('A-1');
    expect(order.lines[0]).toMatchObject({ ackStatus: 'accepted', confirmedQty: order.lines[0]?.qty, promisedDate: order.lines[0]?.requestedDate });
    expect(order.lines[1]).toMatchObject({ ackStatus: 'changed', confirmedQty: 5, confirmedUnitPrice: 0.2, promisedDate: '2026-12-20' });
    expect(order.history).toHaveLength(1);
    expect(order.history[0]).toMatchObject({ seq: 1, type: 'acknowledgement', idempotencyKey: 'k-1', correlationId: 'corr-1', ackNumber: 'A-1' });
    expect(order.history[0]?.changes).toContainEqual({ field: 'ackStatus', from: 'none', to: 'changed' });
    expect(order.history[0]?.changes).toContainEqual({ line: 2, field: 'confirmedQty', from: null, to: 5 });
  });

  it('replays the stored response for the same Idempotency-Key and applies one update only', async () => {
    const first = await postAck('PO-1002', ackFor('PO-1002', 'A-7'), { 'Idempotency-Key': 'same-key' });
    const second = await postAck('PO-1002', ackFor('PO-1002', 'A-7'), { 'Idempotency-Key': 'same-key', 'X-Correlation-Id': 'retry' });
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await getPo('PO-1002')).history).toHaveLength(1);
    const stats = (await call(`${erp.baseUrl}/_stats`)).body;
    expect(stats).toMatchObject({ appliedUpdates: 1, idempotentReplays: 1 });
  });

  it('applies concurrent requests with the same key once', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => postAck('PO-1003', ackFor('PO-1003', 'A-1'), { 'Idempotency-Key': 'racing' })));
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
    expect((await getPo('PO-1003')).history).toHaveLength(1);
  });

  it('refuses the same key with a different request (422) without applying it', async () => {
    await postAck('PO-1004', ackFor('PO-1004', 'A-1'), { 'Idempotency-Key': 'reused' });
    const other = await postAck('PO-1004', ackFor('PO-1004', 'A-2', { status: 'rejected', lines: [] }), { 'Idempotency-Key': 'reused' });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ details: [{ path: 'header.Idempotency-Key' }] });
    const order = await getPo('PO-1004');
    expect(order.history).toHaveLength(1);
    expect(order.ackNumber).toBe('A-1');
  });

  it('requires an Idempotency-Key (400)', async () => {
    const result = await postAck('PO-1001', ackFor('PO-1001', 'A-1'));
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ error: expect.stringContaining('Idempotency-Key'), details: [{ path: 'header.Idempotency-Key' }] });
    expect((await getPo('PO-1001')).history).toHaveLength(0);
  });

  it('answers 404 for an unknown PO, 400 with located details for an invalid body, 422 for a line not on the PO', async () => {
    expect((await postAck('PO-9999', ackFor('PO-9999', 'A-1'), { 'Idempotency-Key': 'x1' })).status).toBe(404);

    const invalid = await postAck('PO-1001', { poNumber: 'PO-1001', status: 'maybe', lines: [{ line: 'one', status: 'accepted', promisedDate: 'soon' }] }, { 'Idempotency-Key': 'x2' });
    expect(invalid.status).toBe(400);
    const paths = (invalid.body as { details: Array<{ path: string }> }).details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['$.ackNumber', '$.status', '$.lines[0].line', '$.lines[0].promisedDate']));

    const wrongLine = await postAck('PO-1001', ackFor('PO-1001', 'A-1', { lines: [{ line: 9, status: 'accepted' }] }), { 'Idempotency-Key': 'x3' });
    expect(wrongLine.status).toBe(422);
    expect(wrongLine.body).toMatchObject({ details: [{ path: '$.lines[0].line', message: expect.stringContaining('line 9') }] });

    // A refused request stores nothing, so the corrected request may reuse the key.
    const corrected = await postAck('PO-1001', ackFor('PO-1001', 'A-1'), { 'Idempotency-Key': 'x3' });
    expect(corrected.status).toBe(201);
    expect((await getPo('PO-1001')).history).toHaveLength(1);
  });

  it('answers malformed JSON with 400 and a clear message', async () => {
    const result = await call(`${erp.baseUrl}/purchase-orders/PO-1001/acknowledgements`, { text: '{"poNumber": "PO-1001",', headers: { 'Idempotency-Key': 'bad-json' } });
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ error: 'malformed JSON body', details: [{ path: '$', message: expect.any(String) }] });
  });

  it('answers an oversize body with 413', async () => {
    const huge = JSON.stringify({ ...ackFor('PO-1001', 'A-1'), padding: 'x'.repeat(1_100_000) });
    const result = await call(`${erp.baseUrl}/purchase-orders/PO-1001/acknowledgements`, { text: huge, headers: { 'Idempotency-Key': 'huge' } });
    expect(result.status).toBe(413);
  });
});

describe('demo ERP ASN, invoice and inventory', () => {
  it('receives an ASN into the PO lines and on-hand stock, idempotently', async () => {
    const order = await getPo('PO-1005');
    const line = order.lines[0];
    if (!line) throw new Error('seed has no line');
    const position = async () => ((await call(`${erp.baseUrl}/inventory?sku=${line.sku}&location=${order.shipTo.location}`)).body as { positions: Array<{ onHand: number }> }).positions[0];
    const before = await position();
    const asn = { asnNumber: 'ASN-1', poNumber: 'PO-1005', shipDate: '2026-12-01', carrier: 'UPS', lines: [{ line: 1, sku: line.sku, qty: 4 }, { line: 1, qty: 2 }] };
    const first = await call(`${erp.baseUrl}/asns`, { json: asn, headers: { 'Idempotency-Key': 'asn-1' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ erpReference: 'ERP-ASN-000001', asnNumber: 'ASN-1', poNumbers: ['PO-1005'], applied: true });
    const again = await call(`${erp.baseUrl}/asns`, { json: asn, headers: { 'Idempotency-Key': 'asn-1' } });
    expect(again.body).toEqual(first.body);
    expect((await getPo('PO-1005')).lines[0]?.receivedQty).toBe(6);
    expect((await position())?.onHand).toBe((before?.onHand ?? 0) + 6);

    const unknownLine = await call(`${erp.baseUrl}/asns`, { json: { ...asn, asnNumber: 'ASN-2', lines: [{ line: 42, qty: 1 }] }, headers: { 'Idempotency-Key': 'asn-2' } });
    expect(unknownLine.status).toBe(422);
    expect(unknownLine.body).toMatchObject({ details: [{ path: '$.lines[0].line' }] });
  });

  it('posts an invoice and refuses one whose total does not match its lines', async () => {
    const order = await getPo('PO-1006');
    const line = order.lines[1];
    if (!line) throw new Error('seed has no line 2');
    const invoice = { invoiceNumber: 'INV-1', poNumber: 'PO-1006', invoiceDate: '2026-12-15', lines: [{ line: 2, qty: 3, unitPrice: 2 }], total: 6 };
    const wrongTotal = await call(`${erp.baseUrl}/invoices`, { json: { ...invoice, total: 7 }, headers: { 'Idempotency-Key': 'inv-1' } });
    expect(wrongTotal.status).toBe(422);
    expect(wrongTotal.body).toMatchObject({ details: [{ path: '$.total' }] });
    const posted = await call(`${erp.baseUrl}/invoices`, { json: invoice, headers: { 'Idempotency-Key': 'inv-1' } });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ erpReference: 'ERP-INV-000001', invoiceNumber: 'INV-1', amount: 6, applied: true });
    const after = await getPo('PO-1006');
    expect(after.lines[1]?.invoicedQty).toBe(3);
    expect(after.history.map((h) => h.type)).toEqual(['invoice']);
  });

  it('lists inventory positions', async () => {
    const { status, body } = await call(`${erp.baseUrl}/inventory`);
    expect(status).toBe(200);
    const positions = (body as { positions: Array<{ sku: string; location: string; onHand: number }> }).positions;
    expect(positions.length).toBeGreaterThan(0);
    expect(positions[0]).toMatchObject({ sku: expect.any(String), location: expect.any(String), onHand: expect.any(Number) });
  });
});

describe('demo ERP durability', () => {
  it('keeps applied updates and their idempotency keys across a close and reopen of the same data directory', async () => {
    await postAck('PO-1010', ackFor('PO-1010', 'A-1'), { 'Idempotency-Key': 'durable-1', 'X-Correlation-Id': 'c-durable' });
    await erp.close();
    erp = await startErp(dataDir);
    const order = await getPo('PO-1010');
    expect(order.ackStatus).toBe('changed');
    expect(order.history).toHaveLength(1);
    expect(order.history[0]).toMatchObject({ idempotencyKey: 'durable-1', correlationId: 'c-durable' });
    const replay = await postAck('PO-1010', ackFor('PO-1010', 'A-1'), { 'Idempotency-Key': 'durable-1' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toMatchObject({ erpReference: 'ERP-ACK-000001' });
    const next = await postAck('PO-1011', ackFor('PO-1011', 'A-1'), { 'Idempotency-Key': 'durable-2' });
    expect(next.body).toMatchObject({ erpReference: 'ERP-ACK-000002' });
    expect((await getPo('PO-1010')).history).toHaveLength(1);
  });
});

describe('demo ERP after a crash during a write', () => {
  it('starts from a log whose last line was torn, keeping every answered update', async () => {
    const { appendFile } = await import('node:fs/promises');
    const path = await import('node:path');
    await postAck('PO-1012', ackFor('PO-1012', 'A-1'), { 'Idempotency-Key': 'before-crash' });
    await erp.close();
    await appendFile(path.join(dataDir, 'demo-erp', 'events.db'), '{"seq":2,"type":"acknowledge');
    erp = await startErp(dataDir);
    const order = await getPo('PO-1012');
    expect(order.history.map((entry) => entry.idempotencyKey)).toEqual(['before-crash']);
    const next = await postAck('PO-1013', ackFor('PO-1013', 'A-1'), { 'Idempotency-Key': 'after-crash' });
    expect(next.status).toBe(201);
  });
});
