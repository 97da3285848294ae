// Demo ERP customer side over HTTP: account, contract-price and availability lookups; idempotent, durable sales orders and return authorisations.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DemoErpServer } from '../../nodes/erp/demo-erp/index.js';
import { call, freshDataDir, removeDataDir, startErp } from './demo-erp-helpers.js';

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

const order = { account: 'C-1001', customerOrderNumber: 'HH-1', lines: [{ line: 1, sku: 'SKU-50001', qty: 4, unitPrice: 22.5 }] };
const postOrder = (body: unknown, key = 'order-key-1') => call(`${erp.baseUrl}/sales-orders`, { json: body, headers: { 'Idempotency-Key': key } });

describe('demo ERP customer lookups', () => {
  it('answers an account with its available credit, and 404 located for an unknown one', async () => {
    expect((await call(`${erp.baseUrl}/customers/C-1002`)).body).toMatchObject({ account: 'C-1002', status: 'active', location: 'DC-WEST', availableCredit: 100 });
    const unknown = await call(`${erp.baseUrl}/customers/C-0`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ details: [{ path: 'params.account' }] });
  });

  it('lists contract prices of the asked SKUs only', async () => {
    const { body } = await call(`${erp.baseUrl}/customers/C-1001/contract-prices?skus=SKU-50001,SKU-30001`);
    expect(body).toEqual({ account: 'C-1001', prices: [{ sku: 'SKU-50001', unitPrice: 22.5, uom: 'EA', minQty: 1 }], count: 1 });
  });

  it('takes confirmed sales orders off availability', async () => {
    const available = async () => ((await call(`${erp.baseUrl}/availability?skus=SKU-50001&location=DC-EAST`)).body as { positions: Array<{ available: number; onHand: number }> }).positions[0]!;
    const before = await available();
    expect(before.available).toBe(before.onHand);
    expect((await postOrder(order)).status).toBe(201);
    expect((await available()).available).toBe(before.onHand - 4);
  });
});

describe('demo ERP sales orders and returns', () => {
  it('creates a sales order once per Idempotency-Key, and keeps it across a restart', async () => {
    const created = await postOrder(order);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ orderNumber: 'SO-7001', erpReference: 'SO-7001', status: 'confirmed', total: 90 });
    const replayed = await postOrder(order);
    expect(replayed.status).toBe(200);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    await erp.close();
    erp = await startErp(dataDir);
    expect((await call(`${erp.baseUrl}/sales-orders`)).body).toMatchObject({ count: 1, salesOrders: [{ orderNumber: 'SO-7001', customerOrderNumber: 'HH-1' }] });
  });

  it('refuses a bad body with every problem located, and an order the ERP cannot sell', async () => {
    const bad = await call(`${erp.baseUrl}/sales-orders`, { json: { account: 'C-1001', lines: [{ line: 0, sku: 'SKU-50001', qty: 1 }] } });
    expect(bad.status).toBe(400);
    expect((bad.body as { details: Array<{ path: string }> }).details.map((problem) => problem.path)).toEqual(['header.Idempotency-Key', '$.customerOrderNumber', '$.lines[0].line', '$.lines[0].unitPrice']);
    const onHold = await postOrder({ ...order, account: 'C-1003' }, 'order-key-2');
    expect(onHold.status).toBe(422);
    expect(onHold.body).toMatchObject({ details: [{ path: '$.account', message: 'account C-1003 is on-hold' }] });
  });

  it('authorises a return within the ordered quantity and refuses one beyond what is left, located', async () => {
    await postOrder(order);
    const returnOf = (qty: number, key: string) => call(`${erp.baseUrl}/sales-orders/SO-7001/returns`, { json: { account: 'C-1001', lines: [{ line: 1, qty, reason: 'damaged' }] }, headers: { 'Idempotency-Key': key } });
    const first = await returnOf(3, 'rma-1');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ rmaNumber: 'RMA-9001', erpReference: 'RMA-9001', status: 'authorised' });
    expect(((await call(`${erp.baseUrl}/sales-orders/SO-7001`)).body as { lines: Array<{ returnedQty: number }> }).lines[0]!.returnedQty).toBe(3);
    const beyond = await returnOf(2, 'rma-2');
    expect(beyond.status).toBe(422);
    expect(beyond.body).toMatchObject({ details: [{ path: '$.lines[0].qty', message: 'at most 1 left to return on line 1' }] });
  });

  it('can lose the answer of a created order, and the retry with the same key finds it', async () => {
    expect((await call(`${erp.baseUrl}/_faults`, { method: 'PUT', json: { lostResponseRate: 1 }, control: true })).status).toBe(200);
    expect((await postOrder(order)).status).toBe(503);
    expect((await call(`${erp.baseUrl}/_faults/reset`, { method: 'POST', control: true })).status).toBe(200);
    const retried = await postOrder(order);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ orderNumber: 'SO-7001' });
    expect((await call(`${erp.baseUrl}/sales-orders`)).body).toMatchObject({ count: 1 });
  });
});
