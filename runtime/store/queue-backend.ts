// Chooses the queue backend at start: Redis when REDIS_URL is set (after moving embedded leftovers into it), else the embedded nedb log.
import { Gauge, type Registry } from 'prom-client';
import type { QueueBackend } from '../../nodes/sdk/index.js';
import type { Logger } from '../logger.js';
import { QueueStore } from './queue-store.js';
import { moveEmbeddedQueues } from './redis-queue-migration.js';
import { DEFAULT_REDIS_KEY_PREFIX, RedisQueueStore } from './redis-queue-store.js';

export interface QueueBackendOptions {
  dataDir: string;
  redisUrl?: string;
  redisKeyPrefix?: string;
  /** TRADELANE_STALLED_MS: how long a claimed message stays with a runtime that stopped renewing its lease. */
  stalledMs?: number;
  logger: Logger;
}

export interface OpenedQueueBackend {
  backend: QueueBackend;
  /** Closes the Redis connection; call after the engine stopped (queue nodes write until they are closed). */
  close(): Promise<void>;
  /** Why the queues cannot take messages now (Redis down), for readiness; undefined when they can. */
  problem(): string | undefined;
  /** Adds the backend's series (Redis connection up, stalled messages taken back) to the metrics registry. */
  registerMetrics(registry: Registry): void;
}

function registerRedisMetrics(registry: Registry, redis: RedisQueueStore): void {
  new Gauge({ name: 'tradelane_redis_queue_connected', help: '1 while the Redis queue connection is ready, 0 while it is down (intake answers 503)', registers: [registry], collect() { this.set(redis.problem() ? 0 : 1); } });
  new Gauge({ name: 'tradelane_queue_stalled_reclaimed_total', help: 'Messages this runtime took back from runtimes whose lease expired (TRADELANE_STALLED_MS)', registers: [registry], collect() { this.set(redis.reclaimedTotal); } });
}

export async function openQueueBackend(options: QueueBackendOptions): Promise<OpenedQueueBackend> {
  const { logger } = options;
  if (!options.redisUrl) {
    const embedded = new QueueStore(options.dataDir);
    await embedded.ready();
    logger.info({ queues: embedded.kind }, 'queues: embedded log in the data directory');
    return { backend: embedded, close: async () => undefined, problem: () => undefined, registerMetrics: () => undefined };
  }
  const keyPrefix = options.redisKeyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
  const redis = new RedisQueueStore({ url: options.redisUrl, keyPrefix, leaseMs: options.stalledMs, log: logger.child({ component: 'redis-queues' }) });
  const server = await redis.ready();
  logger.info({ queues: redis.kind, redis: redis.safeUrl, keyPrefix, stalledMs: redis.leaseMs, redisVersion: server.version, appendonly: server.appendonly, appendfsync: server.appendfsync }, 'queues: Redis, shared by every runtime on this prefix');
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
  return { backend: redis, close: () => redis.close(), problem: () => redis.problem(), registerMetrics: (registry) => registerRedisMetrics(registry, redis) };
}
