// The partner route table records what it refuses itself (429, 413, 408, 500) over real HTTP; 429 floods are recorded at a bounded rate.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../nodes/sdk/index.js';
import { PartnerRouteTable } from '../../runtime/api/partner-endpoints.js';
import type { Logger } from '../../runtime/logger.js';
import { rawExchange, statusOf } from '../security/raw-http.js';

const logger = { error: () => undefined } as unknown as Logger;

describe('partner route table refusals in the ledger', () => {
  let server: http.Server;
  let url: string;
  const ledger = new MemoryLedger();
  let handled = 0;

  beforeAll(async () => {
    const table = new PartnerRouteTable(logger, { defaultBodyLimit: 64, rateLimitOf: async (partnerId) => (partnerId === 'tight' ? { perSecond: 0.01, burst: 1 } : { perSecond: 1000, burst: 1000 }), ledger });
    table.register('POST', '/partners/acme/acks', (_request, response) => { handled++; response.send(200, {}); }, { partnerId: 'acme', bodyTimeoutMs: 300 });
    table.register('POST', '/partners/tight/acks', (_request, response) => response.send(200, {}), { partnerId: 'tight' });
    table.register('POST', '/partners/acme/broken', () => { throw new Error('store down: postgres://u:hunter2@db/x'); }, { partnerId: 'acme' });
    table.register('POST', '/partners/acme/checked', (_request, response) => response.send(200, {}), {
      partnerId: 'acme', preAuth: () => ({ status: 401, body: { error: 'unauthorized', details: [], correlationId: 'node-decides' } }),
    });
    const app = express();
    app.use(table.middleware);
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (path: string, body: string, correlationId: string) => fetch(`${url}${path}`, { method: 'POST', headers: { 'x-correlation-id': correlationId, 'content-type': 'application/json' }, body });
  const recorded = (correlationId: string) => ledger.all().filter((document) => document.correlationId === correlationId);

  it('records a body over the limit as refused 413 with partner, path, declared size and the located limit', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(200) });
    const response = await post('/partners/acme/acks', body, 'c-413');
    expect(response.status).toBe(413);
    expect(recorded('c-413')).toEqual([expect.objectContaining({
      direction: 'in', channel: 'intake', documentType: 'http-request', status: 'refused', httpStatus: 413, partnerId: 'acme', sizeBytes: Buffer.byteLength(body),
      errors: [{ path: '$', message: 'limit is 64 bytes' }], facts: { path: '/partners/acme/acks', method: 'POST', reason: 'too-large' },
    })]);
    expect(handled).toBe(0);
  });

  it('records a body that does not arrive in time as refused 408', async () => {
    const { answer } = await rawExchange(url, 'POST /partners/acme/acks HTTP/1.1\r\nHost: x\r\nX-Correlation-Id: c-408\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"a":', 2000);
    expect(statusOf(answer)).toBe(408);
    expect(recorded('c-408')).toEqual([expect.objectContaining({ status: 'refused', httpStatus: 408, sizeBytes: 40, facts: expect.objectContaining({ reason: 'too-slow' }) })]);
  });

  it('records a rate-limited request as refused 429, and a flood at a bounded rate with the count of the rest', async () => {
    expect((await post('/partners/tight/acks', '{}', 'c-first')).status).toBe(200);
    const statuses: number[] = [];
    for (let index = 0; index < 40; index++) statuses.push((await post('/partners/tight/acks', '{}', `c-flood-${index}`)).status);
    expect(statuses.every((status) => status === 429)).toBe(true);
    const limited = ledger.all().filter((document) => document.httpStatus === 429);
    expect(limited.length).toBeGreaterThanOrEqual(20);
    expect(limited.length).toBeLessThan(40);
    expect(limited[0]).toMatchObject({ status: 'refused', partnerId: 'tight', errors: [{ path: 'path.partnerId' }], facts: { reason: 'rate-limited' } });
    expect(recorded('c-first')).toEqual([]);
  });

  it('records an internal failure as failed 500 without the internal message, and leaves a node\'s own refusal to the node', async () => {
    expect((await post('/partners/acme/broken', '{}', 'c-500')).status).toBe(500);
    const [failure] = recorded('c-500');
    expect(failure).toMatchObject({ status: 'failed', httpStatus: 500, facts: { reason: 'internal-error' } });
    expect(JSON.stringify(failure)).not.toContain('hunter2');
    expect((await post('/partners/acme/checked', '{}', 'c-401')).status).toBe(401);
    expect(recorded('c-401')).toEqual([]);
    expect(recorded('node-decides')).toEqual([]);
  });
});
