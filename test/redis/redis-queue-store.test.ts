// Unit tests of the Redis queue backend against a real redis-server: writes, order, round trips, namespacing, connection failures.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { Failure, QueuedMessage } from '../../nodes/sdk/index.js';
import { queueKeys, redactRedisUrl, RedisQueueError, RedisQueueStore } from '../../runtime/store/redis-queue-store.js';
import { waitFor } from '../support/wait-for.js';
import { startRedis, type RedisServerProcess } from './redis-server.js';

let redis: RedisServerProcess;
let inspector: Redis;
const opened: RedisQueueStore[] = [];
let prefixCounter = 0;

/** Every test gets its own key prefix, so tests cannot see each other's keys. */
function freshPrefix(): string {
  return `t${++prefixCounter}:`;
}

async function openStore(keyPrefix: string, url = redis.url): Promise<RedisQueueStore> {
  const store = new RedisQueueStore({ url, keyPrefix });
  opened.push(store);
  await store.ready();
  return store;
}

function failure(code: string): Failure {
  return { code, message: `${code} happened`, retryable: true, nodeId: 'erp-1', nodeType: 'tl-erp-post', at: '2025-01-02T03:04:05.000Z' };
}

function entry(id: string, overrides: Partial<QueuedMessage> = {}): QueuedMessage {
  return { id, queue: 'q', message: { correlationId: `c-${id}`, payload: { id } }, attempts: 0, failures: [], notBefore: 1000, enqueuedAt: 1000, ...overrides };
}

beforeAll(async () => {
  redis = await startRedis();
  inspector = new Redis(redis.url, { maxRetriesPerRequest: 1 });
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

afterAll(async () => {
  inspector?.disconnect();
  await redis?.kill();
});

describe('RedisQueueStore', () => {
  it('returns what was added, with every value intact', async () => {
    const store = await openStore(freshPrefix());
    const log = store.open('q');
    const awkward: QueuedMessage = entry('m-1', {
      message: {
        correlationId: 'c-1',
        partnerId: 'p1',
        payload: { $set: 'dollar', 'dotted.key': 1.5, nested: { list: [1, 'two', null, false, { deep: 'ü € 漢字 \u0000' }] }, empty: {}, big: 2 ** 52 },
        headers: { 'x-correlation-id': 'c-1' },
      },
      attempts: 2,
      failures: [failure('ERP_UNAVAILABLE'), failure('ACK_TIMEOUT')],
      notBefore: 1_700_000_000_123,
      enqueuedAt: 1_700_000_000_000,
    });
    await log.add(awkward);
    expect(await log.pending()).toEqual([awkward]);
    // The restarted runtime reads the same entry through a new connection.
    const restarted = await openStore(store.keyPrefix);
    expect(await restarted.open('q').pending()).toEqual([awkward]);
  });

  it('keeps arrival order, also for messages enqueued in the same millisecond, across updates and removals', async () => {
    const store = await openStore(freshPrefix());
    const log = store.open('q');
    const ids = Array.from({ length: 50 }, (_, index) => `m-${String(49 - index).padStart(2, '0')}`);
    for (const id of ids) await log.add(entry(id, { enqueuedAt: 5000 }));
    await log.update(entry(ids[0]!, { enqueuedAt: 5000, attempts: 1, notBefore: 9000, failures: [failure('ERP_UNAVAILABLE')] }));
    await log.remove(ids[10]!);
    await log.remove(ids[49]!);
    const pending = await log.pending();
    expect(pending.map((item) => item.id)).toEqual(ids.filter((id) => id !== ids[10] && id !== ids[49]));
    expect(pending[0]).toMatchObject({ id: ids[0], attempts: 1, notBefore: 9000, failures: [{ code: 'ERP_UNAVAILABLE' }] });
  });

  it('acknowledges by removing the message from every key; removing twice is harmless and an update does not bring it back', async () => {
    const prefix = freshPrefix();
    const store = await openStore(prefix);
    const log = store.open('q');
    await log.add(entry('m-1'));
    await log.add(entry('m-2'));
    await log.remove('m-1');
    await log.remove('m-1');
    await log.update(entry('m-1', { attempts: 3 }));
    expect((await log.pending()).map((item) => item.id)).toEqual(['m-2']);
    const keys = queueKeys(prefix, 'q');
    expect(await inspector.hkeys(keys.messages)).toEqual(['m-2']);
    expect(await inspector.zrange(keys.due, 0, '-1')).toEqual(['m-2']);
    expect(await inspector.zrange(keys.arrival, 0, '-1')).toEqual(['m-2']);
  });

  it('keeps the due set scored by notBefore, so what is due can be read without the payloads', async () => {
    const prefix = freshPrefix();
    const store = await openStore(prefix);
    const log = store.open('q');
    await log.add(entry('later', { notBefore: 7000 }));
    await log.add(entry('now', { notBefore: 3000 }));
    await log.update(entry('later', { notBefore: 2000, attempts: 1 }));
    const keys = queueKeys(prefix, 'q');
    expect(await inspector.zrange(keys.due, 0, '-1', 'WITHSCORES')).toEqual(['later', '2000', 'now', '3000']);
    expect(await inspector.zrangebyscore(keys.due, '-inf', 2500)).toEqual(['later']);
  });

  it('namespaces by prefix and queue name, including names with ":" and braces', async () => {
    const prefixA = freshPrefix();
    const prefixB = freshPrefix();
    const a = await openStore(prefixA);
    const b = await openStore(prefixB);
    await a.open('orders').add(entry('m-1', { queue: 'orders' }));
    await a.open('orders:dead').add(entry('m-1', { queue: 'orders:dead', attempts: 7 }));
    await a.open('{orders}').add(entry('m-1', { queue: '{orders}', attempts: 9 }));
    await b.open('orders').add(entry('m-2', { queue: 'orders' }));
    expect((await a.open('orders').pending()).map((item) => [item.id, item.attempts])).toEqual([['m-1', 0]]);
    expect((await a.open('orders:dead').pending()).map((item) => [item.id, item.attempts])).toEqual([['m-1', 7]]);
    expect((await a.open('{orders}').pending()).map((item) => [item.id, item.attempts])).toEqual([['m-1', 9]]);
    expect((await b.open('orders').pending()).map((item) => item.id)).toEqual(['m-2']);
    const keysA = await inspector.keys(`${prefixA}*`);
    expect(keysA.length).toBeGreaterThan(0);
    expect(keysA.every((key) => key.startsWith(`${prefixA}queue:{`))).toBe(true);
    expect(await inspector.keys(`${prefixB}*`)).toEqual(expect.arrayContaining([`${prefixB}queue:{orders}:messages`]));
    expect(() => new RedisQueueStore({ url: redis.url, keyPrefix: 'bad{prefix}:' })).toThrow(/must not contain/);
  });

  it('refuses to return an unreadable entry rather than skip it silently', async () => {
    const prefix = freshPrefix();
    const store = await openStore(prefix);
    const log = store.open('q');
    await log.add(entry('m-1'));
    await inspector.hset(queueKeys(prefix, 'q').messages, 'm-1', '{not json');
    await expect(log.pending()).rejects.toThrow(/entry m-1 .* unreadable/);
  });

  it('fails start-up with the address (password hidden) when Redis cannot be reached', async () => {
    const closed = await startRedis();
    const url = `redis://:s3cret@127.0.0.1:${closed.port}`;
    await closed.kill();
    const store = new RedisQueueStore({ url, keyPrefix: freshPrefix() });
    const failure = await store.ready().then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(RedisQueueError);
    expect((failure as Error).message).toMatch(new RegExp(`cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${closed.port}`));
    expect((failure as Error).message).not.toContain('s3cret');
    expect(redactRedisUrl('redis://user:pw@host:6379/2')).toBe('redis://user:***@host:6379/2');
  });

  it('rejects writes while Redis is down and works again once it is back (ioredis reconnects)', async () => {
    const own = await startRedis();
    try {
      const store = new RedisQueueStore({ url: own.url, keyPrefix: freshPrefix(), maxRetriesPerRequest: 2 });
      opened.push(store);
      await store.ready();
      const log = store.open('q');
      await log.add(entry('before'));
      await own.kill();
      const refused = await log.add(entry('during')).then(() => undefined, (error: unknown) => error);
      expect(refused).toBeInstanceOf(RedisQueueError);
      expect((refused as Error).message).toMatch(/Redis queue "q": storing message during failed/);
      await expect(log.remove('before')).rejects.toThrow(/acknowledging message before failed/);
      // A fresh server on the same port (no persistence: the earlier keys are gone).
      const back = await startRedis(own.port);
      try {
        // No offline queue: writes fail at once while disconnected, and work again once ioredis has reconnected by itself.
        await waitFor(async () => store.problem(), (problem) => problem === undefined, 10_000, 'ioredis reconnected');
        await log.add(entry('after'));
        expect((await log.pending()).map((item) => item.id)).toEqual(['after']);
      } finally {
        await back.kill();
      }
    } finally {
      await own.kill();
    }
  });

  it('rejects writes after close()', async () => {
    const store = await openStore(freshPrefix());
    const log = store.open('q');
    await store.close();
    await expect(log.add(entry('late'))).rejects.toThrow(RedisQueueError);
  });

  it('reports the server version and its persistence settings', async () => {
    const store = new RedisQueueStore({ url: redis.url, keyPrefix: freshPrefix() });
    opened.push(store);
    expect(await store.ready()).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+/), appendonly: 'no' });
  });
});
