// Every shipped template instantiated on a real runtime: each dry-runs its example document, and each transport runs live to the demo ERP or a webhook receiver.
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalExamples } from '../../nodes/canonical/examples.js';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import { isDefined, waitFor } from '../support/wait-for.js';

interface Template { id: string; example: { partnerId: string; params: Record<string, unknown>; documents?: Record<string, unknown> }; entries: Array<{ node: string }> }
interface Instantiated { credentials: { apiKey?: string; webhookSecret?: string }; generatedSecrets: Record<string, string>; flow: { id: string; version: number; template: string } }

let runtime: RuntimeProcess;
let token: string;
let receiver: http.Server;
let receiverUrl: string;
const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
const ediRoot = tempDataDir('tradelane-edi-');
const onboarded: Record<string, Instantiated> = {};
const PARTNERS: Record<string, string> = {
  'customer-order-status-webhook': 'order-status-hardware', 'customer-order-submission': 'orders-portal', 'customer-inventory-availability': 'stock-portal', 'customer-returns-rma': 'returns-portal', 'customer-status-publication': 'status-portal', 'supplier-asn-csv': 'asn-fasteners', 'supplier-edifact': 'edifact-fasteners', 'supplier-po-ack-rest': 'rest-fasteners', 'supplier-x12': 'x12-fasteners',
};

const api = <T>(method: string, route: string, body?: unknown) => runtime.api<T>(method, route, body, token);

async function lineAckStatus(po: string): Promise<string> {
  const order = await runtime.api<{ lines: Array<{ ackStatus: string }> }>('GET', `/demo-erp/purchase-orders/${po}`);
  return order.body.lines[0]!.ackStatus;
}

function paramsFor(template: Template): Record<string, unknown> {
  const params = { ...template.example.params };
  if ('ediDirectory' in params) params.ediDirectory = path.join(ediRoot, template.id);
  if (template.id === 'supplier-x12') params.pollSeconds = 1;
  if ('webhookUrl' in params) params.webhookUrl = `${receiverUrl}/hooks`;
  return params;
}

beforeAll(async () => {
  receiver = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => { received.push({ headers: request.headers, body }); response.writeHead(200, { 'content-type': 'application/json' }).end('{}'); });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  // The partners' EDI directories are the files root: file nodes may only touch files below it.
  runtime = await startRuntime({ env: { TRADELANE_FILES_ROOT: ediRoot } });
  token = await runtime.login();
});

afterAll(async () => {
  await runtime?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('the shipped templates on the real runtime', () => {
  let templates: Template[] = [];

  it('instantiates each from its example parameters as version 1', async () => {
    const list = await api<{ templates: Array<{ id: string }> }>('GET', '/api/templates');
    templates = await Promise.all(list.body.templates.map(async ({ id }) => (await api<Template>('GET', `/api/templates/${id}`)).body));
    expect(templates.map((template) => template.id).sort()).toEqual(Object.keys(PARTNERS).sort());
    for (const template of templates) {
      const answer = await api<Instantiated>('POST', `/api/templates/${template.id}/instantiate`, { partnerId: PARTNERS[template.id], params: paramsFor(template) });
      expect(answer.status, `${template.id}: ${JSON.stringify(answer.body)}`).toBe(201);
      expect(answer.body.flow).toMatchObject({ version: 1, template: `${template.id}@1` });
      onboarded[template.id] = answer.body;
    }
    expect(onboarded['customer-order-status-webhook']!.generatedSecrets.erpEventToken).toMatch(/^tls_/);
    // The demo ERP lets a partner act only on its own POs: issue the POs these tests acknowledge to their partners.
    for (const [po, partnerId] of [['PO-1004', 'x12-fasteners'], ['PO-1005', 'x12-fasteners'], ['PO-1001', 'asn-fasteners']]) {
      expect((await api('PUT', `/demo-erp/purchase-orders/${po}/supplier`, { partnerId })).status).toBe(200);
    }
  });

  it('dry-runs every template\'s example document through its first entry without reaching the ERP', async () => {
    // The returns example refers to sales order SO-7001 of account C-1001: commit that order to the demo ERP first.
    const order = { account: 'C-1001', customerOrderNumber: 'DRY-1', lines: [{ line: 1, sku: 'SKU-50001', qty: 2, unitPrice: 22.5 }] };
    const committed = await fetch(`${runtime.url}/demo-erp/sales-orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'dry-run-order' }, body: JSON.stringify(order) });
    expect(((await committed.json()) as { orderNumber: string }).orderNumber).toBe('SO-7001');
    const before = (await runtime.api<{ appliedUpdates: number }>('GET', '/demo-erp/_stats')).body.appliedUpdates;
    for (const template of templates) {
      const entry = template.entries[0]!.node;
      const run = await api<{ ok: boolean; hops: Array<{ nodeId: string; treatment: string; outputs: unknown[] }> }>('POST', `/api/templates/${template.id}/dry-run`, {
        partnerId: `dry-${template.id.split('-')[1]}`, params: paramsFor(template), document: template.example.documents![entry],
      });
      expect(run.status, `${template.id}: ${JSON.stringify(run.body)}`).toBe(200);
      expect(run.body.ok, `${template.id}: ${JSON.stringify(run.body)}`).toBe(true);
      expect(run.body.hops.some((hop) => hop.treatment === 'stubbed' && hop.outputs.length === 1), template.id).toBe(true);
    }
    expect(received).toEqual([]);
    expect((await runtime.api<{ appliedUpdates: number }>('GET', '/demo-erp/_stats')).body.appliedUpdates).toBe(before);
    // Neither a sales order nor a return authorisation was created by the customer templates' dry runs.
    expect((await runtime.api<{ count: number }>('GET', '/demo-erp/sales-orders')).body.count).toBe(1);
    expect((await runtime.api<{ lines: Array<{ returnedQty: number }> }>('GET', '/demo-erp/sales-orders/SO-7001')).body.lines[0]!.returnedQty).toBe(0);
  });

  it('X12 over HTTP: an 855 is answered with a 997 and reaches the demo ERP', async () => {
    const partner = 'x12-fasteners';
    const template = templates.find((t) => t.id === 'supplier-x12')!;
    const response = await fetch(`${runtime.url}/partners/${partner}/x12`, {
      method: 'POST', headers: { 'content-type': 'application/edi-x12', 'x-api-key': onboarded['supplier-x12']!.credentials.apiKey! }, body: template.example.documents!['x12-in'] as string,
    });
    const body = (await response.json()) as { acknowledgement: string };
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.acknowledgement).toContain('ST*997*');
    expect(await waitFor(async () => ((await lineAckStatus('PO-1004')) === 'accepted' ? true : undefined), isDefined, 10_000, 'the 855 in the ERP')).toBe(true);
    const outbound = path.join(ediRoot, 'supplier-x12', 'outbound');
    expect(readdirSync(outbound).some((name) => name.startsWith('997-'))).toBe(true);
  });

  it('X12 beyond tolerance: an 855 priced 20% over the PO is answered with a 997 but held for the buyer, not posted', async () => {
    const partner = 'x12-fasteners';
    const template = templates.find((t) => t.id === 'supplier-x12')!;
    const historyBefore = (await runtime.api<{ history: unknown[] }>('GET', '/demo-erp/purchase-orders/PO-1004')).body.history;
    const interchange = (template.example.documents!['x12-in'] as string).replace('*24.9*', '*29.88*').replace('ACK-4', 'ACK-4B').replace(/000000301/g, '000000303').replace(/\*301\*/g, '*303*').replace('GE*1*301', 'GE*1*303');
    const response = await fetch(`${runtime.url}/partners/${partner}/x12`, { method: 'POST', headers: { 'content-type': 'application/edi-x12', 'x-api-key': onboarded['supplier-x12']!.credentials.apiKey! }, body: interchange });
    const body = (await response.json()) as { acknowledgement: string };
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.acknowledgement).toContain('ST*997*');
    const held = await waitFor(async () => {
      const list = await api<{ exceptions: Array<{ keys: Record<string, string>; nodeId: string; details: Array<Record<string, unknown>> }> }>('GET', `/api/exceptions?partner=${partner}&kind=tolerance`);
      return list.body.exceptions.length ? list.body.exceptions : undefined;
    }, isDefined, 10_000, 'the tolerance exception');
    expect(held).toEqual([expect.objectContaining({ keys: { poNumber: 'PO-1004', ackNumber: 'ACK-4B' }, nodeId: `${partner}-x12.tolerance-855` })]);
    expect(held[0]!.details).toEqual([expect.objectContaining({ path: 'payload.lines[0].promisedUnitPrice', field: 'unitPrice', expected: 24.9, actual: 29.88, deviation: 20, allowed: 2 })]);
    expect((await runtime.api<{ history: unknown[] }>('GET', '/demo-erp/purchase-orders/PO-1004')).body.history).toEqual(historyBefore);
  });

  it('X12 drop directory: a dropped 855 is picked up, removed and posted to the ERP', async () => {
    const inbound = path.join(ediRoot, 'supplier-x12', 'inbound');
    const template = templates.find((t) => t.id === 'supplier-x12')!;
    // PO-1005 line 1 is 500 EA of SKU-10003 at 0.03: the 855 has to match it within the partner's tolerance to be posted.
    const interchange = (template.example.documents!['x12-in'] as string).replace(/PO-1004/g, 'PO-1005').replace('SKU-50001', 'SKU-10003').replace(/\*400\*/g, '*500*').replace('*24.9*', '*0.03*').replace('000000301', '000000302').replace('000000301', '000000302');
    mkdirSync(inbound, { recursive: true });
    writeFileSync(path.join(inbound, 'incoming.tmp'), interchange);
    renameSync(path.join(inbound, 'incoming.tmp'), path.join(inbound, 'inbound.x12'));
    expect(await waitFor(async () => ((await lineAckStatus('PO-1005')) === 'accepted' ? true : undefined), isDefined, 10_000, 'the dropped 855 in the ERP')).toBe(true);
    await waitFor(async () => (!existsSync(path.join(inbound, 'inbound.x12')) || readFileSync(path.join(inbound, 'inbound.x12'), 'utf8') === '' ? true : undefined), isDefined, 10_000, 'the picked-up file to go');
  });

  it('X12 outbound: a purchase order from the ERP is written as an 850 file', async () => {
    const url = `${runtime.url}/hooks/x12-fasteners-x12/erp-events/x12-fasteners/purchase-orders`;
    const post = (headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(canonicalExamples.PurchaseOrder) });
    expect(onboarded['supplier-x12']!.generatedSecrets.erpEventToken).toMatch(/^tls_/);
    const answer = await post({ 'x-erp-token': onboarded['supplier-x12']!.generatedSecrets.erpEventToken! });
    const body = (await answer.json()) as { status: string; file: string };
    expect(answer.status, JSON.stringify(body)).toBe(202);
    expect(readFileSync(body.file, 'utf8')).toMatch(/^ISA\*.*\*ZZ\*ACMEFAST {7}\*/);
  });

  it('ASN CSV upload reaches the demo ERP', async () => {
    const csv = 'asnNumber,poNumber,line,supplierItem,qty,shipDate\nSH-77,PO-1001,1,AC-8812,100,2026-11-28\n';
    const response = await fetch(`${runtime.url}/partners/asn-fasteners/asns`, { method: 'POST', headers: { 'content-type': 'text/csv', 'x-api-key': onboarded['supplier-asn-csv']!.credentials.apiKey! }, body: csv });
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.erpReference).toEqual(expect.any(String));
    const bad = await fetch(`${runtime.url}/partners/asn-fasteners/asns`, { method: 'POST', headers: { 'content-type': 'text/csv', 'x-api-key': onboarded['supplier-asn-csv']!.credentials.apiKey! }, body: 'asnNumber,poNumber,line,supplierItem,qty,shipDate\nSH-78,PO-1001,one,AC-8812,100,2026-11-28\n' });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { details: Array<{ path: string }> }).details.map((detail) => detail.path)).toEqual(['$[0].line']);
  });

  it('an ERP order-status event becomes a signed webhook with the mapped status', async () => {
    const url = `${runtime.url}/hooks/order-status-hardware-order-status/erp-events/order-status-hardware/order-status`;
    const event = { orderNumber: 'SO-5001', status: 'shipped', trackingNumber: '1Z999' };
    const refused = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-erp-token': 'wrong' }, body: JSON.stringify(event) });
    expect(refused.status).toBe(401);
    const accepted = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-erp-token': onboarded['customer-order-status-webhook']!.generatedSecrets.erpEventToken! }, body: JSON.stringify(event) });
    expect(accepted.status, await accepted.clone().text()).toBe(202);
    expect(received).toHaveLength(1);
    const [delivery] = received;
    const header = (name: string) => String(delivery!.headers[name] ?? '');
    // v2, computed as docs/partners.md tells the customer to: timestamp, method, path, key headers, body.
    const canonical = `v2:${header('x-tradelane-timestamp')}\nPOST\n/hooks\n${header('idempotency-key')}\n${header('x-correlation-id')}\n${delivery!.body}`;
    const expected = `v2=${createHmac('sha256', onboarded['customer-order-status-webhook']!.credentials.webhookSecret!).update(canonical).digest('hex')}`;
    expect(delivery!.headers['x-tradelane-signature']).toBe(expected);
    expect(JSON.parse(delivery!.body)).toMatchObject({ type: 'order.status_changed', partnerId: 'order-status-hardware', data: { orderNumber: 'SO-5001', status: 'SHIPPED' } });
  });
});
