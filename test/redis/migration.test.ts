// Switching a data directory to REDIS_URL: messages left in the embedded queue log move to Redis once, in order, without duplicates.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueuedMessage } from '../../nodes/sdk/index.js';
import { QueueStore } from '../../runtime/store/queue-store.js';
import { moveEmbeddedQueues } from '../../runtime/store/redis-queue-migration.js';
import { RedisQueueStore } from '../../runtime/store/redis-queue-store.js';
import { tempDataDir } from '../support/runtime-process.js';
import { startRedis, type RedisServerProcess } from './redis-server.js';

let redis: RedisServerProcess;

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  await redis?.kill();
});

function entry(id: string, queue: string, enqueuedAt: number, overrides: Partial<QueuedMessage> = {}): QueuedMessage {
  return { id, queue, message: { correlationId: `c-${id}`, payload: { id, 'a.b': { $x: [1, null] } } }, attempts: 0, failures: [], notBefore: enqueuedAt, enqueuedAt, ...overrides };
}

describe('moving the embedded queue log to Redis', () => {
  it('moves every unacknowledged message with its retry state, oldest first, and empties queue.db', async () => {
    const dataDir = tempDataDir('tradelane-migrate-');
    const embedded = new QueueStore(dataDir);
    await embedded.ready();
    const retried = entry('m-2', 'acks', 2000, {
      attempts: 2, notBefore: 9000,
      failures: [{ code: 'ERP_UNAVAILABLE', message: 'down', retryable: true, nodeId: 'erp', nodeType: 'tl-erp-post', at: '2025-01-01T00:00:00.000Z' }],
    });
    await embedded.open('acks').add(entry('m-3', 'acks', 3000));
    await embedded.open('acks').add(retried);
    await embedded.open('acks').add(entry('m-1', 'acks', 1000));
    await embedded.open('asns').add(entry('m-9', 'asns', 500));
    await embedded.open('acks').add(entry('gone', 'acks', 1500));
    await embedded.open('acks').remove('gone');

    const target = new RedisQueueStore({ url: redis.url, keyPrefix: 'migrate1:' });
    await target.ready();
    try {
      // A crash after copying one message, before queue.db was emptied: the copy is repeated, not doubled.
      await target.open('acks').add(entry('m-1', 'acks', 1000));
      const result = await moveEmbeddedQueues(dataDir, target);
      expect(result).toEqual({ messages: 4, queues: expect.arrayContaining(['acks', 'asns']) as string[] });
      expect(await target.open('acks').pending()).toEqual([retried, entry('m-3', 'acks', 3000), entry('m-1', 'acks', 1000)].sort((a, b) => a.enqueuedAt - b.enqueuedAt));
      expect(await target.open('asns').pending()).toEqual([entry('m-9', 'asns', 500)]);

      const reopened = new QueueStore(dataDir);
      await reopened.ready();
      expect(await reopened.open('acks').pending()).toEqual([]);
      expect(await moveEmbeddedQueues(dataDir, target)).toEqual({ messages: 0, queues: [] });
      expect(await target.open('acks').pending()).toHaveLength(3);
    } finally {
      await target.close();
    }
  });

  it('does nothing, and creates no queue.db, when the data directory never had one', async () => {
    const target = new RedisQueueStore({ url: redis.url, keyPrefix: 'migrate2:' });
    await target.ready();
    try {
      const dataDir = tempDataDir('tradelane-migrate-');
      expect(await moveEmbeddedQueues(dataDir, target)).toEqual({ messages: 0, queues: [] });
      expect(existsSync(path.join(dataDir, 'queue.db'))).toBe(false);
    } finally {
      await target.close();
    }
  });
});
