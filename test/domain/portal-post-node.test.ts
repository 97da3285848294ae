// tl-portal-post through the SDK harness against a local partner API with an OAuth2 token endpoint: token reuse and renewal after 401, API keys, failure classification, ledger.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryServices, createNodeHarness } from '../../nodes/sdk/index.js';
import { portalPostNode } from '../../nodes/supplier-portal/index.js';

interface Call { path: string; headers: http.IncomingHttpHeaders; body: string }

const calls: Call[] = [];
let tokensIssued = 0;
/** The token the API accepts now; revoking it makes the API answer 401 until a new one is fetched. */
let validToken = '';
let server: http.Server;
let base: string;

function answer(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => {
      calls.push({ path: request.url ?? '', headers: request.headers, body });
      if (request.url === '/oauth/token') {
        const expected = `Basic ${Buffer.from('tradelane:s3cret').toString('base64')}`;
        if (request.headers.authorization !== expected) return answer(response, 401, { error: 'invalid_client', error_description: 'unknown client or wrong secret' });
        validToken = `tok-${++tokensIssued}`;
        return answer(response, 200, { access_token: validToken, token_type: 'Bearer', expires_in: 3600 });
      }
      if (request.url === '/api/orders') {
        if (request.headers.authorization !== `Bearer ${validToken}`) return answer(response, 401, { error: 'invalid token' });
        return answer(response, 201, { orderId: 'SO-1' });
      }
      if (request.url === '/api/keyed') return request.headers['x-portal-key'] === 'k-1' ? answer(response, 202, {}) : answer(response, 403, { error: 'bad key' });
      if (request.url === '/api/down') return answer(response, 503, { error: 'maintenance' });
      return answer(response, 422, { error: 'poNumber: unknown supplier item' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  calls.length = 0;
});

const ORDER = { poNumber: 'PO-4711', lines: [{ sku: 'A-1', quantity: 5 }] };

function oauthHarness(secret = 's3cret') {
  const services = createMemoryServices();
  const node = createNodeHarness(portalPostNode, { url: `${base}/api/orders`, tokenUrl: `${base}/oauth/token`, clientId: 'tradelane', partnerId: 'acme' }, { services, credentials: { clientSecret: secret } });
  return { services, node };
}

describe('tl-portal-post', () => {
  it('fetches one OAuth2 token for several sends, with a stable Idempotency-Key, and records each send', async () => {
    const { services, node } = oauthHarness();
    const portal = await node;
    const first = await portal.send({ correlationId: 'po-1', ledgerId: 'doc-po', payload: ORDER });
    expect(first.error).toBeUndefined();
    expect(first.outputs[0]![0]!.portal).toMatchObject({ status: 201, body: { orderId: 'SO-1' }, url: `${base}/api/orders` });
    const again = await portal.send({ correlationId: 'po-1', payload: ORDER });
    expect(again.error).toBeUndefined();
    const posts = calls.filter((call) => call.path === '/api/orders');
    expect(calls.filter((call) => call.path === '/oauth/token')).toHaveLength(1);
    expect(posts).toHaveLength(2);
    expect(posts[0]!.headers['idempotency-key']).toBe(posts[1]!.headers['idempotency-key']);
    expect(JSON.parse(posts[0]!.body)).toEqual(ORDER);
    expect(posts[0]!.headers['x-correlation-id']).toBe('po-1');
    expect(calls.find((call) => call.path === '/oauth/token')!.body).toBe('grant_type=client_credentials');
    expect(services.ledger.all()[0]).toMatchObject({ direction: 'out', channel: 'portal', status: 'sent', httpStatus: 201, partnerId: 'acme', parentId: 'doc-po', keys: { poNumber: 'PO-4711' }, documentType: 'purchaseOrder' });
    // The secret is never recorded.
    expect(JSON.stringify(services.ledger.all())).not.toContain('s3cret');
    await portal.close();
  });

  it('a token the API stops accepting (401) is replaced once, and the send goes through', async () => {
    const portal = await oauthHarness().node;
    await portal.send({ correlationId: 'po-2', payload: ORDER });
    validToken = 'revoked-by-the-partner';
    const result = await portal.send({ correlationId: 'po-3', payload: ORDER });
    expect(result.error).toBeUndefined();
    expect(calls.map((call) => call.path)).toEqual(['/oauth/token', '/api/orders', '/api/orders', '/oauth/token', '/api/orders']);
    await portal.close();
  });

  it('a refused client secret is PORTAL_AUTH_FAILED (not retryable) with the token endpoint\'s reason, recorded as failed', async () => {
    const { services, node } = oauthHarness('wrong');
    const portal = await node;
    const result = await portal.send({ correlationId: 'po-4', payload: ORDER });
    expect(result.error).toMatchObject({ code: 'PORTAL_AUTH_FAILED', retryable: false, message: expect.stringContaining('invalid_client: unknown client or wrong secret') });
    expect(services.ledger.all()).toEqual([expect.objectContaining({ status: 'failed', errors: [expect.objectContaining({ code: 'PORTAL_AUTH_FAILED' })] })]);
    await portal.close();
  });

  it('sends an API key in its header; 503 is retryable, 422 and 403 are not', async () => {
    const keyed = (path: string) => createNodeHarness(portalPostNode, { url: `${base}${path}`, auth: 'api-key', apiKeyHeader: 'X-Portal-Key' }, { credentials: { apiKey: 'k-1' } });
    const ok = await keyed('/api/keyed');
    expect((await ok.send({ correlationId: 'po-5', payload: ORDER })).error).toBeUndefined();
    await ok.close();
    const down = await keyed('/api/down');
    expect((await down.send({ correlationId: 'po-6', payload: ORDER })).error).toMatchObject({ code: 'PORTAL_UNAVAILABLE', retryable: true });
    await down.close();
    const refused = await keyed('/api/refuses');
    expect((await refused.send({ correlationId: 'po-7', payload: ORDER })).error).toMatchObject({ code: 'PORTAL_REJECTED', retryable: false, message: expect.stringContaining('unknown supplier item') });
    await refused.close();
    const wrongKey = await createNodeHarness(portalPostNode, { url: `${base}/api/keyed`, auth: 'api-key', apiKeyHeader: 'X-Portal-Key' }, { credentials: { apiKey: 'k-2' } });
    expect((await wrongKey.send({ correlationId: 'po-8', payload: ORDER })).error).toMatchObject({ code: 'PORTAL_REJECTED' });
    await wrongKey.close();
  });

  it('oauth2 without a token URL or a client secret does not start, naming the field', async () => {
    await expect(createNodeHarness(portalPostNode, { url: `${base}/api/orders`, clientId: 'tradelane' }, { credentials: { clientSecret: 'x' } }))
      .rejects.toMatchObject({ code: 'INVALID_CONFIG', details: [{ path: 'tokenUrl', message: 'is required for oauth2' }] });
    await expect(createNodeHarness(portalPostNode, { url: `${base}/api/orders`, tokenUrl: `${base}/oauth/token`, clientId: 'tradelane' }))
      .rejects.toMatchObject({ code: 'INVALID_CONFIG', details: [{ path: 'credentials.clientSecret', message: 'is required for oauth2' }] });
  });
});
