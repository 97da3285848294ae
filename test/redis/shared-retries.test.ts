// tl-queue on two "runtimes" (harnesses with their own Redis connection, same prefix): retries move between them, each message dead-letters once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHarness, type DeliveryOutcome, type OutboundResponse } from '../../nodes/sdk/index.js';
import { queueNode } from '../../nodes/reliability/index.js';
import { queueKeys, RedisQueueStore } from '../../runtime/store/redis-queue-store.js';
import { startRedis, type RedisServerProcess } from './redis-server.js';
import { Redis } from 'ioredis';
import { waitFor } from '../support/wait-for.js';

const MESSAGES = 20;
const MAX_ATTEMPTS = 3;

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

function silentResponse(): OutboundResponse {
  let sent = false;
  return { get sent() { return sent; }, header: () => undefined, send: () => { sent = true; } };
}

const failing = (nodeId: string) => (): DeliveryOutcome => ({
  ok: false,
  failure: { code: 'ERP_UNAVAILABLE', message: 'ERP answered 503', retryable: true, nodeId, nodeType: 'tl-erp', at: new Date().toISOString() },
});

describe('tl-queue shared by two runtimes on one Redis prefix', () => {
  it('spreads the attempts of each message over both runtimes and dead-letters it exactly once after the last', async () => {
    const config = { queueName: 'shared', maxAttempts: MAX_ATTEMPTS, baseDelayMs: 20, maxDelayMs: 50, concurrency: 2 };
    const stores = [new RedisQueueStore({ url: redis.url, keyPrefix: 'sr:', owner: 'A' }), new RedisQueueStore({ url: redis.url, keyPrefix: 'sr:', owner: 'B' })];
    for (const store of stores) await store.ready();
    const [a, b] = await Promise.all(stores.map((store) => createNodeHarness(queueNode, config, { services: { queues: store } })));
    const attemptsBy = new Map<string, string[]>();
    for (const [name, harness] of [['A', a!], ['B', b!]] as const) {
      harness.services.deliveries.decide = (msg) => {
        attemptsBy.set(String(msg.correlationId), [...(attemptsBy.get(String(msg.correlationId)) ?? []), name]);
        return failing(name)();
      };
    }
    // Every message enters through runtime A; B only ever sees them by claiming from Redis.
    for (let index = 0; index < MESSAGES; index++) await a!.send({ correlationId: `m-${index}`, payload: index, res: silentResponse() });

    const deadLetters = () => [...a!.services.deadLetters.entries.values(), ...b!.services.deadLetters.entries.values()];
    await waitFor(async () => deadLetters().length, (count) => count === MESSAGES, 20_000, 'every message dead-lettered');
    await waitFor(() => inspector.hlen(queueKeys('sr:', 'shared').messages), (left) => left === 0, 5_000, 'the shared queue empty');
    expect(new Set(deadLetters().map((letter) => letter.correlationId)).size).toBe(MESSAGES);
    expect(deadLetters().every((letter) => letter.errors.length === MAX_ATTEMPTS)).toBe(true);
    // Exactly maxAttempts deliveries per message, and runtime B did some of them.
    expect([...attemptsBy.values()].every((holders) => holders.length === MAX_ATTEMPTS)).toBe(true);
    expect([...attemptsBy.values()].flat()).toContain('B');
    await Promise.all([a!.close(), b!.close()]);
    for (const store of stores) await store.close();
  }, 30_000);
});
