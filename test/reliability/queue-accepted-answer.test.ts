// tl-queue's answer once stored: 201 with the payload for a synchronous API that validated first; nothing is answered 201 that was not stored.
import { describe, expect, it } from 'vitest';
import { createNodeHarness, type OutboundResponse } from '../../nodes/sdk/index.js';
import { queueNode } from '../../nodes/reliability/index.js';

function recordingResponse() {
  const answer: { status?: number; body?: unknown } = {};
  const res: OutboundResponse = { get sent() { return answer.status !== undefined; }, header: () => undefined, send: (status, body) => { answer.status = status; answer.body = body; } };
  return { res, answer };
}

describe('tl-queue accepted answer', () => {
  it('answers 201 with the payload and the correlation id once stored', async () => {
    const harness = await createNodeHarness(queueNode, { queueName: 'orders', acceptedStatus: 201, acceptedBody: 'payload' });
    const { res, answer } = recordingResponse();
    await harness.send({ correlationId: 'c-201', payload: { status: 'accepted', total: 12.5 }, res });
    expect(answer).toEqual({ status: 201, body: { status: 'accepted', total: 12.5, correlationId: 'c-201' } });
    await harness.close();
  });

  it('answers 503, not 201, when the queue is full', async () => {
    const harness = await createNodeHarness(queueNode, { queueName: 'orders', acceptedStatus: 201, acceptedBody: 'payload', maxDepth: 1, concurrency: 1, ackTimeoutMs: 60_000 });
    const held: Array<() => void> = [];
    harness.services.deliveries.decide = () => new Promise((resolve) => { held.push(() => resolve({ ok: true })); });
    await harness.send({ correlationId: 'first', payload: { n: 1 }, res: recordingResponse().res });
    await harness.send({ correlationId: 'second', payload: { n: 2 }, res: recordingResponse().res });
    const { res, answer } = recordingResponse();
    await harness.send({ correlationId: 'third', payload: { n: 3 }, res });
    expect(answer.status).toBe(503);
    for (const release of held) release();
    await harness.close();
  });

  it('rejects an accepted status other than 201 or 202 at deploy', async () => {
    await expect(createNodeHarness(queueNode, { acceptedStatus: 200 })).rejects.toThrow(/acceptedStatus/);
  });
});
