// tl-erp-post through the SDK harness against the real demo ERP (random port) and a scripted stub server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeHarness, type NodeHarness } from '../../nodes/sdk/index.js';
import { erpPostNode } from '../../nodes/erp/index.js';
import type { PurchaseOrderView } from '../../nodes/erp/demo-erp/index.js';
import { ackFor, call, useDemoErp } from './demo-erp-helpers.js';
import { json, startStubServer, type StubServer } from './stub-server.js';

const erp = useDemoErp({ resetFaults: 'before-each' });
const harnesses: NodeHarness[] = [];

afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
});

async function postNode(properties: Record<string, unknown> = {}, options: Parameters<typeof createNodeHarness>[2] = {}): Promise<NodeHarness> {
  const harness = await createNodeHarness(erpPostNode, { baseUrl: erp.baseUrl, ...properties }, options);
  harnesses.push(harness);
  return harness;
}

const getPo = async (poNumber: string) => (await call(`${erp.baseUrl}/purchase-orders/${poNumber}`)).body as PurchaseOrderView;

describe('tl-erp-post against the demo ERP (REST)', () => {
  it('posts the acknowledgement and puts the ERP answer and facts on the message', async () => {
    const node = await postNode();
    const result = await node.send({ payload: ackFor('PO-1001', 'A-1'), partnerId: 'demo-supplier', correlationId: 'corr-post-1' });
    expect(result.error).toBeUndefined();
    const out = result.outputs[0]?.[0];
    expect(out?.payload).toMatchObject({ erpReference: expect.stringMatching(/^ERP-ACK-\d{6}$/), poNumber: 'PO-1001', applied: true });
    expect(out?.erp).toMatchObject({ status: 201, reference: (out?.payload as { erpReference: string }).erpReference, idempotencyKey: 'demo-supplier:po=PO-1001:ack=A-1', replayed: false, durationMs: expect.any(Number) });
    const order = await getPo('PO-1001');
    expect(order.history).toHaveLength(1);
    expect(order.history[0]).toMatchObject({ idempotencyKey: 'demo-supplier:po=PO-1001:ack=A-1', correlationId: 'corr-post-1' });
  });

  it('sends the same message twice and the ERP applies it once', async () => {
    const node = await postNode();
    const message = { payload: ackFor('PO-1002', 'A-1'), partnerId: 'demo-supplier' };
    const first = await node.send(structuredClone(message));
    const second = await node.send(structuredClone(message));
    expect(second.outputs[0]?.[0]?.payload).toEqual(first.outputs[0]?.[0]?.payload);
    expect(second.outputs[0]?.[0]?.erp).toMatchObject({ replayed: true });
    expect((await getPo('PO-1002')).history).toHaveLength(1);
  });

  it('keys on the configured expression and ignores msg.idempotencyKey (a partner header)', async () => {
    const node = await postNode({ idempotencyKeyExpression: '"expr-" & payload.poNumber & "-" & payload.ackNumber' });
    await node.send({ payload: ackFor('PO-1003', 'A-1') });
    const second = await node.send({ payload: ackFor('PO-1004', 'A-1'), idempotencyKey: 'explicit-key' });
    expect((await getPo('PO-1003')).history[0]?.idempotencyKey).toBe('expr-PO-1003-A-1');
    expect((await getPo('PO-1004')).history[0]?.idempotencyKey).toBe('expr-PO-1004-A-1');
    expect(second.outputs[0]?.[0]?.erp).toMatchObject({ idempotencyKey: 'expr-PO-1004-A-1' });
  });

  it('turns a 503 into a retryable ERP_UNAVAILABLE and records nothing in the ERP', async () => {
    await call(`${erp.baseUrl}/_faults`, { method: 'PUT', control: true, json: { errorRate: 1 } });
    const node = await postNode();
    const result = await node.send({ payload: ackFor('PO-1005', 'A-1') });
    expect(result.error).toMatchObject({ code: 'ERP_UNAVAILABLE', retryable: true, details: { status: 503, retryAfterMs: 1000 } });
    expect(result.outputs[0]).toEqual([]);
    await call(`${erp.baseUrl}/_faults/reset`, { method: 'POST', control: true });
    expect((await getPo('PO-1005')).history).toHaveLength(0);
  });

  it('turns a 400 into a permanent ERP_REJECTED with status and body', async () => {
    const node = await postNode();
    const result = await node.send({ payload: { poNumber: 'PO-1006', status: 'accepted', lines: [] } });
    expect(result.error).toMatchObject({ code: 'ERP_REJECTED', retryable: false, details: { status: 400, body: { details: [{ path: '$.ackNumber' }] } } });
    expect(result.error?.message).toContain('400');
  });

  it('turns a timeout into a retryable ERP_TIMEOUT', async () => {
    await call(`${erp.baseUrl}/_faults`, { method: 'PUT', control: true, json: { latencyMs: 2000 } });
    const node = await postNode({ timeoutMs: 200 });
    const result = await node.send({ payload: ackFor('PO-1007', 'A-1') });
    expect(result.error).toMatchObject({ code: 'ERP_TIMEOUT', retryable: true });
  });

  it('turns a refused connection into a retryable ERP_UNAVAILABLE', async () => {
    const stub = await startStubServer();
    const deadUrl = stub.url;
    await stub.close();
    const node = await postNode({ baseUrl: deadUrl });
    const result = await node.send({ payload: ackFor('PO-1008', 'A-1') });
    expect(result.error).toMatchObject({ code: 'ERP_UNAVAILABLE', retryable: true, details: { networkError: 'ECONNREFUSED' } });
  });

  it('resolves ${NAME} in baseUrl from the runtime settings', async () => {
    const node = await postNode({ baseUrl: '${TEST_ERP_URL}' }, { services: { settings: { TEST_ERP_URL: erp.baseUrl } } });
    const result = await node.send({ payload: ackFor('PO-1009', 'A-1') });
    expect(result.outputs[0]?.[0]?.erp).toMatchObject({ status: 201 });
  });

  it('fails every message with a clear error when ${NAME} is not set', async () => {
    await expect(createNodeHarness(erpPostNode, { baseUrl: '${TL_TEST_UNSET_VARIABLE}' })).rejects.toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringContaining('TL_TEST_UNSET_VARIABLE') });
  });
});

describe('tl-erp-post against the demo ERP (SOAP)', () => {
  it('posts through the SOAP endpoint and returns the response element', async () => {
    const node = await postNode({ adapter: 'soap', pathExpression: '"/soap"' });
    const result = await node.send({ payload: ackFor('PO-1011', 'S-1'), partnerId: 'demo-supplier', correlationId: 'soap-node' });
    expect(result.error).toBeUndefined();
    const out = result.outputs[0]?.[0];
    expect(out?.payload).toMatchObject({ poNumber: 'PO-1011', applied: true, ackStatus: 'changed' });
    expect(out?.erp).toMatchObject({ status: 200, reference: expect.stringMatching(/^ERP-ACK-/), idempotencyKey: 'demo-supplier:po=PO-1011:ack=S-1' });
    expect((await getPo('PO-1011')).history[0]).toMatchObject({ correlationId: 'soap-node', ackNumber: 'S-1' });
  });

  it('parses a soap:Fault into a located, permanent ERP_SOAP_FAULT', async () => {
    const node = await postNode({ adapter: 'soap', pathExpression: '"/soap"' });
    const result = await node.send({ payload: ackFor('PO-1012', 'S-1', { lines: [{ line: 77, status: 'accepted' }] }) });
    expect(result.error).toMatchObject({
      code: 'ERP_SOAP_FAULT',
      retryable: false,
      details: { status: 500, faultcode: 'soap:Client', problems: [{ path: '$.lines[0].line', message: expect.stringContaining('line 77') }] },
    });
    expect(result.error?.message).toContain('$.lines[0].line');
    expect(result.outputs[0]).toEqual([]);
  });
});

describe('tl-erp-post wire details (stub server)', () => {
  let stub: StubServer;
  beforeEach(async () => {
    stub = await startStubServer();
  });
  afterEach(async () => {
    await stub.close();
  });

  it('always sends Idempotency-Key, X-Correlation-Id and the configured auth', async () => {
    stub.script(json(200, { erpReference: 'R-1' }));
    const bearer = await postNode({ baseUrl: `${stub.url}/api/`, auth: 'bearer', pathExpression: '"/orders/" & payload.poNumber' }, { credentials: { token: 'tok-123' } });
    await bearer.send({ payload: { poNumber: 'PO-1' }, correlationId: 'c-wire' });
    const basic = await postNode({ baseUrl: stub.url, auth: 'basic', method: 'PUT' }, { credentials: { username: 'erp', password: 's3cret' } });
    await basic.send({ payload: { poNumber: 'PO-2', ackNumber: 'A' } });
    const apiKey = await postNode({ baseUrl: stub.url, auth: 'api-key', apiKeyHeader: 'X-Erp-Key' }, { credentials: { apiKey: 'key-9' } });
    await apiKey.send({ payload: { poNumber: 'PO-3', ackNumber: 'A' } });

    const [first, second, third] = stub.requests;
    expect(first).toMatchObject({ method: 'POST', url: '/api/orders/PO-1', headers: { authorization: 'Bearer tok-123', 'x-correlation-id': 'c-wire', 'idempotency-key': 'any:po=PO-1', 'content-type': 'application/json' } });
    expect(JSON.parse(first?.body ?? '')).toEqual({ poNumber: 'PO-1' });
    expect(second).toMatchObject({ method: 'PUT', url: '/purchase-orders/PO-2/acknowledgements', headers: { authorization: `Basic ${Buffer.from('erp:s3cret').toString('base64')}` } });
    expect(third?.headers['x-erp-key']).toBe('key-9');
    expect(third?.headers.authorization).toBeUndefined();
  });

  it('refuses to start with auth configured but its credential missing', async () => {
    await expect(createNodeHarness(erpPostNode, { baseUrl: stub.url, auth: 'bearer' })).rejects.toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringContaining('token') });
  });

  it('classifies 429 as retryable ERP_RATE_LIMITED with Retry-After, and 409 as permanent', async () => {
    stub.script(json(429, { error: 'slow down' }, { 'retry-after': '7' }), json(409, { error: 'conflict' }));
    const node = await postNode({ baseUrl: stub.url });
    const limited = await node.send({ payload: { poNumber: 'PO-1', ackNumber: 'A' } });
    expect(limited.error).toMatchObject({ code: 'ERP_RATE_LIMITED', retryable: true, details: { status: 429, retryAfterMs: 7000 } });
    const conflict = await node.send({ payload: { poNumber: 'PO-1', ackNumber: 'A' } });
    expect(conflict.error).toMatchObject({ code: 'ERP_REJECTED', retryable: false, details: { status: 409, body: { error: 'conflict' } } });
  });

  it('uses a hash of the request as the key when the payload has no document numbers, stable across retries', async () => {
    stub.script(json(200, {}));
    const node = await postNode({ baseUrl: stub.url, pathExpression: '"/things"' });
    await node.send({ payload: { b: 2, a: 1 }, partnerId: 'p1' });
    await node.send({ payload: { a: 1, b: 2 }, partnerId: 'p1' });
    await node.send({ payload: { a: 1, b: 3 }, partnerId: 'p1' });
    const keys = stub.requests.map((request) => request.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^p1:sha256=[0-9a-f]{64}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('fails with a permanent ERP_BAD_PATH when the path expression yields no path', async () => {
    const node = await postNode({ baseUrl: stub.url, pathExpression: 'payload.missing' });
    const result = await node.send({ payload: {} });
    expect(result.error).toMatchObject({ code: 'ERP_BAD_PATH', retryable: false });
    expect(stub.requests).toHaveLength(0);
  });

  it('treats a SOAP Server fault as retryable', async () => {
    stub.script({
      status: 500,
      headers: { 'content-type': 'text/xml' },
      body: '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>database locked</faultstring></s:Fault></s:Body></s:Envelope>',
    });
    const node = await postNode({ baseUrl: stub.url, adapter: 'soap', pathExpression: '"/ws"', soapOperation: 'PostOrder', soapNamespace: 'urn:x' });
    const result = await node.send({ payload: { poNumber: 'PO-1', lines: [{ line: 1 }, { line: 2 }] } });
    expect(result.error).toMatchObject({ code: 'ERP_SOAP_FAULT', retryable: true, details: { faultcode: 's:Server', faultstring: 'database locked' } });
    const sent = stub.requests[0];
    expect(sent?.headers.soapaction).toBe('"PostOrder"');
    expect(sent?.body).toContain('<PostOrder xmlns="urn:x"><poNumber>PO-1</poNumber><lines><line>1</line></lines><lines><line>2</line></lines></PostOrder>');
    expect(sent?.body).toContain('IdempotencyKey');
  });
});
