// Harness tests of the event nodes: catalog schema errors, key extraction, fan-out to subscriptions, order per key, backlog while stopped.
import { describe, expect, it } from 'vitest';
import { createMemoryServices, createNodeHarness, type DeliveryOutcome, type OutboundResponse, type TradelaneMessage } from '../../nodes/sdk/index.js';
import type { MemoryServices } from '../../nodes/sdk/memory-services.js';
import { publishNode, subscribeNode, SubscriptionRegistry, EVENTS_NAMESPACE, subscriptionQueueName, heldQueueName } from '../../nodes/events/index.js';

let counter = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

function ack(poNumber: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { poNumber, ackDate: '2026-12-01', status: 'accepted', lines: [{ line: 1, status: 'accepted' }], ...extra };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function publisher(services: MemoryServices, topic: string, properties: Record<string, unknown> = {}) {
  return createNodeHarness(publishNode, { topic, eventType: 'PurchaseOrderAcknowledged', respond: false, ...properties }, { services, nodeId: unique('pub'), flowId: 'publisher-flow' });
}

async function subscriber(services: MemoryServices, topic: string, subscription: string, properties: Record<string, unknown> = {}) {
  return createNodeHarness(subscribeNode, { topic, subscription, baseDelayMs: 1, maxDelayMs: 5, ...properties }, { services, nodeId: unique('sub'), flowId: `flow-${subscription}` });
}

describe('tl-event-publish', () => {
  it('refuses an invalid payload with every problem located under $.payload, and stores nothing', async () => {
    const services = createMemoryServices();
    const topic = unique('topic');
    const sub = await subscriber(services, topic, unique('s'));
    const pub = await publisher(services, topic);
    const result = await pub.send({ payload: { poNumber: 'PO-1', status: 'maybe', lines: [{ line: 0 }] } });
    expect(result.error?.code).toBe('EVENT_INVALID');
    expect(result.error?.retryable).toBe(false);
    const paths = (result.error?.details as Array<{ path: string; message: string }>).map((problem) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(['$.payload.ackDate', '$.payload.status', '$.payload.lines[0].line']));
    expect(result.outputs[0]).toEqual([]);
    expect(sub.emitted[0]).toEqual([]);
    await sub.close();
  });

  it('refuses an event type or version the catalog does not have at start', async () => {
    const services = createMemoryServices();
    await expect(createNodeHarness(publishNode, { topic: 't', eventType: 'PurchaseOrderAcknowledged', eventVersion: 7 }, { services })).rejects.toThrow(/unknown event type PurchaseOrderAcknowledged v7/);
    await expect(createNodeHarness(publishNode, { topic: 't', eventType: 'Nope' }, { services })).rejects.toThrow(/eventType/);
  });

  it('reads the key from a message path or a JSONata expression, and locates a missing key', async () => {
    const services = createMemoryServices();
    const byPath = await publisher(services, unique('topic'));
    const ok = await byPath.send({ payload: ack('PO-7') });
    expect(ok.error).toBeUndefined();
    expect(ok.outputs[0]?.[0]?.event).toMatchObject({ type: 'PurchaseOrderAcknowledged', version: 1, key: 'PO-7' });

    const byExpression = await publisher(services, unique('topic'), { keyKind: 'jsonata', key: 'payload.poNumber & "/" & payload.ackNumber' });
    const composite = await byExpression.send({ payload: ack('PO-8', { ackNumber: 'A-1' }) });
    expect(composite.outputs[0]?.[0]?.event).toMatchObject({ key: 'PO-8/A-1' });

    const missing = await publisher(services, unique('topic'), { key: 'payload.ackNumber' });
    const failed = await missing.send({ payload: ack('PO-9') });
    expect(failed.error?.code).toBe('EVENT_KEY_MISSING');
    expect(failed.error?.details).toEqual([{ path: '$.payload.ackNumber', message: 'the event key is empty or missing' }]);
  });

  it('gives the same publication the same event id (a retried publisher flow re-sends the id)', async () => {
    const services = createMemoryServices();
    const pub = await publisher(services, unique('topic'));
    const first = await pub.send({ payload: ack('PO-1'), correlationId: 'c-1' });
    const again = await pub.send({ payload: ack('PO-1'), correlationId: 'c-1' });
    const other = await pub.send({ payload: ack('PO-1'), correlationId: 'c-2' });
    const id = (result: typeof first) => (result.outputs[0]?.[0]?.event as { id: string }).id;
    expect(id(again)).toBe(id(first));
    expect(id(other)).not.toBe(id(first));
  });
});

function recordingResponse() {
  const answer: { status?: number; body?: unknown } = {};
  const res: OutboundResponse = {
    get sent() { return answer.status !== undefined; },
    header: () => undefined,
    send: (status, body) => { answer.status = status; answer.body = body; },
  };
  return { res, answer };
}

describe('tl-event-publish answers', () => {
  it('answers 202 once stored, 422 for an invalid event, 503 when a subscription is full', async () => {
    const services = createMemoryServices();
    // Deliveries never complete: the one event stays in the subscription, which holds one.
    services.deliveries.decide = () => new Promise<DeliveryOutcome>(() => undefined);
    const topic = unique('topic');
    await subscriber(services, topic, unique('small'), { maxDepth: 1 });
    const pub = await publisher(services, topic, { respond: true });
    const stored = recordingResponse();
    await pub.send({ payload: ack('PO-1'), res: stored.res, correlationId: 'c-ok' });
    expect(stored.answer).toMatchObject({ status: 202, body: { status: 'published', eventId: expect.any(String), correlationId: 'c-ok' } });
    const invalid = recordingResponse();
    await pub.send({ payload: { poNumber: 'PO-2' }, res: invalid.res });
    expect(invalid.answer).toMatchObject({ status: 422, body: { details: expect.arrayContaining([expect.objectContaining({ path: '$.payload.ackDate' })]) } });
    const full = recordingResponse();
    const refused = await pub.send({ payload: ack('PO-3'), res: full.res });
    expect(refused.error?.code).toBe('QUEUE_FULL');
    expect(full.answer.status).toBe(503);
  });
});

describe('tl-event-subscribe', () => {
  it('delivers one publication to every subscription of the topic, with the envelope, and records both sides in the ledger', async () => {
    const services = createMemoryServices();
    const topic = unique('topic');
    const [a, b] = [unique('a'), unique('b')];
    const subA = await subscriber(services, topic, a);
    const subB = await subscriber(services, topic, b);
    const unrelated = await subscriber(services, unique('other'), unique('c'));
    const pub = await publisher(services, topic);
    const result = await pub.send({ payload: ack('PO-42'), correlationId: 'corr-42' });
    expect(result.error).toBeUndefined();
    await until(() => subA.emitted[0]!.length === 1 && subB.emitted[0]!.length === 1, 'both deliveries');
    for (const sub of [subA, subB]) {
      const msg = sub.emitted[0]![0]!;
      expect(msg.payload).toEqual(ack('PO-42'));
      expect(msg.correlationId).toBe('corr-42');
      expect(msg.event).toMatchObject({ topic, type: 'PurchaseOrderAcknowledged', version: 1, key: 'PO-42', correlationId: 'corr-42' });
    }
    expect(unrelated.emitted[0]).toEqual([]);
    const documents = [...services.ledger.documents.values()];
    const publication = documents.find((doc) => doc.direction === 'out');
    expect(publication).toMatchObject({ channel: 'event', status: 'sent', documentType: 'PurchaseOrderAcknowledged', keys: { poNumber: 'PO-42' } });
    await until(() => documents.filter((doc) => doc.direction === 'in' && services.ledger.documents.get(doc.id)?.status === 'posted').length === 2, 'two posted deliveries');
    for (const sub of [subA, subB, unrelated]) await sub.close();
  });

  it('orders per key: a failing event holds back later events of its key only, until it succeeds', async () => {
    const services = createMemoryServices();
    const topic = unique('topic');
    const delivered: string[] = [];
    let failures = 0;
    services.deliveries.decide = (msg: TradelaneMessage): DeliveryOutcome => {
      const label = `${(msg.event as { key: string }).key}:${(msg.payload as { ackNumber: string }).ackNumber}`;
      // PO-1's first event fails until PO-2's event got through: with one order for all keys this would never finish.
      if (label === 'PO-1:1' && !delivered.includes('PO-2:1')) {
        failures++;
        return { ok: false, failure: { code: 'ERP_UNAVAILABLE', message: 'down', retryable: true, nodeId: 'x', nodeType: 'x', at: new Date().toISOString() } };
      }
      delivered.push(label);
      return { ok: true };
    };
    const sub = await subscriber(services, topic, unique('ordered'), { orderByKey: true, concurrency: 4, maxAttempts: 1000 });
    const pub = await publisher(services, topic);
    for (const [po, n] of [['PO-1', '1'], ['PO-1', '2'], ['PO-2', '1'], ['PO-1', '3']] as const) {
      expect((await pub.send({ payload: ack(po, { ackNumber: n }) })).error).toBeUndefined();
    }
    await until(() => delivered.length === 4, 'four deliveries');
    expect(delivered.filter((label) => label.startsWith('PO-1'))).toEqual(['PO-1:1', 'PO-1:2', 'PO-1:3']);
    expect(delivered[0]).toBe('PO-2:1');
    expect(failures).toBeGreaterThan(0);
    await sub.close();
  });

  it('keeps publishing into a stopped subscription (registered durably) and delivers the backlog when it starts again', async () => {
    const services = createMemoryServices();
    const topic = unique('topic');
    const [plain, ordered] = [unique('plain'), unique('ordered')];
    await (await subscriber(services, topic, plain)).close();
    await (await subscriber(services, topic, ordered, { orderByKey: true })).close();
    const registrations = await new SubscriptionRegistry(services.keyValue(EVENTS_NAMESPACE)).ofTopic(topic);
    expect(registrations.map((registration) => registration.name).sort()).toEqual([ordered, plain].sort());

    const pub = await publisher(services, topic);
    await pub.send({ payload: ack('PO-5', { ackNumber: '1' }) });
    await pub.send({ payload: ack('PO-5', { ackNumber: '2' }) });
    expect(services.queues.queues.get(subscriptionQueueName(plain))?.size).toBe(2);
    expect(services.queues.queues.get(heldQueueName(ordered))?.size).toBe(2);

    const restartedPlain = await subscriber(services, topic, plain);
    const restartedOrdered = await subscriber(services, topic, ordered, { orderByKey: true });
    await until(() => restartedPlain.emitted[0]!.length === 2 && restartedOrdered.emitted[0]!.length === 2, 'backlog delivered');
    expect(restartedOrdered.emitted[0]!.map((msg) => (msg.payload as { ackNumber: string }).ackNumber)).toEqual(['1', '2']);
    await until(() => services.queues.queues.get(subscriptionQueueName(plain))?.size === 0 && services.queues.queues.get(heldQueueName(ordered))?.size === 0, 'logs emptied');
    await restartedPlain.close();
    await restartedOrdered.close();
  });

  it('delivers events held for an ordered configuration when the subscription restarts unordered', async () => {
    const services = createMemoryServices();
    const topic = unique('topic');
    const name = unique('switch');
    await (await subscriber(services, topic, name, { orderByKey: true })).close();
    const pub = await publisher(services, topic);
    await pub.send({ payload: ack('PO-6', { ackNumber: '1' }) });
    await pub.send({ payload: ack('PO-6', { ackNumber: '2' }) });
    const unordered = await subscriber(services, topic, name);
    await until(() => unordered.emitted[0]!.length === 2, 'held events delivered');
    expect(unordered.emitted[0]!.map((msg) => (msg.payload as { ackNumber: string }).ackNumber)).toEqual(['1', '2']);
    expect(services.queues.queues.get(heldQueueName(name))?.size).toBe(0);
    await unordered.close();
  });

  it('dead-letters an event after its attempts, without holding back the other subscription', async () => {
    const services = createMemoryServices();
    const topic = unique('topic');
    const [failing, healthy] = [unique('failing'), unique('healthy')];
    services.deliveries.decide = (msg) => msg.subscription === failing
      ? { ok: false, failure: { code: 'BOOM', message: 'always fails', retryable: true, nodeId: 'x', nodeType: 'x', at: new Date().toISOString() } }
      : { ok: true };
    const bad = await subscriber(services, topic, failing, { maxAttempts: 3 });
    const good = await subscriber(services, topic, healthy);
    const pub = await publisher(services, topic);
    await pub.send({ payload: ack('PO-3') });
    await until(() => bad.emitted[1]!.length === 1, 'dead-lettered output');
    expect(good.emitted[0]).toHaveLength(1);
    const letter = [...services.deadLetters.entries.values()][0]!;
    expect(letter.errors).toHaveLength(3);
    expect(letter.message.subscription).toBe(failing);
    await bad.close();
    await good.close();
  });

  it('refuses a subscription name another running node uses', async () => {
    const services = createMemoryServices();
    const name = unique('dup');
    const first = await subscriber(services, 't', name);
    await expect(subscriber(services, 't', name)).rejects.toThrow(/already used/);
    await first.close();
  });
});
