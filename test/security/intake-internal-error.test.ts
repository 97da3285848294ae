// Accident: a partner endpoint fails inside (a store error with a connection string in its message); the partner must not see it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartnerRouteTable } from '../../runtime/api/partner-endpoints.js';
import type { Logger } from '../../runtime/logger.js';

const logged: Array<{ fields: Record<string, unknown>; message: string }> = [];
const logger = { error: (fields: Record<string, unknown>, message: string) => logged.push({ fields, message }) } as unknown as Logger;

describe('a partner endpoint that fails inside', () => {
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    const table = new PartnerRouteTable(logger, { defaultBodyLimit: 1024, rateLimitOf: async () => ({ perSecond: 100, burst: 100 }) });
    table.register('POST', '/partners/acme/acks', () => {
      throw new Error('connect ECONNREFUSED postgres://tradelane:hunter2@db.internal:5432/ledger');
    }, { partnerId: 'acme' });
    const app = express();
    app.use(table.middleware);
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers 500 with no internal message, and logs the real error under the same correlation id', async () => {
    const response = await fetch(`${url}/partners/acme/acks`, { method: 'POST', headers: { 'x-correlation-id': 'corr-500' }, body: '{}' });
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: 'internal error', details: [], correlationId: 'corr-500' });
    expect(text).not.toContain('hunter2');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.fields).toMatchObject({ correlationId: 'corr-500', path: '/partners/acme/acks' });
    expect(String(logged[0]!.fields.err)).toContain('hunter2');
  });
});
