// Attacks on partner endpoints by volume and slowness: wrong-key floods, unauthenticated big bodies, slow bodies and slow headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { createPartner, deployFlow, postToPartner } from '../domain/helpers.js';
import { rawExchange, statusOf } from './raw-http.js';

describe('partner endpoints under flood', () => {
  let runtime: RuntimeProcess;
  let token: string;
  let apiKey: string;

  beforeAll(async () => {
    runtime = await startRuntime();
    token = await runtime.login();
    apiKey = (await createPartner(runtime, token, { id: 'acme', name: 'Acme', rateLimit: { perSecond: 0.01, burst: 3 } })).credentials.apiKey!;
    await createPartner(runtime, token, { id: 'roomy', name: 'Roomy' });
    await createPartner(runtime, token, { id: 'signer', name: 'Signer', authMethod: 'hmac' });
    await deployFlow(runtime, token, 'flood', [
      { id: 'acme-in', type: 'tl-intake', partnerId: 'acme', path: 'acks', auth: 'api-key', wires: [['acme-ok']] },
      { id: 'acme-ok', type: 'tl-respond', statusCode: 200 },
      { id: 'roomy-in', type: 'tl-intake', partnerId: 'roomy', path: 'acks', auth: 'api-key', bodyTimeoutMs: 1000, wires: [['roomy-ok']] },
      { id: 'roomy-ok', type: 'tl-respond', statusCode: 200 },
      { id: 'signer-in', type: 'tl-intake', partnerId: 'signer', path: 'acks', auth: 'partner', wires: [['signer-ok']] },
      { id: 'signer-ok', type: 'tl-respond', statusCode: 200 },
      // Its partner was never created: requests are limited by client IP.
      { id: 'ghost-in', type: 'tl-intake', partnerId: 'ghost', path: 'acks', auth: 'api-key', wires: [['ghost-ok']] },
      { id: 'ghost-ok', type: 'tl-respond', statusCode: 200 },
    ]);
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('shows the default rate limit on a partner and refuses a broken one', async () => {
    const roomy = await runtime.api<{ rateLimit: unknown }>('GET', '/api/partners/roomy', undefined, token);
    expect(roomy.body.rateLimit).toEqual({ perSecond: 50, burst: 100 });
    const broken = await runtime.api<{ details: Array<{ path: string }> }>('POST', '/api/partners', { id: 'broken', name: 'B', rateLimit: { perSecond: 0, burst: 1 } }, token);
    expect(broken.status).toBe(400);
    expect(broken.body.details[0]!.path).toContain('rateLimit');
  });

  it('answers a wrong-key flood for a partner with 429, Retry-After and a located body once its burst is spent', async () => {
    const answers = [];
    for (let request = 0; request < 6; request++) answers.push(await postToPartner(runtime, '/partners/acme/acks', '{}', { 'content-type': 'application/json', 'x-api-key': 'tlk_guess' }));
    expect(answers.slice(0, 3).map((answer) => answer.status)).toEqual([401, 401, 401]);
    expect(answers.slice(3).map((answer) => answer.status)).toEqual([429, 429, 429]);
    expect(answers[3]!.body).toMatchObject({ error: 'too many requests', details: [{ path: 'path.partnerId', message: expect.stringContaining('partner "acme" is limited') }] });
    const limited = await fetch(`${runtime.url}/partners/acme/acks`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: '{}' });
    expect(limited.status).toBe(429); // the right key does not lift the limit: it is the partner's budget
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('limits requests for a partner that does not exist by client IP', async () => {
    const statuses = await Promise.all(Array.from({ length: 40 }, () => postToPartner(runtime, '/partners/ghost/acks', '{}', { 'x-api-key': 'tlk_guess' }).then((answer) => answer.status)));
    expect(statuses).toContain(401);
    expect(statuses).toContain(429);
  });

  it('refuses a wrong API key from the headers alone, without waiting for a declared 1 MB body', async () => {
    const request = 'POST /partners/roomy/acks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Api-Key: tlk_guess\r\nContent-Length: 1000000\r\n\r\n';
    const { answer } = await rawExchange(runtime.url, request, 5000);
    expect(statusOf(answer)).toBe(401);
    expect(answer).toMatch(/connection: close/i);
    expect(answer).toContain('API key is not valid for this partner');
  });

  it('refuses a stale or malformed HMAC signature from the headers alone, without waiting for a declared 1 MB body', async () => {
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    for (const [timestamp, signature, fault] of [[stale, `v2=${'0'.repeat(64)}`, 'X-Tradelane-Timestamp'], [String(Math.floor(Date.now() / 1000)), 'sha256=zz', 'X-Tradelane-Signature']] as const) {
      const request = `POST /partners/signer/acks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Tradelane-Timestamp: ${timestamp}\r\nX-Tradelane-Signature: ${signature}\r\nContent-Length: 1000000\r\n\r\n`;
      const { answer } = await rawExchange(runtime.url, request, 5000);
      expect(statusOf(answer)).toBe(401);
      expect(answer).toContain(`header.${fault}`);
    }
  });

  it('answers 408 and closes the connection when an authenticated body trickles in too slowly', async () => {
    const key = (await runtime.api<{ apiKey: string }>('POST', '/api/partners/roomy/rotate-key', {}, token)).body.apiKey;
    const request = `POST /partners/roomy/acks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Api-Key: ${key}\r\nContent-Length: 100\r\n\r\n{"start":`;
    const { answer, closedByServer } = await rawExchange(runtime.url, request, 8000);
    expect(statusOf(answer)).toBe(408);
    expect(answer).toContain('the whole body must arrive within 1000 ms');
    expect(closedByServer).toBe(true);
  });

  it('closes a connection whose headers never finish', async () => {
    const { closedByServer } = await rawExchange(runtime.url, 'POST /partners/roomy/acks HTTP/1.1\r\nHost: x\r\nX-Api-Key: tl', 25_000);
    expect(closedByServer).toBe(true);
  }, 30_000);
});
