// Information leaks and framing: a 500 never echoes internal messages (paths, hosts), and the designer and API send CSP, X-Frame-Options and nosniff.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { errorHandler } from '../../runtime/api/http-error.js';

describe('HTTP hygiene', () => {
  let runtime: RuntimeProcess;

  beforeAll(async () => {
    runtime = await startRuntime({ args: ['--no-demo'] });
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  it('answers an internal failure with a request id only; the message goes to the log', async () => {
    // An error whose message names a file, as a failing store does (EACCES, ENOSPC ...).
    const logged: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => { logged.push(JSON.parse(line) as Record<string, unknown>); } });
    const app = express();
    app.get('/api/explode', () => { throw new Error('EACCES: permission denied, open \'/srv/tradelane/.tradelane/xref.db\''); });
    app.use(errorHandler(logger));
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/explode`);
      const body = (await response.json()) as { requestId: string };
      expect(response.status).toBe(500);
      expect(body).toEqual({ error: 'internal error', details: [], requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(JSON.stringify(body)).not.toContain('/srv/tradelane');
      expect(response.headers.get('x-request-id')).toBe(body.requestId);
      expect(logged).toEqual([expect.objectContaining({ requestId: body.requestId, err: expect.objectContaining({ message: expect.stringContaining('/srv/tradelane') }) })]);
    } finally {
      server.close();
    }
  });

  it('sends CSP, X-Frame-Options: DENY and nosniff on the designer and the API', async () => {
    const page = await fetch(`${runtime.url}/`, { headers: { accept: 'text/html' } });
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('worker-src');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');

    for (const route of ['/api/health', '/api/openapi.json', '/api/flows']) {
      const response = await fetch(`${runtime.url}${route}`);
      expect(response.headers.get('content-security-policy'), route).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options'), route).toBe('DENY');
      expect(response.headers.get('x-content-type-options'), route).toBe('nosniff');
    }
  });
});
