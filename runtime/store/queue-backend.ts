// Chooses the queue backend at start: Redis when REDIS_URL is set (after moving embedded leftovers into it), else the embedded nedb log.
import type { QueueBackend } from '../../nodes/sdk/index.js';
import type { Logger } from '../logger.js';
import { QueueStore } from './queue-store.js';
import { moveEmbeddedQueues } from './redis-queue-migration.js';
import { DEFAULT_REDIS_KEY_PREFIX, RedisQueueStore } from './redis-queue-store.js';

export interface QueueBackendOptions {
  dataDir: string;
  redisUrl?: string;
  redisKeyPrefix?: string;
  logger: Logger;
}

export interface OpenedQueueBackend {
  backend: QueueBackend;
  /** Closes the Redis connection; call after the engine stopped (queue nodes write until they are closed). */
  close(): Promise<void>;
  /** Why the queues cannot take messages now (Redis down), for readiness; undefined when they can. */
  problem(): string | undefined;
}

export async function openQueueBackend(options: QueueBackendOptions): Promise<OpenedQueueBackend> {
  const { logger } = options;
  if (!options.redisUrl) {
    const embedded = new QueueStore(options.dataDir);
    await embedded.ready();
    logger.info({ queues: embedded.kind }, 'queues: embedded log in the data directory');
    return { backend: embedded, close: async () => undefined, problem: () => undefined };
  }
  const keyPrefix = options.redisKeyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
  const redis = new RedisQueueStore({ url: options.redisUrl, keyPrefix, log: logger.child({ component: 'redis-queues' }) });
  const server = await redis.ready();
  logger.info({ queues: redis.kind, redis: redis.safeUrl, keyPrefix, redisVersion: server.version, appendonly: server.appendonly, appendfsync: server.appendfsync }, 'queues: Redis');
  if (server.appendonly === 'no') {
    logger.warn({ redis: redis.safeUrl }, 'Redis runs without AOF (appendonly no): queued messages survive a runtime crash, not a Redis restart');
  }
  try {
    const moved = await moveEmbeddedQueues(options.dataDir, redis);
    if (moved.messages) logger.info({ messages: moved.messages, queues: moved.queues }, 'moved unacknowledged messages from the embedded queue log to Redis');
  } catch (error) {
    await redis.close();
    throw error;
  }
  return { backend: redis, close: () => redis.close(), problem: () => redis.problem() };
}
