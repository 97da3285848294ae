// Attack: a newly onboarded supplier acknowledges a purchase order that belongs to another supplier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { createPartner, deployFlow } from '../domain/helpers.js';
import { deadLetters, postRaw, realAck, type DeadLetterSummary } from './erp-support.js';
import { waitFor } from '../support/wait-for.js';

let runtime: RuntimeProcess;
let token: string;
let newcomerKey: string;

/** The demo flow's shape for another partner: intake, durable queue (202), ERP post; failures end in the dead letter. */
function partnerAckFlow(partnerId: string) {
  return [
    { id: `${partnerId}-in`, type: 'tl-intake', partnerId, path: 'po-acks', auth: 'api-key', wires: [[`${partnerId}-queue`]] },
    { id: `${partnerId}-queue`, type: 'tl-queue', queueName: `${partnerId}-acks`, maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 500, wires: [[`${partnerId}-erp`], [`${partnerId}-dead`]] },
    { id: `${partnerId}-erp`, type: 'tl-erp-post', idempotencyKeyExpression: 'partnerId & ":" & payload.poNumber & ":" & payload.ackNumber', breakerThreshold: 2 },
    { id: `${partnerId}-dead`, type: 'tl-dead-letter', replayNodeId: `${partnerId}-queue` },
  ];
}

const history = async (po: string) => ((await (await fetch(`${runtime.url}/demo-erp/purchase-orders/${po}`)).json()) as { history: unknown[]; partnerId: string });

beforeAll(async () => {
  runtime = await startRuntime();
  token = await runtime.login();
  newcomerKey = (await createPartner(runtime, token, { id: 'newcomer', name: 'Newly onboarded supplier' })).credentials.apiKey!;
  await deployFlow(runtime, token, 'newcomer-acks', partnerAckFlow('newcomer'));
});

afterAll(async () => {
  await runtime?.stop();
});

describe('a partner may act only on its own purchase orders', () => {
  it('an ack for demo-supplier\'s PO-1002 sent by another partner is refused with 403 and dead-lettered with the reason', async () => {
    const before = await history('PO-1002');
    expect(before.partnerId).toBe('demo-supplier');
    const answer = await postRaw(runtime.url, '/partners/newcomer/po-acks', JSON.stringify(realAck('PO-1002', 'STOLEN-1')), { 'x-api-key': newcomerKey });
    expect(answer.status).toBe(202);
    const letters = await waitFor(() => deadLetters(runtime, token, 'newcomer-acks'), (found) => found.some((l) => l.correlationId === answer.body.correlationId), 30_000);
    const letter = letters.find((l) => l.correlationId === answer.body.correlationId) as DeadLetterSummary;
    expect(letter, 'dead letter for the refused ack').toBeDefined();
    expect(letter.lastError).toMatchObject({ code: 'ERP_FORBIDDEN', retryable: false });
    expect(letter.lastError!.message).toMatch(/\$\.poNumber.*PO-1002 is not a purchase order of partner newcomer/);
    expect((await history('PO-1002')).history).toEqual(before.history);
  }, 60_000);

  it('the demo ERP answers a located 403 to a request on behalf of the wrong partner, and applies it for the owner', async () => {
    const erp = `${runtime.url}/demo-erp/purchase-orders/PO-1011/acknowledgements`;
    const send = (partnerId: string, key: string) => fetch(erp, {
      method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key, 'x-partner-id': partnerId }, body: JSON.stringify(realAck('PO-1011', 'OWN-1')),
    });
    const refused = await send('newcomer', 'newcomer:PO-1011:OWN-1');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: expect.any(String), details: [{ path: '$.poNumber', message: 'PO-1011 is not a purchase order of partner newcomer' }] });
    expect((await send('demo-supplier', 'demo-supplier:PO-1011:OWN-1')).status).toBe(201);
    // A key once used by the owner is never replayed to another partner.
    expect((await send('newcomer', 'demo-supplier:PO-1011:OWN-1')).status).toBe(403);
  });

  it('a PO issued to the new partner (admin only) is then theirs to acknowledge', async () => {
    const anonymous = await fetch(`${runtime.url}/demo-erp/purchase-orders/PO-1012/supplier`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ partnerId: 'newcomer' }) });
    expect(anonymous.status).toBe(401);
    expect((await runtime.api('PUT', '/demo-erp/purchase-orders/PO-1012/supplier', { partnerId: 'newcomer' }, token)).status).toBe(200);
    const answer = await postRaw(runtime.url, '/partners/newcomer/po-acks', JSON.stringify(realAck('PO-1012', 'MINE-1')), { 'x-api-key': newcomerKey });
    expect(answer.status).toBe(202);
    const order = await waitFor(() => history('PO-1012'), (po) => po.history.length === 1, 30_000);
    expect(order.history).toHaveLength(1);
  }, 60_000);
});
