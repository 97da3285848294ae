// tl-queue through the SDK harness on the Redis backend: 202 only after Redis stored it, no 202 when Redis is down, re-arm after restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHarness, type DeliveryOutcome, type OutboundResponse } from '../../nodes/sdk/index.js';
import { queueNode } from '../../nodes/reliability/index.js';
import { queueKeys, RedisQueueStore } from '../../runtime/store/redis-queue-store.js';
import { startRedis, type RedisServerProcess } from './redis-server.js';
import { Redis } from 'ioredis';
import { isTrue, waitFor } from '../support/wait-for.js';

function recordingResponse() {
  const answer: { status?: number; body?: unknown } = {};
  const res: OutboundResponse = {
    get sent() { return answer.status !== undefined; },
    header: () => undefined,
    send: (status, body) => { answer.status = status; answer.body = body; },
  };
  return { res, answer };
}

let redis: RedisServerProcess;
let inspector: Redis;

beforeAll(async () => {
  redis = await startRedis();
  inspector = new Redis(redis.url, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  inspector?.disconnect();
  await redis?.kill();
});

describe('tl-queue on the Redis backend', () => {
  it('answers 202 with the message in Redis, keeps it there until acknowledged, and redelivers it after a restart once the lease expired', async () => {
    const keys = queueKeys('node1:', 'acks');
    const first = new RedisQueueStore({ url: redis.url, keyPrefix: 'node1:', leaseMs: 800 });
    await first.ready();
    const harness = await createNodeHarness(queueNode, { queueName: 'acks' }, { services: { queues: first } });
    // The downstream path never completes in this process: the runtime "dies" with the message unacknowledged.
    harness.services.deliveries.decide = () => new Promise<DeliveryOutcome>(() => undefined);
    const { res, answer } = recordingResponse();
    expect((await harness.send({ correlationId: 'c-1', payload: { po: 'PO-1' }, res })).error).toBeUndefined();
    expect(answer).toMatchObject({ status: 202, body: { status: 'queued', correlationId: 'c-1' } });
    const [stored] = Object.values(await inspector.hgetall(keys.messages));
    expect(JSON.parse(stored!)).toMatchObject({ queue: 'acks', attempts: 0, message: { correlationId: 'c-1', payload: { po: 'PO-1' } } });
    // No harness.close(): that would wait for the delivery in flight, and a crashed process waits for nothing.
    await first.close();

    // The dead runtime's claim holds until its lease (800 ms) runs out; then the restarted one takes the message back.
    expect(await inspector.zcard(keys.inflight)).toBe(1);
    const second = new RedisQueueStore({ url: redis.url, keyPrefix: 'node1:', leaseMs: 800 });
    await second.ready();
    const restarted = await createNodeHarness(queueNode, { queueName: 'acks' }, { services: { queues: second } });
    await waitFor(() => restarted.emitted[0]!.length === 1, isTrue, 10_000, 're-armed delivery');
    expect(restarted.emitted[0]![0]).toMatchObject({ correlationId: 'c-1', payload: { po: 'PO-1' }, queue: { attempt: 1 } });
    await waitFor(async () => (await inspector.hlen(keys.messages)) === 0, isTrue, 10_000, 'acknowledgement removed from Redis');
    expect(await inspector.zcard(keys.due)).toBe(0);
    await restarted.close();
    await second.close();
  });

  it('answers no 202 and reports QUEUE_STORE_FAILED when Redis is down', async () => {
    const own = await startRedis();
    const store = new RedisQueueStore({ url: own.url, keyPrefix: 'node2:', maxRetriesPerRequest: 1 });
    try {
      await store.ready();
      const harness = await createNodeHarness(queueNode, { queueName: 'acks' }, { services: { queues: store } });
      await own.kill();
      const { res, answer } = recordingResponse();
      const result = await harness.send({ correlationId: 'c-lost', payload: 'x', res });
      expect(result.error?.code).toBe('QUEUE_STORE_FAILED');
      expect(result.error?.message).toMatch(/Redis queue "acks": storing message .* failed/);
      expect(answer.status).not.toBe(202);
      expect(harness.emitted[0]).toHaveLength(0);
      await harness.close();
    } finally {
      await store.close();
      await own.kill();
    }
  });
});
