// ERP posting, tolerance and webhooks on the real runtime: failure classes, SOAP faults, circuit breaker, date tolerance, signed webhooks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { createPartner, deployFlow, postToPartner, startWebhookReceiver, webhookVerifies, type PartnerCall } from './helpers.js';

interface DemoErpStats {
  faults: { injectedErrors: number; downResponses: number };
}

function ack(ackNumber: string, promisedDate = '2026-12-01', status = 'accepted') {
  return { poNumber: 'PO-1001', ackNumber, status, lines: [{ line: 1, sku: 'SKU-10001', qty: 100, unitPrice: 0.18, promisedDate, status }] };
}

const FAILURE_BODY = '{"code": failure.code, "retryable": failure.retryable, "message": failure.message, "details": failure.details}';

function erpFlow(id: string, partnerId: string) {
  const post = (suffix: string, extra: Record<string, unknown>) => ({
    id: `${id}-${suffix}`, type: 'tl-erp-post', idempotencyKeyExpression: 'payload.ackNumber', breakerThreshold: 3, breakerCooldownMs: 300, timeoutMs: 5000, wires: [[`${id}-ok`]], ...extra,
  });
  return [
    { id: `${id}-rest-in`, type: 'tl-intake', partnerId, path: 'rest', wires: [[`${id}-rest`]] },
    post('rest', {}),
    { id: `${id}-soap-in`, type: 'tl-intake', partnerId, path: 'soap', wires: [[`${id}-soap`]] },
    post('soap', { adapter: 'soap', pathExpression: '"/soap"' }),
    { id: `${id}-ok`, type: 'tl-respond', statusCode: 200, bodyExpression: '{"erp": erp}' },
    { id: `${id}-catch`, type: 'catch', scope: [`${id}-rest`, `${id}-soap`], uncaught: false, wires: [[`${id}-failed`]] },
    { id: `${id}-failed`, type: 'tl-respond', statusCode: 502, bodyExpression: FAILURE_BODY },
  ];
}

const PORTAL_TO_CANONICAL = `{
  "poNumber": payload.poNumber, "ackNumber": payload.ackNumber, "ackDate": "2026-11-21", "status": payload.status,
  "lines": [payload.lines.{ "line": line, "sku": sku, "status": status, "promisedQty": qty, "uom": "EA", "promisedUnitPrice": unitPrice, "promisedDate": promisedDate }]
}`;

function toleranceFlow(id: string, partnerId: string) {
  return [
    { id: `${id}-in`, type: 'tl-intake', partnerId, path: 'acks', wires: [[`${id}-po`]] },
    { id: `${id}-po`, type: 'tl-erp-query', wires: [[`${id}-canonical`]] },
    // tl-tolerance reads canonical acknowledgements only: the portal's qty/unitPrice are mapped to promisedQty/promisedUnitPrice first.
    { id: `${id}-canonical`, type: 'tl-transform', property: 'payload', expression: PORTAL_TO_CANONICAL, wires: [[`${id}-check`]] },
    { id: `${id}-check`, type: 'tl-tolerance', wires: [[`${id}-within`], [`${id}-beyond`]] },
    { id: `${id}-within`, type: 'tl-respond', statusCode: 200, bodyExpression: '{"within": true, "policy": tolerancePolicy}' },
    { id: `${id}-beyond`, type: 'tl-respond', statusCode: 409, bodyExpression: '{"within": false, "exceptions": toleranceExceptions}' },
  ];
}

function webhookFlow(id: string, partnerId: string) {
  return [
    { id: `${id}-in`, type: 'tl-intake', partnerId, path: 'status', wires: [[`${id}-hook`]] },
    { id: `${id}-hook`, type: 'tl-webhook', eventType: 'order.status_changed', timeoutMs: 5000, wires: [[`${id}-ok`]] },
    { id: `${id}-ok`, type: 'tl-respond', statusCode: 202, bodyExpression: '{"eventId": webhook.eventId, "status": webhook.status}' },
    { id: `${id}-catch`, type: 'catch', scope: [`${id}-hook`], uncaught: false, wires: [[`${id}-failed`]] },
    { id: `${id}-failed`, type: 'tl-respond', statusCode: 502, bodyExpression: FAILURE_BODY },
  ];
}

describe('ERP, tolerance and webhook flows', () => {
  let runtime: RuntimeProcess;
  let token: string;
  let erpKey: string;
  let tolKey: string;
  let hookKey: string;
  let webhookSecret: string;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  const setFaults = async (faults: Record<string, unknown>) => {
    const response = await fetch(`${runtime.url}/demo-erp/_faults`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${await runtime.login()}` }, body: JSON.stringify(faults) });
    expect(response.status).toBe(200);
  };
  const stats = async () => (await (await fetch(`${runtime.url}/demo-erp/_stats`)).json()) as DemoErpStats;
  const post = (path: string, key: string, body: unknown, headers: Record<string, string> = {}): Promise<PartnerCall> =>
    postToPartner(runtime, path, JSON.stringify(body), { 'content-type': 'application/json', 'x-api-key': key, ...headers });

  beforeAll(async () => {
    runtime = await startRuntime();
    token = await runtime.login();
    receiver = await startWebhookReceiver();
    erpKey = (await createPartner(runtime, token, { id: 'erp-tester', name: 'ERP tester' })).credentials.apiKey!;
    tolKey = (await createPartner(runtime, token, { id: 'tol-supplier', name: 'Tolerance supplier', tolerance: { quantityPct: 0, pricePct: 2, dateDays: 3 } })).credentials.apiKey!;
    const hooked = await createPartner(runtime, token, { id: 'hooked', name: 'Hooked', webhookUrl: `${receiver.url}/events` });
    hookKey = hooked.credentials.apiKey!;
    webhookSecret = hooked.credentials.webhookSecret!;
    // The demo ERP lets a partner act only on its own POs: issue PO-1001 to the partner that acknowledges it here.
    expect((await runtime.api('PUT', '/demo-erp/purchase-orders/PO-1001/supplier', { partnerId: 'erp-tester' }, token)).status).toBe(200);
    await deployFlow(runtime, token, 'erp-calls', erpFlow('erp', 'erp-tester'));
    await deployFlow(runtime, token, 'tolerance-check', toleranceFlow('tol', 'tol-supplier'));
    await deployFlow(runtime, token, 'status-hooks', webhookFlow('hook', 'hooked'));
  });
  afterAll(async () => {
    await runtime?.stop();
    await receiver?.close();
  });

  describe('ERP responses', () => {
    it('posts an acknowledgement', async () => {
      const response = await post('/partners/erp-tester/rest', erpKey, ack('E-ok-1'));
      expect(response.status).toBe(200);
      expect(response.body.erp).toMatchObject({ status: expect.any(Number), idempotencyKey: 'E-ok-1' });
    });

    it('classifies a 503 as a retryable error', async () => {
      await setFaults({ errorRate: 1, errorStatus: 503 });
      const response = await post('/partners/erp-tester/rest', erpKey, ack('E-503'));
      await setFaults({ errorRate: 0 });
      expect(response.status).toBe(502);
      expect(response.body).toMatchObject({ code: 'ERP_UNAVAILABLE', retryable: true, details: { status: 503 } });
    });

    it('classifies a 400 as permanent and calls the ERP exactly once', async () => {
      expect((await post('/partners/erp-tester/rest', erpKey, ack('E-reset'))).status).toBe(200);
      const before = (await stats()).faults.injectedErrors;
      await setFaults({ errorRate: 1, errorStatus: 400 });
      const response = await post('/partners/erp-tester/rest', erpKey, ack('E-400'));
      await setFaults({ errorRate: 0 });
      expect(response.status).toBe(502);
      expect(response.body).toMatchObject({ code: 'ERP_REJECTED', retryable: false, details: { status: 400 } });
      expect((await stats()).faults.injectedErrors - before).toBe(1);
    });

    it('parses a SOAP fault into a located error', async () => {
      const invalid = { poNumber: 'PO-1001', ackNumber: 'S-bad', status: 'accepted', lines: [{ line: 1, status: 'maybe' }] };
      const response = await post('/partners/erp-tester/soap', erpKey, invalid);
      expect(response.status).toBe(502);
      expect(response.body).toMatchObject({ code: 'ERP_SOAP_FAULT', retryable: false });
      const problems = (response.body.details as unknown as { problems: Array<{ path: string; message: string }> }).problems;
      expect(problems.map((problem) => problem.path)).toContainEqual(expect.stringContaining('lines[0].status'));
      expect(response.body.message).toContain('lines[0].status');
    });

    it('opens the breaker after 3 failures, fails fast, and closes after a successful probe', async () => {
      await setFaults({ errorRate: 1, errorStatus: 503 });
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        expect((await post('/partners/erp-tester/rest', erpKey, ack(`E-br-${attempt}`))).body.code).toBe('ERP_UNAVAILABLE');
      }
      const erpCallsBefore = (await stats()).faults.injectedErrors;
      const open = await post('/partners/erp-tester/rest', erpKey, ack('E-br-open'));
      expect(open.body).toMatchObject({ code: 'ERP_CIRCUIT_OPEN', retryable: true });
      expect((await stats()).faults.injectedErrors).toBe(erpCallsBefore);

      await setFaults({ errorRate: 0 });
      let probe: PartnerCall | undefined;
      for (let attempt = 0; attempt < 50; attempt += 1) {
        probe = await post('/partners/erp-tester/rest', erpKey, ack(`E-probe-${attempt}`));
        if (probe.body.code !== 'ERP_CIRCUIT_OPEN') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(probe!.status).toBe(200);
      expect((await post('/partners/erp-tester/rest', erpKey, ack('E-after-probe'))).status).toBe(200);
    });
  });

  describe('tolerance against the PO from the ERP', () => {
    it('sends a promised date 10 days late against a 3-day tolerance to the exception output with the reason', async () => {
      const response = await post('/partners/tol-supplier/acks', tolKey, ack('T-late', '2026-12-11', 'changed'));
      expect(response.status).toBe(409);
      expect(response.body.exceptions).toEqual([expect.objectContaining({ line: 1, field: 'date', deviation: 10, limit: 3, reason: expect.stringContaining('10 days after requested 2026-12-01') })]);
      const queue = await runtime.api<{ exceptions: Array<Record<string, unknown>> }>('GET', '/api/exceptions?partner=tol-supplier', undefined, token);
      expect(queue.body.exceptions).toEqual([expect.objectContaining({ kind: 'tolerance', status: 'open', keys: { poNumber: 'PO-1001', ackNumber: 'T-late' }, details: [expect.objectContaining({ path: 'payload.lines[0].promisedDate', field: 'date' })] })]);
    });

    it('passes a 1-day slip with the partner policy', async () => {
      const response = await post('/partners/tol-supplier/acks', tolKey, ack('T-ok', '2026-12-02', 'changed'));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ within: true, policy: { dateDays: 3, source: 'partner' } });
    });
  });

  describe('webhook out', () => {
    it('delivers a signed event that verifies with the partner webhook secret', async () => {
      const response = await post('/partners/hooked/status', hookKey, { poNumber: 'PO-1001', status: 'shipped' }, { 'x-correlation-id': 'corr-hook-1' });
      expect(response.status).toBe(202);
      expect(response.body.status).toBe(200);
      expect(receiver.received).toHaveLength(1);
      const delivery = receiver.received[0]!;
      expect(delivery.path).toBe('/events');
      expect(webhookVerifies(webhookSecret, delivery)).toBe(true);
      expect(webhookVerifies(webhookSecret, { ...delivery, body: delivery.body.replace('shipped', 'lost') })).toBe(false);
      expect(JSON.parse(delivery.body)).toMatchObject({ id: response.body.eventId, type: 'order.status_changed', partnerId: 'hooked', correlationId: 'corr-hook-1', data: { poNumber: 'PO-1001', status: 'shipped' } });
      expect(delivery.headers['x-correlation-id']).toBe('corr-hook-1');
    });

    it('signs with the rotated secret after a rotation', async () => {
      const rotated = await runtime.api<{ webhookSecret: string }>('POST', '/api/partners/hooked/rotate-key', { credential: 'webhook' }, token);
      const response = await post('/partners/hooked/status', hookKey, { poNumber: 'PO-1002', status: 'delivered' });
      expect(response.status).toBe(202);
      const delivery = receiver.received.at(-1)!;
      const verify = (secret: string) => webhookVerifies(secret, delivery);
      expect(verify(rotated.body.webhookSecret)).toBe(true);
      expect(verify(webhookSecret)).toBe(false);
    });
  });
});
