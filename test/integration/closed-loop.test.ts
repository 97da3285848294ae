// The closed loop on real processes: a PO goes out to the supplier's REST API, the supplier acknowledges a later date, and the PurchaseOrderAcknowledged event reaches the ERP update and the customer portal's promise-date webhook, which is down for a while and still gets it exactly once.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { waitFor } from '../support/wait-for.js';

interface Received { headers: http.IncomingHttpHeaders; body: Record<string, unknown> }

/** A partner's HTTP endpoint: records what it accepted; answers 503 while down. */
class PartnerServer {
  readonly accepted: Received[] = [];
  attempts = 0;
  down = false;
  url = '';
  private readonly server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => {
      this.attempts += 1;
      if (this.down) return void response.writeHead(503).end('{"error":"maintenance"}');
      this.accepted.push({ headers: request.headers, body: JSON.parse(body || '{}') as Record<string, unknown> });
      response.writeHead(201, { 'content-type': 'application/json' }).end('{"received":true}');
    });
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const PO = 'PO-1007';
const TOPIC = 'purchase-orders';
const supplierPortal = new PartnerServer();
const customerPortal = new PartnerServer();
let runtime: RuntimeProcess;
let token: string;
let erpKey: string;

const retry = { baseDelayMs: 200, maxDelayMs: 1000, maxAttempts: 50 };

function flows(): Array<{ id: string; flow: Array<Record<string, unknown>> }> {
  return [
    {
      id: 'po-out', flow: [
        { id: 'po-out', type: 'tab', label: 'POs out to the supplier portal' },
        { id: 'po-in', type: 'tl-intake', z: 'po-out', x: 100, y: 100, partnerId: 'erp-system', path: 'po-events', auth: 'api-key', documentType: 'purchaseOrder', wires: [['po-queue']] },
        { id: 'po-queue', type: 'tl-queue', z: 'po-out', x: 250, y: 100, ...retry, wires: [['po-post'], []] },
        { id: 'po-post', type: 'tl-portal-post', z: 'po-out', x: 400, y: 100, url: `${supplierPortal.url}/orders`, auth: 'api-key', partnerId: 'demo-supplier', credentials: { apiKey: 'portal-key' }, wires: [[]] },
      ],
    },
    {
      id: 'acks-in', flow: [
        { id: 'acks-in', type: 'tab', label: 'Acknowledgements become events' },
        { id: 'ack-in', type: 'tl-intake', z: 'acks-in', x: 100, y: 100, partnerId: 'demo-supplier', path: 'loop-acks', auth: 'api-key', documentType: 'acknowledgement', wires: [['ack-publish']] },
        { id: 'ack-publish', type: 'tl-event-publish', z: 'acks-in', x: 300, y: 100, topic: TOPIC, eventType: 'PurchaseOrderAcknowledged', key: 'payload.poNumber', wires: [[]] },
      ],
    },
    {
      id: 'erp-update', flow: [
        { id: 'erp-update', type: 'tab', label: 'ERP: apply acknowledgements' },
        { id: 'erp-sub', type: 'tl-event-subscribe', z: 'erp-update', x: 100, y: 100, topic: TOPIC, subscription: 'erp-acks', ...retry, wires: [['erp-post'], []] },
        {
          id: 'erp-post', type: 'tl-erp-post', z: 'erp-update', x: 300, y: 100, baseUrl: '${DEMO_ERP_URL}', method: 'POST',
          pathExpression: '"/purchase-orders/" & $encodeUrlComponent(payload.poNumber) & "/acknowledgements"',
          idempotencyKeyExpression: 'partnerId & ":" & payload.poNumber & ":" & payload.ackNumber', wires: [[]],
        },
      ],
    },
    {
      id: 'promise-dates', flow: [
        { id: 'promise-dates', type: 'tab', label: 'Customer portal: promise dates' },
        { id: 'promise-sub', type: 'tl-event-subscribe', z: 'promise-dates', x: 100, y: 100, topic: TOPIC, subscription: 'customer-promise', ...retry, wires: [['promise-hook'], []] },
        { id: 'promise-hook', type: 'tl-webhook', z: 'promise-dates', x: 300, y: 100, partnerId: 'customer-portal', eventType: 'order.promise_date_changed', url: `${customerPortal.url}/promise`, wires: [[]] },
      ],
    },
  ];
}

beforeAll(async () => {
  await Promise.all([supplierPortal.start(), customerPortal.start()]);
  runtime = await startRuntime();
  token = await runtime.login();
  const erp = await runtime.api<{ credentials: { apiKey: string } }>('POST', '/api/partners', { id: 'erp-system', name: 'Our ERP (internal caller)', authMethod: 'api-key' }, token);
  expect(erp.status, JSON.stringify(erp.body)).toBe(201);
  erpKey = erp.body.credentials.apiKey;
  const customer = await runtime.api('POST', '/api/partners', { id: 'customer-portal', name: 'Customer portal', authMethod: 'api-key' }, token);
  expect(customer.status, JSON.stringify(customer.body)).toBe(201);
  for (const { id, flow } of flows()) {
    const deployed = await runtime.api('PUT', `/api/flows/${id}`, { flow, message: id }, token);
    expect(deployed.status, `${id}: ${JSON.stringify(deployed.body)}`).toBe(201);
  }
}, 90_000);

afterAll(async () => {
  await runtime?.stop();
  await Promise.all([supplierPortal.close(), customerPortal.close()]);
});

describe('the closed loop', () => {
  it('PO out by REST, a changed acknowledgement back, the event applied in the ERP and delivered once to a customer portal that was down', async () => {
    // 1. The ERP's PO event goes out to the supplier's portal API.
    const poEvent = await fetch(`${runtime.url}/partners/erp-system/po-events`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': erpKey, 'x-correlation-id': 'loop-po' },
      body: JSON.stringify({ poNumber: PO, buyer: 'Distributor', lines: [{ line: 1, sku: 'SKU-10007', qty: 50, requestedDate: '2026-12-10' }] }),
    });
    expect(poEvent.status).toBe(202);
    const [order] = await waitFor(async () => supplierPortal.accepted, (accepted) => accepted.length === 1, 20_000, 'the PO at the supplier portal');
    expect(order!.body).toMatchObject({ poNumber: PO });
    expect(order!.headers['x-api-key']).toBe('portal-key');

    // 2. The customer portal goes down; the supplier acknowledges with a later date.
    customerPortal.down = true;
    const ack = await fetch(`${runtime.url}/partners/demo-supplier/loop-acks`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': runtime.demoApiKey, 'x-correlation-id': 'loop-ack' },
      body: JSON.stringify({ poNumber: PO, ackNumber: 'ACK-7', ackDate: '2026-12-03', status: 'changed', lines: [{ line: 1, status: 'changed', promisedDate: '2026-12-17' }] }),
    });
    expect(ack.status, await ack.clone().text()).toBe(202);

    // 3. The ERP applies it, for the supplier that sent it.
    await waitFor(async () => ((await (await fetch(`${runtime.url}/demo-erp/purchase-orders/${PO}`)).json()) as { history: Array<{ idempotencyKey: string }> }).history,
      (history) => history.some((entry) => entry.idempotencyKey === `demo-supplier:${PO}:ACK-7`), 20_000, 'the acknowledgement applied in the ERP');

    // 4. The portal is retried while down, then gets the promise date exactly once.
    await waitFor(async () => customerPortal.attempts, (attempts) => attempts >= 2, 20_000, 'retries while the portal is down');
    expect(customerPortal.accepted).toEqual([]);
    customerPortal.down = false;
    await waitFor(async () => customerPortal.accepted, (accepted) => accepted.length === 1, 20_000, 'the promise date at the customer portal');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(customerPortal.accepted).toHaveLength(1);
    const delivered = customerPortal.accepted[0]!;
    expect(delivered.body).toMatchObject({ type: 'order.promise_date_changed', partnerId: 'customer-portal', correlationId: 'loop-ack', data: { poNumber: PO, lines: [{ promisedDate: '2026-12-17' }] } });
    expect(delivered.headers['x-tradelane-signature']).toMatch(/^v2=/);

    // 5. The ledger follows the PO from the start: the PO sent to the supplier portal is now acknowledged, the event was
    // published and delivered to both subscriptions, the ERP post done, and the webhook's failed attempts are on record.
    const documents = (await runtime.api<{ documents: Array<{ channel: string; direction: string; status: string }> }>('GET', `/api/documents?key=${PO}&limit=50`, undefined, token)).body.documents;
    const seen = documents.map((doc) => `${doc.channel}/${doc.direction}/${doc.status}`);
    expect(seen).toEqual(expect.arrayContaining(['portal/out/acknowledged', 'event/out/sent', 'event/in/posted', 'erp/out/posted', 'webhook/out/sent', 'webhook/out/failed']));
    expect(seen.filter((entry) => entry === 'event/in/posted')).toHaveLength(2);
    expect(seen.filter((entry) => entry === 'webhook/out/sent')).toHaveLength(1);
  }, 120_000);
});
