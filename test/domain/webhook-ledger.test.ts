// tl-webhook in the ledger against a local HTTP receiver: one document per attempt, sent or failed, without credentials or query secrets.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryServices, createNodeHarness, ManualClock } from '../../nodes/sdk/index.js';
import { webhookNode } from '../../nodes/supplier-portal/index.js';

const SECRET = 'tlw_ledger-webhook-secret';

describe('tl-webhook in the ledger', () => {
  let server: http.Server;
  let base: string;
  let port: number;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const status = request.url?.startsWith('/ok') ? 202 : request.url?.startsWith('/down') ? 503 : 400;
        response.statusCode = status;
        response.end(status >= 400 ? '{"error":"no"}' : '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function webhook(config: Record<string, unknown>) {
    const services = createMemoryServices({ clock: new ManualClock(Date.parse('2026-05-01T12:00:00Z')) });
    services.partners.add({ id: 'acme', name: 'Acme', status: 'active' }, undefined, { webhookSecret: SECRET });
    return createNodeHarness(webhookNode, { partnerId: 'acme', eventType: 'order.status_changed', ...config }, { services, nodeId: 'hook-1', flowId: 'status' });
  }

  it('records a delivered event as sent under the message\'s document, with status, duration, event id and URL without its query', async () => {
    const harness = await webhook({ url: `${base}/ok?token=s3cr3t-query` });
    const ledger = harness.services.ledger;
    const cause = ledger.record({ direction: 'in', channel: 'intake', documentType: 'acknowledgement', status: 'received', correlationId: 'c-1' });
    const { outputs, error } = await harness.send({ correlationId: 'c-1', ledgerId: cause, payload: { poNumber: 'PO-1001', status: 'shipped' } });
    expect(error).toBeUndefined();
    const [, delivery] = ledger.all();
    expect(delivery).toMatchObject({
      direction: 'out', channel: 'webhook', documentType: 'webhook-event', status: 'sent', correlationId: 'c-1', parentId: cause, partnerId: 'acme', flowId: 'status', nodeId: 'hook-1',
      httpStatus: 202, keys: { poNumber: 'PO-1001' },
      facts: { url: `${base}/ok`, eventType: 'order.status_changed', eventId: outputs[0]![0]!.webhook && (outputs[0]![0]!.webhook as { eventId: string }).eventId },
      raw: { type: 'order.status_changed', partnerId: 'acme', data: { poNumber: 'PO-1001', status: 'shipped' } },
    });
    expect(typeof delivery!.durationMs).toBe('number');
    expect(JSON.stringify(delivery)).not.toContain('s3cr3t');
    expect(JSON.stringify(delivery)).not.toContain(SECRET);
    await harness.close();
  });

  it('records each failed attempt with its error, code and HTTP status, keeping user info and query out of the message', async () => {
    const harness = await webhook({ url: `http://user:pa55word@127.0.0.1:${port}/down?sig=q-secret` });
    await harness.send({ correlationId: 'c-2', payload: { poNumber: 'PO-2' } });
    await harness.send({ correlationId: 'c-2', payload: { poNumber: 'PO-2' } });
    const attempts = harness.services.ledger.all();
    expect(attempts).toHaveLength(2);
    for (const attempt of attempts) {
      expect(attempt).toMatchObject({ status: 'failed', httpStatus: 503, facts: { url: `${base}/down` }, errors: [{ code: 'WEBHOOK_UNAVAILABLE', retryable: true, message: expect.stringContaining(`${base}/down`) }] });
      expect(attempt.parentId).toBeUndefined();
      expect(JSON.stringify(attempt)).not.toMatch(/pa55word|q-secret/);
    }
    await harness.close();
  });

  it('records a failure before anything was sent (no webhook secret), and an outbound PO as purchaseOrder', async () => {
    const harness = await webhook({ url: `${base}/ok`, partnerId: '', documentType: 'purchaseOrder' });
    harness.services.partners.add({ id: 'nosecret', name: 'No secret', status: 'active' });
    await harness.send({ correlationId: 'c-3', partnerId: 'nosecret', payload: { poNumber: 'PO-3' } });
    await harness.send({ correlationId: 'c-4', partnerId: 'acme', payload: { poNumber: 'PO-4', lines: [] } });
    const [unsent, po] = harness.services.ledger.all();
    expect(unsent).toMatchObject({ documentType: 'purchaseOrder', status: 'failed', partnerId: 'nosecret', errors: [{ code: 'WEBHOOK_NOT_CONFIGURED', retryable: false }, { path: '$.partnerId', message: 'no webhook secret' }] });
    expect(unsent!.httpStatus).toBeUndefined();
    expect(po).toMatchObject({ documentType: 'purchaseOrder', direction: 'out', status: 'sent', partnerId: 'acme', keys: { poNumber: 'PO-4' }, httpStatus: 202 });
    await harness.close();
  });
});
