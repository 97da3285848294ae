// Demo ERP fault injection (error rate, down for N seconds, latency, lost responses) and its SOAP endpoint.
import { describe, expect, it, vi } from 'vitest';
import type { PurchaseOrderView } from '../../nodes/erp/demo-erp/index.js';
import { buildSoapRequest, DEMO_ERP_SOAP_NS, parseSoapEnvelope } from '../../nodes/erp/soap-envelope.js';
import { ackFor, call, useDemoErp } from './demo-erp-helpers.js';

const erp = useDemoErp({ resetFaults: 'before-each' });

const setFaults = (settings: Record<string, unknown>) => call(`${erp.baseUrl}/_faults`, { method: 'PUT', control: true, json: settings });
const getPo = async (poNumber: string) => (await call(`${erp.baseUrl}/purchase-orders/${poNumber}`)).body as PurchaseOrderView;

describe('demo ERP fault injection', () => {
  it('answers 503 for every request at error rate 1 and applies nothing', async () => {
    expect((await setFaults({ errorRate: 1 })).status).toBe(200);
    const result = await call(`${erp.baseUrl}/purchase-orders/PO-1001/acknowledgements`, { json: ackFor('PO-1001', 'A-1'), headers: { 'Idempotency-Key': 'f-1' } });
    expect(result.status).toBe(503);
    expect(result.headers.get('retry-after')).toBe('1');
    await call(`${erp.baseUrl}/_faults/reset`, { method: 'POST', control: true });
    expect((await getPo('PO-1001')).history).toHaveLength(0);
    expect(((await call(`${erp.baseUrl}/_stats`)).body as { injectedFaults: number }).injectedFaults).toBeGreaterThanOrEqual(1);
  });

  it('uses the configured error status', async () => {
    await setFaults({ errorRate: 1, errorStatus: 429 });
    expect((await call(`${erp.baseUrl}/purchase-orders/PO-1001`)).status).toBe(429);
  });

  it('is down for N seconds with Retry-After, then recovers by itself', async () => {
    const view = await setFaults({ downForSeconds: 1 });
    expect(view.body).toMatchObject({ downForSeconds: 1, downUntil: expect.any(String) });
    const down = await call(`${erp.baseUrl}/purchase-orders/PO-1001`);
    expect(down.status).toBe(503);
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // The control API keeps answering while the ERP is down.
    expect((await call(`${erp.baseUrl}/_faults`, { control: true })).status).toBe(200);
    await vi.waitFor(async () => expect((await call(`${erp.baseUrl}/purchase-orders/PO-1001`)).status).toBe(200), { timeout: 5000, interval: 100 });
  });

  it('delays requests when latency is set and still answers them', async () => {
    await setFaults({ latencyMs: 30 });
    expect((await call(`${erp.baseUrl}/purchase-orders/PO-1001`)).status).toBe(200);
    const stats = (await call(`${erp.baseUrl}/_stats`)).body as { faults: { delayedRequests: number } };
    expect(stats.faults.delayedRequests).toBeGreaterThanOrEqual(1);
  });

  it('with a lost response, applies the update once and replays it to the retry', async () => {
    await setFaults({ lostResponseRate: 1 });
    const lost = await call(`${erp.baseUrl}/purchase-orders/PO-1007/acknowledgements`, { json: ackFor('PO-1007', 'A-1'), headers: { 'Idempotency-Key': 'lost-1' } });
    expect(lost.status).toBe(503);
    await call(`${erp.baseUrl}/_faults/reset`, { method: 'POST', control: true });
    const retry = await call(`${erp.baseUrl}/purchase-orders/PO-1007/acknowledgements`, { json: ackFor('PO-1007', 'A-1'), headers: { 'Idempotency-Key': 'lost-1' } });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await getPo('PO-1007')).history).toHaveLength(1);
  });

  it('rejects invalid fault settings with located details', async () => {
    const result = await setFaults({ errorRate: 2, bogus: true });
    expect(result.status).toBe(400);
    const paths = (result.body as { details: Array<{ path: string }> }).details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['$.errorRate', '$.bogus']));
  });
});

describe('demo ERP SOAP endpoint', () => {
  const soapAck = (ack: Record<string, unknown>) => buildSoapRequest({ operation: 'AcknowledgePurchaseOrder', namespace: DEMO_ERP_SOAP_NS, payload: ack });
  const postSoap = (xml: string, headers: Record<string, string> = {}) => call(`${erp.baseUrl}/soap`, { text: xml, contentType: 'text/xml; charset=utf-8', headers: { SOAPAction: 'AcknowledgePurchaseOrder', ...headers } });

  it('applies AcknowledgePurchaseOrder and answers a SOAP response; the same key replays it', async () => {
    const xml = soapAck(ackFor('PO-1012', 'S-1'));
    const first = await postSoap(xml, { 'Idempotency-Key': 'soap-1', 'X-Correlation-Id': 'soap-corr' });
    expect(first.status).toBe(200);
    const parsed = parseSoapEnvelope(String(first.body), { typedValues: true });
    expect(parsed).toMatchObject({ kind: 'body', operation: 'AcknowledgePurchaseOrderResponse', content: { poNumber: 'PO-1012', applied: true, erpReference: expect.stringMatching(/^ERP-ACK-\d{6}$/) } });
    const again = await postSoap(xml, { 'Idempotency-Key': 'soap-1' });
    expect(again.body).toBe(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const order = await getPo('PO-1012');
    expect(order.history).toHaveLength(1);
    expect(order.history[0]).toMatchObject({ correlationId: 'soap-corr' });
    expect(order.lines[1]).toMatchObject({ confirmedQty: 5 });
  });

  it('answers a soap:Client fault with a located detail for a line not on the PO', async () => {
    const result = await postSoap(soapAck(ackFor('PO-1013', 'S-1', { lines: [{ line: 99, status: 'accepted' }] })), { 'Idempotency-Key': 'soap-2' });
    expect(result.status).toBe(500);
    const parsed = parseSoapEnvelope(String(result.body));
    expect(parsed.kind).toBe('fault');
    if (parsed.kind !== 'fault') return;
    expect(parsed.fault.faultcode).toBe('soap:Client');
    expect(parsed.fault.detail).toMatchObject({ ErpFault: { code: 'BUSINESS_RULE_VIOLATION', problem: { path: '$.lines[0].line' } } });
  });

  it('answers malformed XML and a missing key with Client faults', async () => {
    const malformed = parseSoapEnvelope(String((await postSoap('<soap:Envelope><oops>', { 'Idempotency-Key': 'soap-3' })).body));
    expect(malformed).toMatchObject({ kind: 'fault', fault: { faultcode: 'soap:Client', detail: { ErpFault: { code: 'MALFORMED_XML' } } } });
    const noKey = parseSoapEnvelope(String((await postSoap(soapAck(ackFor('PO-1013', 'S-1')))).body));
    expect(noKey).toMatchObject({ kind: 'fault', fault: { faultcode: 'soap:Client', faultstring: expect.stringContaining('Idempotency-Key') } });
  });
});
