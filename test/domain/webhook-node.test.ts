// tl-webhook through the SDK harness against a local HTTP server: signed delivery, stable event IDs, failure classification.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryServices, createNodeHarness, ManualClock } from '../../nodes/sdk/index.js';
import { checkTimestamp, signLegacyV1, webhookNode } from '../../nodes/supplier-portal/index.js';
import { webhookVerifies } from './helpers.js';

const SECRET = 'tlw_unit-webhook-secret';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('tl-webhook', () => {
  let server: http.Server;
  let base: string;
  const received: Received[] = [];
  /** Status the test server answers per path. */
  const statusFor: Record<string, number> = { '/ok': 204, '/down': 503, '/busy': 429, '/bad': 400, '/gone': 410 };

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      request.on('end', () => {
        received.push({ path: request.url ?? '', headers: request.headers, body });
        if (request.url === '/slow') return; // never answers: the node must time out
        const status = statusFor[request.url ?? ''] ?? 404;
        if (status === 429) response.setHeader('Retry-After', '7');
        response.statusCode = status;
        response.end(status >= 400 ? `{"error":"status ${status}"}` : '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function webhook(config: Record<string, unknown>, webhookUrl?: string) {
    const services = createMemoryServices({ clock: new ManualClock(Date.parse('2026-05-01T12:00:00Z')) });
    services.partners.add({ id: 'acme', name: 'Acme', status: 'active', ...(webhookUrl ? { webhookUrl } : {}) }, undefined, { webhookSecret: SECRET });
    services.partners.add({ id: 'frozen', name: 'Frozen', status: 'suspended' }, undefined, { webhookSecret: SECRET });
    return createNodeHarness(webhookNode, { partnerId: 'acme', eventType: 'order.status_changed', ...config }, { services });
  }

  it('posts a signed event envelope that verifies with the partner secret', async () => {
    const harness = await webhook({ url: `${base}/ok` });
    const result = await harness.send({ correlationId: 'corr-w1', payload: { poNumber: 'PO-1', status: 'shipped' } });
    expect(result.error).toBeUndefined();
    const delivery = received.at(-1)!;
    const event = JSON.parse(delivery.body) as Record<string, unknown>;
    expect(event).toMatchObject({ type: 'order.status_changed', partnerId: 'acme', correlationId: 'corr-w1', occurredAt: '2026-05-01T12:00:00.000Z', data: { poNumber: 'PO-1', status: 'shipped' } });
    const timestamp = delivery.headers['x-tradelane-timestamp'] as string;
    expect(timestamp).toBe(String(Date.parse('2026-05-01T12:00:00Z') / 1000));
    expect(delivery.headers['x-tradelane-signature']).toMatch(/^v2=[0-9a-f]{64}$/);
    expect(webhookVerifies(SECRET, delivery)).toBe(true);
    expect(webhookVerifies('other-secret', delivery)).toBe(false);
    expect(webhookVerifies(SECRET, { ...delivery, path: '/elsewhere' })).toBe(false);
    expect(checkTimestamp(timestamp, Date.parse('2026-05-01T12:00:30Z'), 300)).toEqual({ ok: true });
    expect(delivery.headers).toMatchObject({ 'x-correlation-id': 'corr-w1', 'x-tradelane-event': 'order.status_changed', 'idempotency-key': event.id });
    expect(result.outputs[0]![0]!.webhook).toMatchObject({ status: 204, eventId: event.id, url: `${base}/ok` });
    await harness.close();
  });

  it('signs v1 only for a partner whose migration switch is on', async () => {
    const services = createMemoryServices({ clock: new ManualClock(Date.parse('2026-05-01T12:00:00Z')) });
    services.partners.add({ id: 'oldco', name: 'Old Co', status: 'active', legacyV1Signatures: true }, undefined, { webhookSecret: SECRET });
    const harness = await createNodeHarness(webhookNode, { partnerId: 'oldco', eventType: 'order.status_changed', url: `${base}/ok` }, { services });
    await harness.send({ correlationId: 'corr-v1', payload: { a: 1 } });
    const delivery = received.at(-1)!;
    const timestamp = delivery.headers['x-tradelane-timestamp'] as string;
    expect(delivery.headers['x-tradelane-signature']).toBe(signLegacyV1(SECRET, timestamp, delivery.body));
    expect(webhookVerifies(SECRET, delivery)).toBe(false);
    await harness.close();
  });

  it('sends the same event ID when the same message is delivered again', async () => {
    const harness = await webhook({ url: `${base}/ok` });
    await harness.send({ correlationId: 'corr-same', payload: { a: 1 } });
    await harness.send({ correlationId: 'corr-same', payload: { a: 1 } });
    await harness.send({ correlationId: 'corr-same', payload: { a: 2 } });
    const ids = received.slice(-3).map((delivery) => delivery.headers['x-tradelane-event-id']);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    await harness.close();
  });

  it('uses the partner webhook URL and msg.partnerId / msg.topic when the config leaves them empty', async () => {
    const harness = await webhook({ partnerId: '', eventType: '' }, `${base}/ok`);
    const result = await harness.send({ partnerId: 'acme', topic: 'asn.received', payload: {} });
    expect(result.error).toBeUndefined();
    expect(received.at(-1)!.headers['x-tradelane-event']).toBe('asn.received');
    await harness.close();
  });

  it.each([
    ['/down', 'WEBHOOK_UNAVAILABLE', true],
    ['/busy', 'WEBHOOK_RATE_LIMITED', true],
    ['/bad', 'WEBHOOK_REJECTED', false],
    ['/gone', 'WEBHOOK_REJECTED', false],
  ])('classifies %s as %s (retryable: %s)', async (path, code, retryable) => {
    const harness = await webhook({ url: `${base}${path}` });
    const result = await harness.send({ payload: {} });
    expect(result.error).toMatchObject({ code, retryable });
    expect(result.outputs[0]).toHaveLength(0);
    if (path === '/busy') expect(result.error!.details).toMatchObject({ status: 429, retryAfterMs: 7000 });
    await harness.close();
  });

  it('classifies a timeout and a refused connection as retryable', async () => {
    const slow = await webhook({ url: `${base}/slow`, timeoutMs: 200 });
    expect((await slow.send({ payload: {} })).error).toMatchObject({ code: 'WEBHOOK_TIMEOUT', retryable: true });
    await slow.close();
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await webhook({ url: `http://127.0.0.1:${port}/x` });
    expect((await refused.send({ payload: {} })).error).toMatchObject({ code: 'WEBHOOK_UNAVAILABLE', retryable: true });
    await refused.close();
  });

  it('refuses permanently without a URL, without a secret, or for a suspended partner', async () => {
    const noUrl = await webhook({});
    expect((await noUrl.send({ payload: {} })).error).toMatchObject({ code: 'WEBHOOK_NOT_CONFIGURED', retryable: false });
    const suspended = await webhook({ partnerId: 'frozen', url: `${base}/ok` });
    expect((await suspended.send({ payload: {} })).error).toMatchObject({ code: 'WEBHOOK_NOT_CONFIGURED', retryable: false });
    const noType = await webhook({ url: `${base}/ok`, eventType: '' });
    expect((await noType.send({ payload: {} })).error).toMatchObject({ code: 'INVALID_CONFIG' });
  });
});
