// Intake and respond nodes through the SDK harness: partner auth, body errors, correlation, and the answer.
import { describe, expect, it, vi } from 'vitest';
import { createNodeHarness } from '../../nodes/sdk/index.js';
import { intakeNode, respondNode } from '../../nodes/supplier-portal/index.js';

async function intakeWithPartner() {
  const intake = await createNodeHarness(intakeNode, { partnerId: 'acme', path: 'po-acks', responseTimeoutMs: 200 });
  intake.services.partners.add({ id: 'acme', name: 'Acme', status: 'active' }, 'right-key');
  return intake;
}

describe('tl-intake', () => {
  it('emits an authenticated document with partner, correlation and idempotency key', async () => {
    const intake = await intakeWithPartner();
    const pending = intake.services.http.request('POST', '/partners/acme/po-acks', {
      headers: { 'X-Api-Key': 'right-key', 'X-Correlation-Id': 'c-1', 'Idempotency-Key': 'k-1' },
      body: '{"poNumber":"PO-1"}',
    });
    await new Promise((resolve) => setImmediate(resolve));
    const [msg] = intake.emitted[0]!;
    expect(msg).toMatchObject({ payload: { poNumber: 'PO-1' }, partnerId: 'acme', correlationId: 'c-1', idempotencyKey: 'k-1' });

    const respond = await createNodeHarness(respondNode, { statusCode: 201, bodyExpression: '{"ok": true, "po": payload.poNumber}' });
    await respond.send(msg!);
    const response = await pending;
    expect(response).toMatchObject({ status: 201, body: { ok: true, po: 'PO-1' }, headers: { 'x-correlation-id': 'c-1' } });
  });

  it('releases the request as soon as the flow answers (no timer left holding it)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const intake = await intakeWithPartner();
      const respond = await createNodeHarness(respondNode, {});
      const timersBefore = vi.getTimerCount();
      const pending = intake.services.http.request('POST', '/partners/acme/po-acks', { headers: { 'x-api-key': 'right-key' }, body: '{}' });
      await vi.waitFor(() => expect(intake.emitted[0]).toHaveLength(1));
      await respond.send(intake.emitted[0]![0]!);
      expect((await pending).status).toBe(200);
      expect(vi.getTimerCount()).toBe(timersBefore);
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers 401 for a missing or wrong key and emits nothing', async () => {
    const intake = await intakeWithPartner();
    const missing = await intake.services.http.request('POST', '/partners/acme/po-acks', { body: '{}' });
    const wrong = await intake.services.http.request('POST', '/partners/acme/po-acks', { headers: { 'x-api-key': 'nope' }, body: '{}' });
    expect(missing.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect((missing.body as { details: Array<{ message: string }> }).details[0]!.message).toContain('missing');
    expect(intake.emitted[0]).toHaveLength(0);
  });

  it('answers 400 with line and column for malformed JSON', async () => {
    const intake = await intakeWithPartner();
    const response = await intake.services.http.request('POST', '/partners/acme/po-acks', { headers: { 'x-api-key': 'right-key' }, body: '{\n "a": tru\n}' });
    expect(response.status).toBe(400);
    expect((response.body as { details: Array<{ line: number; column: number }> }).details[0]).toMatchObject({ line: 2, column: 7 });
  });

  it('answers 504 when no node responds in time', async () => {
    const intake = await intakeWithPartner();
    const response = await intake.services.http.request('POST', '/partners/acme/po-acks', { headers: { 'x-api-key': 'right-key' }, body: '{}' });
    expect(response.status).toBe(504);
  });

  it('removes its route on close', async () => {
    const intake = await intakeWithPartner();
    await intake.close();
    expect((await intake.services.http.request('POST', '/partners/acme/po-acks', { body: '{}' })).status).toBe(404);
  });

  it('refuses an invalid config before starting', async () => {
    await expect(createNodeHarness(intakeNode, { partnerId: 'Bad Partner!', path: 'x' })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });
});

describe('tl-respond', () => {
  it('completes quietly when there is no pending request (e.g. a replay)', async () => {
    const respond = await createNodeHarness(respondNode, {});
    const result = await respond.send({ payload: { a: 1 } });
    expect(result.error).toBeUndefined();
  });

  it('reports a body expression that fails at run time, and still answers 500', async () => {
    const respond = await createNodeHarness(respondNode, { bodyExpression: '$error("no body")' });
    let answered: { status: number } | undefined;
    const res = { sent: false, header: () => undefined, send: (status: number) => { answered = { status }; } };
    const result = await respond.send({ payload: {}, res });
    expect(result.error?.code).toBe('JSONATA_ERROR');
    expect(answered?.status).toBe(500);
  });
});
