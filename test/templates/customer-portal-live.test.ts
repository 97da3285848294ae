// Customer-portal templates on a real runtime and the demo ERP: order submission validated within the request, committed through the queue, and status webhooks that survive a portal outage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { expectedSignature, startPortalReceiver, type PortalReceiver } from '../support/portal-receiver.js';
import { isDefined, waitFor } from '../support/wait-for.js';

interface Instantiated { credentials: { apiKey?: string; webhookSecret?: string }; generatedSecrets: Record<string, string>; flow: { id: string; template: string } }
interface Problem { path: string; message: string }

const PORTAL = 'harbor-portal';
let runtime: RuntimeProcess;
let token: string;
let portal: PortalReceiver;
let orders: Instantiated;
let status: Instantiated;
let committedOrder: string;

const api = <T>(method: string, route: string, body?: unknown) => runtime.api<T>(method, route, body, token);

async function submit(order: unknown, correlationId?: string): Promise<{ status: number; body: Record<string, unknown> & { details?: Problem[] } }> {
  const response = await fetch(`${runtime.url}/partners/${PORTAL}/orders`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': orders.credentials.apiKey!, ...(correlationId ? { 'x-correlation-id': correlationId } : {}) }, body: JSON.stringify(order),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { details?: Problem[] } };
}

async function postUpdate(update: unknown, erpToken = status.generatedSecrets.erpEventToken!): Promise<{ status: number; body: Record<string, unknown> & { details?: Problem[] } }> {
  const response = await fetch(`${runtime.url}/hooks/${PORTAL}-portal-status/erp-events/${PORTAL}/portal-updates`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-erp-token': erpToken }, body: JSON.stringify(update),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { details?: Problem[] } };
}

const accepted = (type: string, key: string, value: string) => () => Promise.resolve(portal.accepted().find((event) => event.type === type && event.data[key] === value));

beforeAll(async () => {
  portal = await startPortalReceiver();
  runtime = await startRuntime();
  token = await runtime.login();
  const submission = await api<Instantiated>('POST', '/api/templates/customer-order-submission/instantiate', { partnerId: PORTAL, params: { authMethod: 'api-key' } });
  expect(submission.status, JSON.stringify(submission.body)).toBe(201);
  orders = submission.body;
  const publication = await api<Instantiated>('POST', '/api/templates/customer-status-publication/instantiate', {
    partnerId: PORTAL, reusePartner: true,
    params: { webhookUrl: `${portal.url}/hooks`, statusMapCsv: 'status,portalStatus\nconfirmed,CONFIRMED\n', maxAttempts: 4, retryBaseDelayMs: 50, retryMaxDelayMs: 200 },
  });
  expect(publication.status, JSON.stringify(publication.body)).toBe(201);
  status = publication.body;
  const returns = await api<Instantiated>('POST', '/api/templates/customer-returns-rma/instantiate', { partnerId: PORTAL, reusePartner: true, params: { authMethod: 'api-key', webhookUrl: `${portal.url}/hooks`, maxAttempts: 4 } });
  expect(returns.status, JSON.stringify(returns.body)).toBe(201);
});

async function requestReturn(request: unknown): Promise<{ status: number; body: Record<string, unknown> & { details?: Problem[] } }> {
  const response = await fetch(`${runtime.url}/partners/${PORTAL}/returns`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': orders.credentials.apiKey! }, body: JSON.stringify(request) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { details?: Problem[] } };
}

afterAll(async () => {
  await runtime?.stop();
  await portal?.close();
});

describe('customer order submission', () => {
  it('answers 422 within the request with every account, price and stock problem located', async () => {
    const unknown = await submit({ account: 'C-9999', customerOrderNumber: 'X-1', lines: [{ line: 1, sku: 'SKU-50001', qty: 1 }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.details).toEqual([{ path: '$.account', message: 'account C-9999 is not known to the ERP' }]);

    const onHold = await submit({ account: 'C-1003', customerOrderNumber: 'X-2', lines: [{ line: 1, sku: 'SKU-10001', qty: 20 }] });
    expect(onHold.status).toBe(422);
    expect(onHold.body.details).toEqual([{ path: '$.account', message: 'account C-1003 is on-hold' }]);

    // C-1001 ships from DC-EAST: 250 SKU-50001 on hand; SKU-30001 is not on its contract; SKU-10001 has a minimum of 10.
    const lines = await submit({ account: 'C-1001', customerOrderNumber: 'X-3', lines: [{ line: 1, sku: 'SKU-50001', qty: 251 }, { line: 2, sku: 'SKU-30001', qty: 1 }, { line: 3, sku: 'SKU-10001', qty: 5 }] });
    expect(lines.status).toBe(422);
    expect(lines.body.details!.map((problem) => problem.path)).toEqual(['$.lines[0].qty', '$.lines[1].sku', '$.lines[2].qty']);
    expect(lines.body.details![0]!.message).toBe('only 250 of SKU-50001 available');

    // C-1002 has 100 of credit left: 20 boxes at 9.20 exceed it.
    const credit = await submit({ account: 'C-1002', customerOrderNumber: 'X-4', lines: [{ line: 1, sku: 'SKU-30001', qty: 20 }] });
    expect(credit.status).toBe(422);
    expect(credit.body.details).toEqual([{ path: '$.lines', message: 'the order total 184 exceeds the available credit of 100' }]);

    const malformed = await submit({ account: 'C-1001', lines: [{ line: 1, sku: 'SKU-50001', qty: 0 }] });
    expect(malformed.status).toBe(422);
    expect(malformed.body.details!.map((problem) => problem.path).sort()).toEqual(['$.customerOrderNumber', '$.lines[0].qty']);
    expect((await runtime.api<{ count: number }>('GET', '/demo-erp/sales-orders')).body.count).toBe(0);
  });

  it('answers 201 with contract prices, commits the sales order through the queue and publishes the confirmation to the portal', async () => {
    const answer = await submit({ account: 'C-1001', customerOrderNumber: 'HH-20001', lines: [{ line: 1, sku: 'SKU-50001', qty: 4 }, { line: 2, sku: 'SKU-20001', qty: 10 }] }, 'portal-order-1');
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ status: 'accepted', account: 'C-1001', currency: 'USD', total: 131, correlationId: 'portal-order-1', lines: [{ sku: 'SKU-50001', unitPrice: 22.5 }, { sku: 'SKU-20001', unitPrice: 4.1 }] });
    const committed = await waitFor(async () => (await runtime.api<{ salesOrders: Array<Record<string, unknown>> }>('GET', '/demo-erp/sales-orders?account=C-1001')).body.salesOrders.find((order) => order.customerOrderNumber === 'HH-20001'), isDefined, 15_000, 'the sales order in the ERP');
    expect(committed).toMatchObject({ status: 'confirmed', total: 131, correlationId: 'portal-order-1', lines: [{ line: 1, sku: 'SKU-50001', qty: 4, unitPrice: 22.5 }, { line: 2, sku: 'SKU-20001', qty: 10, unitPrice: 4.1 }] });
    // The OrderStatusChanged business event reaches the status-publication flow's subscription and the portal.
    committedOrder = committed.orderNumber as string;
    const event = await waitFor(accepted('order.status_changed', 'orderNumber', committedOrder), isDefined, 15_000, 'the confirmation webhook');
    expect(event).toMatchObject({ partnerId: PORTAL, data: { orderNumber: committed.orderNumber, customerOrderNumber: 'HH-20001', status: 'CONFIRMED' } });
    // The committed quantity is no longer available to the next order.
    const availability = await runtime.api<{ positions: Array<{ available: number; onHand: number }> }>('GET', '/demo-erp/availability?skus=SKU-50001&location=DC-EAST');
    expect(availability.body.positions[0]!.available).toBe(availability.body.positions[0]!.onHand - 4);
  });
});

describe('customer status publication', () => {
  it('refuses a wrong token and an update without its kind\'s fields, located', async () => {
    expect((await postUpdate({ kind: 'shipment', orderNumber: 'SO-1' }, 'wrong-token-wrong-token')).status).toBe(401);
    const invalid = await postUpdate({ kind: 'shipment', orderNumber: 'SO-1' });
    expect(invalid.status).toBe(422);
    expect(invalid.body.details).toEqual([expect.objectContaining({ path: '$.trackingNumber' })]);
  });

  it('keeps a shipment update through a portal answering 503 and delivers it signed once the portal is back', async () => {
    portal.failNext(2);
    const before = portal.deliveries.length;
    const answer = await postUpdate({ kind: 'shipment', orderNumber: 'SO-7001', customerOrderNumber: 'HH-20001', carrier: 'UPS', trackingNumber: '1Z-OUTAGE-1', shippedAt: '2026-12-02T14:00:00Z' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    const event = await waitFor(accepted('shipment.dispatched', 'trackingNumber', '1Z-OUTAGE-1'), isDefined, 15_000, 'the shipment webhook');
    expect(event.data).toMatchObject({ orderNumber: 'SO-7001', carrier: 'UPS' });
    const attempts = portal.deliveries.slice(before).filter((delivery) => delivery.body.includes('1Z-OUTAGE-1'));
    expect(attempts.map((delivery) => delivery.status)).toEqual([503, 503, 200]);
    // Every attempt carries the same event id, so the portal can de-duplicate.
    expect(new Set(attempts.map((delivery) => (JSON.parse(delivery.body) as { id: string }).id)).size).toBe(1);
    const delivered = attempts[2]!;
    expect(delivered.headers['x-tradelane-signature']).toBe(expectedSignature(delivered, orders.credentials.webhookSecret!, '/hooks'));
  });

  it('dead-letters an invoice after the last attempt and delivers it on replay', async () => {
    portal.failNext(Number.POSITIVE_INFINITY);
    const answer = await postUpdate({ kind: 'invoice', orderNumber: 'SO-7001', invoiceNumber: 'INV-DL-1', amount: 131, currency: 'USD', dueDate: '2027-01-02' });
    expect(answer.status).toBe(202);
    const correlationId = answer.body.correlationId as string;
    const dead = await waitFor(async () => (await api<{ deadLetters: Array<{ id: string; correlationId: string }> }>('GET', '/api/deadletters?status=open')).body.deadLetters.find((letter) => letter.correlationId === correlationId), isDefined, 15_000, 'the dead letter');
    expect(portal.deliveries.filter((delivery) => delivery.body.includes('INV-DL-1')).map((delivery) => delivery.status)).toEqual([503, 503, 503, 503]);
    portal.failNext(0);
    expect((await api('POST', `/api/deadletters/${dead.id}/replay`, {})).status).toBe(200);
    const event = await waitFor(accepted('invoice.published', 'invoiceNumber', 'INV-DL-1'), isDefined, 15_000, 'the replayed invoice webhook');
    expect(event.data).toMatchObject({ amount: 131, currency: 'USD', dueDate: '2027-01-02' });
  });
});

describe('customer returns (RMA)', () => {
  it('refuses a return that does not fit the order within the request, located', async () => {
    const unknown = await requestReturn({ returnNumber: 'R-0', account: 'C-1001', orderNumber: 'SO-0000', lines: [{ line: 1, qty: 1, reason: 'damaged' }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.details).toEqual([{ path: '$.orderNumber', message: 'order SO-0000 is not known to the ERP' }]);
    const otherAccount = await requestReturn({ returnNumber: 'R-0', account: 'C-1002', orderNumber: committedOrder, lines: [{ line: 1, qty: 1, reason: 'damaged' }] });
    expect(otherAccount.body.details).toEqual([{ path: '$.orderNumber', message: `order ${committedOrder} is not an order of account C-1002` }]);
    const lines = await requestReturn({ returnNumber: 'R-0', account: 'C-1001', orderNumber: committedOrder, lines: [{ line: 1, qty: 5, reason: 'damaged' }, { line: 7, qty: 1, reason: 'damaged' }] });
    expect(lines.status).toBe(422);
    expect(lines.body.details).toEqual([
      { path: '$.lines[0].qty', message: 'at most 4 of line 1 (SKU-50001) can still be returned' },
      { path: '$.lines[1].line', message: `order ${committedOrder} has no line 7` },
    ]);
    const reason = await requestReturn({ returnNumber: 'R-0', account: 'C-1001', orderNumber: committedOrder, lines: [{ line: 1, qty: 1, reason: 'changed my mind' }] });
    expect(reason.status).toBe(422);
    expect(reason.body.details!.map((problem) => problem.path)).toEqual(['$.lines[0].reason']);
  });

  it('obtains the ERP return authorisation through the queue and sends the RMA number back, once, through a portal outage', async () => {
    portal.failNext(1);
    const answer = await requestReturn({ returnNumber: 'HH-R-1', account: 'C-1001', orderNumber: committedOrder, lines: [{ line: 1, qty: 3, reason: 'damaged' }] });
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    expect(answer.body).toMatchObject({ status: 'received', returnNumber: 'HH-R-1' });
    const event = await waitFor(accepted('return.authorised', 'returnNumber', 'HH-R-1'), isDefined, 15_000, 'the return status webhook');
    expect(event.data).toMatchObject({ orderNumber: committedOrder, status: 'authorised', rmaNumber: expect.stringMatching(/^RMA-/), lines: [{ line: 1, qty: 3, reason: 'damaged' }] });
    expect(portal.deliveries.filter((delivery) => delivery.body.includes('HH-R-1')).map((delivery) => delivery.status)).toEqual([503, 200]);
    // The retry after the 503 asked the ERP again with the same Idempotency-Key: one authorisation, not two.
    const rma = await runtime.api<{ orderNumber: string; lines: unknown[] }>('GET', `/demo-erp/returns/${event.data.rmaNumber as string}`);
    expect(rma.body).toMatchObject({ orderNumber: committedOrder, lines: [{ line: 1, qty: 3 }] });
    expect((await runtime.api<{ lines: Array<{ returnedQty: number }> }>('GET', `/demo-erp/sales-orders/${committedOrder}`)).body.lines[0]!.returnedQty).toBe(3);
    // What is already authorised counts against the next request.
    const more = await requestReturn({ returnNumber: 'HH-R-2', account: 'C-1001', orderNumber: committedOrder, lines: [{ line: 1, qty: 2, reason: 'damaged' }] });
    expect(more.body.details).toEqual([{ path: '$.lines[0].qty', message: 'at most 1 of line 1 (SKU-50001) can still be returned' }]);
  });
});
