// Unit tests of the reliability nodes through the SDK harness, with in-memory queue log, dead letters and delivery outcomes.
import { describe, expect, it } from 'vitest';
import { createMemoryServices, createNodeHarness, MemoryQueueBackend, type DeliveryOutcome, type Failure, type OutboundResponse, type TradelaneMessage } from '../../nodes/sdk/index.js';
import { deadLetterNode, idempotencyNode, queueNode, retryNode, throttleNode, backoffDelay } from '../../nodes/reliability/index.js';
import { isTrue, waitFor } from '../support/wait-for.js';

function failure(code: string, retryable: boolean): Failure {
  return { code, message: `${code} happened`, retryable, nodeId: 'erp-1', nodeType: 'tl-erp-post', at: new Date().toISOString() };
}

function recordingResponse() {
  const answer: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const res: OutboundResponse = {
    get sent() { return answer.status !== undefined; },
    header: (name, value) => { answer.headers[name.toLowerCase()] = value; },
    send: (status, body) => { answer.status = status; answer.body = body; },
  };
  return { res, answer };
}

describe('tl-queue', () => {
  it('answers 202 once stored, delivers, and acknowledges after the downstream path succeeded', async () => {
    const harness = await createNodeHarness(queueNode, { queueName: 'q' });
    const { res, answer } = recordingResponse();
    const result = await harness.send({ correlationId: 'c-1', payload: { po: 'PO-1' }, res });
    expect(result.error).toBeUndefined();
    expect(answer).toMatchObject({ status: 202, body: { status: 'queued', correlationId: 'c-1' } });
    await waitFor(() => harness.emitted[0]!.length === 1, isTrue, 5000, 'delivery');
    expect(harness.emitted[0]![0]).toMatchObject({ correlationId: 'c-1', payload: { po: 'PO-1' }, queue: { attempt: 1 } });
    expect(harness.emitted[0]![0]!.res).toBeUndefined();
    await waitFor(() => harness.services.queues.queues.get('q')!.size === 0, isTrue, 5000, 'acknowledgement');
    await harness.close();
  });

  it('retries a retryable failure with backoff and keeps the message until it succeeds', async () => {
    const harness = await createNodeHarness(queueNode, { queueName: 'q', baseDelayMs: 1, maxDelayMs: 5 });
    let calls = 0;
    harness.services.deliveries.decide = (): DeliveryOutcome => (++calls < 3 ? { ok: false, failure: failure('ERP_UNAVAILABLE', true) } : { ok: true });
    await harness.send({ payload: 1 });
    await waitFor(() => harness.services.queues.queues.get('q')!.size === 0, isTrue, 5000, 'acknowledgement');
    expect(calls).toBe(3);
    expect(harness.emitted[0]!.map((msg) => (msg.queue as { attempt: number }).attempt)).toEqual([1, 2, 3]);
    expect(harness.emitted[0]![2]!.failures).toHaveLength(2);
    expect(harness.services.deadLetters.entries.size).toBe(0);
    await harness.close();
  });

  it('dead-letters with every attempt\'s error when the attempts are used up', async () => {
    const harness = await createNodeHarness(queueNode, { queueName: 'q', maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 });
    harness.services.deliveries.decide = () => ({ ok: false, failure: failure('ERP_UNAVAILABLE', true) });
    await harness.send({ correlationId: 'c-dl', payload: 'x', partnerId: 'p1' });
    await waitFor(() => harness.emitted[1]!.length === 1, isTrue, 5000, 'dead-lettered output');
    const [letter] = [...harness.services.deadLetters.entries.values()];
    expect(letter).toMatchObject({ correlationId: 'c-dl', partnerId: 'p1', flowId: 'flow-1', entryNodeId: 'tl-queue-1', message: { payload: 'x' } });
    expect(letter!.errors.map((error) => error.code)).toEqual(['ERP_UNAVAILABLE', 'ERP_UNAVAILABLE', 'ERP_UNAVAILABLE']);
    expect(harness.emitted[1]![0]!.deadLetterId).toBe(letter!.id);
    expect(harness.services.queues.queues.get('q')!.size).toBe(0);
    await harness.close();
  });

  it('sends a permanent failure straight to the dead letter', async () => {
    const harness = await createNodeHarness(queueNode, { queueName: 'q' });
    harness.services.deliveries.decide = () => ({ ok: false, failure: failure('ERP_REJECTED', false) });
    await harness.send({ payload: 'x' });
    await waitFor(() => harness.services.deadLetters.entries.size === 1, isTrue, 5000, 'dead letter');
    expect(harness.services.deliveries.dispatched).toHaveLength(1);
    expect([...harness.services.deadLetters.entries.values()][0]!.errors).toHaveLength(1);
    await harness.close();
  });

  it('refuses with 503 + Retry-After and QUEUE_FULL when maxDepth messages wait', async () => {
    const harness = await createNodeHarness(queueNode, { queueName: 'q', maxDepth: 1, retryAfterSeconds: 7 });
    harness.services.deliveries.decide = () => new Promise<DeliveryOutcome>(() => undefined); // downstream never completes
    expect((await harness.send({ payload: 1 })).error).toBeUndefined();
    const { res, answer } = recordingResponse();
    const refused = await harness.send({ payload: 2, res });
    expect(refused.error?.code).toBe('QUEUE_FULL');
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('7');
    expect(harness.services.queues.queues.get('q')!.size).toBe(1);
  });

  it('re-arms unacknowledged messages from the log when it starts', async () => {
    const queues = new MemoryQueueBackend();
    await queues.open('q').add({ id: 'm-1', queue: 'q', message: { correlationId: 'c-old', payload: 'left over' }, attempts: 1, failures: [failure('ERP_UNAVAILABLE', true)], notBefore: 0, enqueuedAt: 1 });
    const harness = await createNodeHarness(queueNode, { queueName: 'q' }, { services: { queues } });
    await waitFor(() => harness.emitted[0]!.length === 1, isTrue, 5000, 're-armed delivery');
    expect(harness.emitted[0]![0]).toMatchObject({ correlationId: 'c-old', payload: 'left over', queue: { id: 'm-1', attempt: 2 } });
    await waitFor(() => queues.queues.get('q')!.size === 0, isTrue, 5000, 'acknowledgement');
    await harness.close();
  });
});

describe('tl-idempotency', () => {
  const config = { keyExpression: 'payload.po & ":" & payload.ack' };

  it('passes the first message, diverts a repeat with the first correlation ID, and remembers only accepted keys', async () => {
    const harness = await createNodeHarness(idempotencyNode, config);
    harness.services.deliveries.decide = (msg: TradelaneMessage) => (msg.correlationId === 'c-fails' ? { ok: false, failure: failure('QUEUE_FULL', true) } : { ok: true });
    expect((await harness.send({ correlationId: 'c-fails', payload: { po: 'P', ack: 'A' } })).outputs[1]).toHaveLength(0);
    // The refused first attempt did not record the key, so the resend is accepted.
    await harness.send({ correlationId: 'c-first', payload: { po: 'P', ack: 'A' } });
    expect(harness.services.deliveries.dispatched.map(({ msg }) => msg.correlationId)).toEqual(['c-fails', 'c-first']);
    const repeat = await harness.send({ correlationId: 'c-repeat', payload: { po: 'P', ack: 'A' } });
    expect(repeat.outputs[1]![0]!.duplicateOf).toMatchObject({ correlationId: 'c-first' });
    expect(harness.services.deliveries.dispatched).toHaveLength(2);
  });

  it('drops duplicates with a trace note when configured, and rejects an empty key', async () => {
    const harness = await createNodeHarness(idempotencyNode, { ...config, onDuplicate: 'drop' });
    await harness.send({ payload: { po: 'P', ack: 'B' } });
    const dropped = await harness.send({ correlationId: 'c-dup', payload: { po: 'P', ack: 'B' } });
    expect(dropped.outputs.flat()).toHaveLength(0);
    expect(harness.services.tracer.notes).toContainEqual(expect.objectContaining({ correlationId: 'c-dup', outcome: 'dropped' }));
    const keyless = await createNodeHarness(idempotencyNode, { keyExpression: 'payload.missing' });
    expect((await keyless.send({ payload: {} })).error?.code).toBe('IDEMPOTENCY_NO_KEY');
  });
});

describe('tl-throttle', () => {
  it('holds messages beyond maxInFlight until earlier ones complete, dropping none', async () => {
    const harness = await createNodeHarness(throttleNode, { ratePerSecond: 0, maxInFlight: 1 });
    const finish: Array<() => void> = [];
    harness.services.deliveries.decide = () => new Promise<DeliveryOutcome>((resolve) => finish.push(() => resolve({ ok: true })));
    const handled = [1, 2, 3].map((n) => harness.send({ payload: n }));
    await waitFor(() => finish.length === 1, isTrue, 5000, 'first release');
    expect(harness.services.deliveries.dispatched.map(({ msg }) => msg.payload)).toEqual([1]);
    finish[0]!();
    await waitFor(() => finish.length === 2, isTrue, 5000, 'second release');
    finish[1]!();
    await waitFor(() => finish.length === 3, isTrue, 5000, 'third release');
    finish[2]!();
    await Promise.all(handled);
    expect(harness.services.deliveries.dispatched.map(({ msg }) => msg.payload)).toEqual([1, 2, 3]);
  });

  it('lets a burst through and meters the rest by rate', async () => {
    const harness = await createNodeHarness(throttleNode, { ratePerSecond: 200, burst: 2, maxInFlight: 0 });
    await Promise.all(Array.from({ length: 6 }, (_, n) => harness.send({ payload: n })));
    expect(harness.services.deliveries.dispatched.map(({ msg }) => msg.payload)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('tl-retry', () => {
  it('re-sends until the guarded segment succeeds, clearing msg.error, with a separate delivery per attempt', async () => {
    const harness = await createNodeHarness(retryNode, { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 });
    let calls = 0;
    harness.services.deliveries.decide = () => (++calls < 3 ? { ok: false, failure: failure('ERP_TIMEOUT', true) } : { ok: true });
    const result = await harness.send({ payload: 'x', error: { message: 'caught before' } });
    expect(result.outputs[1]).toHaveLength(0);
    expect(harness.services.deliveries.dispatched.map(({ msg }) => msg.attempt)).toEqual([1, 2, 3]);
    expect(harness.services.deliveries.dispatched.every(({ msg, options }) => msg.error === undefined && options.mode === 'isolate')).toBe(true);
  });

  it('leaves on the exhausted output with every attempt\'s error, and stops at a permanent failure', async () => {
    const harness = await createNodeHarness(retryNode, { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 });
    harness.services.deliveries.decide = () => ({ ok: false, failure: failure('ERP_UNAVAILABLE', true) });
    const exhausted = await harness.send({ payload: 'x' });
    expect(exhausted.outputs[1]![0]!.failures!.map((f) => f.code)).toEqual(['ERP_UNAVAILABLE', 'ERP_UNAVAILABLE', 'ERP_UNAVAILABLE']);
    harness.services.deliveries.decide = () => ({ ok: false, failure: failure('ERP_REJECTED', false) });
    const permanent = await harness.send({ payload: 'y' });
    expect(permanent.outputs[1]![0]!.failures).toHaveLength(1);
    expect(permanent.outputs[1]![0]!.failure!.code).toBe('ERP_REJECTED');
  });
});

describe('tl-dead-letter', () => {
  it('stores the message with its error chain, without the HTTP response, and tags it with the id', async () => {
    const harness = await createNodeHarness(deadLetterNode, {});
    const failures = [failure('ERP_UNAVAILABLE', true), failure('ERP_UNAVAILABLE', true)];
    const result = await harness.send({ correlationId: 'c-9', payload: { po: 1 }, partnerId: 'p', failures, failure: failures[1], res: recordingResponse().res });
    const stored = result.outputs[0]![0]!;
    const letter = harness.services.deadLetters.entries.get(stored.deadLetterId as string)!;
    expect(letter).toMatchObject({ correlationId: 'c-9', partnerId: 'p', entryNodeId: 'erp-1', nodeId: 'tl-dead-letter-1', message: { payload: { po: 1 } } });
    expect(letter.errors).toHaveLength(2);
    expect(letter.message.res).toBeUndefined();
    const again = await harness.send({ ...stored });
    expect(again.outputs[0]![0]!.deadLetterId).toBe(stored.deadLetterId);
    expect(harness.services.deadLetters.entries.size).toBe(1);
  });

  it('builds the chain from a Catch node\'s msg.error when there is no structured failure', async () => {
    const harness = await createNodeHarness(deadLetterNode, { replayNodeId: 'entry' }, { services: createMemoryServices() });
    const result = await harness.send({ payload: 1, error: { message: 'boom', source: { id: 'fn-1', type: 'function' } } });
    const letter = harness.services.deadLetters.entries.get(result.outputs[0]![0]!.deadLetterId as string)!;
    expect(letter.errors).toEqual([expect.objectContaining({ code: 'NODE_FAILED', message: 'boom', nodeId: 'fn-1' })]);
    expect(letter.entryNodeId).toBe('entry');
  });
});

describe('backoff', () => {
  it('uses full jitter under an exponential, capped ceiling and honours Retry-After', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(policy, 1, undefined, () => 0.999)).toBe(99);
    expect(backoffDelay(policy, 3, undefined, () => 0.5)).toBe(200);
    expect(backoffDelay(policy, 10, undefined, () => 0.999)).toBe(999);
    expect(backoffDelay(policy, 1, { ...failure('ERP_RATE_LIMITED', true), details: { retryAfterMs: 700 } }, () => 0)).toBe(700);
    expect(backoffDelay(policy, 1, { ...failure('ERP_RATE_LIMITED', true), details: { retryAfterMs: 5000 } }, () => 0)).toBe(1000);
  });
});
