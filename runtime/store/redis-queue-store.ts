// Redis queue backend (REDIS_URL): per queue a hash of unacknowledged messages plus sorted sets by arrival and by notBefore.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type { QueueBackend, QueueLog, QueuedMessage } from '../../nodes/sdk/index.js';
import { QUEUE_SCRIPTS, type QueueScriptCommands } from './redis-queue-scripts.js';

export const DEFAULT_REDIS_KEY_PREFIX = 'tradelane:';

/** pino-compatible: fields first, then the message. */
export interface RedisQueueLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface RedisQueueStoreOptions {
  /** redis://[user:password@]host:port[/db] or rediss://... */
  url: string;
  /** Prepended to every key; runtimes on the same prefix share their queues (claims under a lease). Default "tradelane:". */
  keyPrefix?: string;
  log?: RedisQueueLogger;
  /** Reconnect attempts a command sent just before a disconnect waits through before it fails (commands sent while disconnected fail at once). */
  maxRetriesPerRequest?: number;
  connectTimeoutMs?: number;
  /** How long a claimed message stays with a runtime that stopped heart-beating (TRADELANE_STALLED_MS). Default 30 s. */
  leaseMs?: number;
  /** This runtime's name in the owners hash; default host:pid:random. */
  owner?: string;
}

export const DEFAULT_STALLED_MS = 30_000;

/** The keys of one queue. The queue name is the hash tag ({...}), so a queue's keys would share one Redis Cluster slot. */
export interface RedisQueueKeys {
  /** Hash: message id -> the QueuedMessage as JSON. */
  messages: string;
  /** Sorted set: message id scored by notBefore (epoch ms), i.e. when it is due. */
  due: string;
  /** Sorted set: message id scored by arrival sequence; pending() returns messages in this order. */
  arrival: string;
  /** Counter behind the arrival sequence. */
  sequence: string;
  /** Sorted set: claimed message id scored by its lease deadline (epoch ms). */
  inflight: string;
  /** Hash: claimed message id -> the runtime (owner) holding it. */
  owners: string;
}

/** What the server reported about its persistence at connect time ("unknown" when CONFIG is not allowed, e.g. managed Redis). */
export interface RedisServerFacts {
  version: string;
  appendonly: string;
  appendfsync: string;
}

/** A Redis failure seen by the queue: the write it names did not happen (or is not known to have happened). */
export class RedisQueueError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RedisQueueError';
  }
}

export function queueKeys(keyPrefix: string, queue: string): RedisQueueKeys {
  // encodeURIComponent escapes ':', '{' and '}', so no queue name can reach into another queue's keys or break the hash tag.
  const base = `${keyPrefix}queue:{${encodeURIComponent(queue)}}`;
  return { messages: `${base}:messages`, due: `${base}:due`, arrival: `${base}:arrival`, sequence: `${base}:sequence`, inflight: `${base}:inflight`, owners: `${base}:owners` };
}

/** The URL without its password, for logs and error messages. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable REDIS_URL)';
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parseEntry(json: string, key: string, id: string): QueuedMessage {
  try {
    const entry = JSON.parse(json) as QueuedMessage;
    if (typeof entry !== 'object' || entry === null || entry.id !== id || typeof entry.message !== 'object') throw new Error('not a queued message');
    return entry;
  } catch (error) {
    // Refusing to start the queue is louder than skipping the entry, and skipping would lose a message silently.
    throw new RedisQueueError(`Redis queue entry ${id} in ${key} is unreadable (${reason(error)}); fix or delete it with redis-cli`, { cause: error });
  }
}

export class RedisQueueStore implements QueueBackend {
  readonly kind = 'redis';
  readonly keyPrefix: string;
  readonly safeUrl: string;
  readonly leaseMs: number;
  readonly owner: string;
  // The script commands are added at runtime by defineCommand; the intersection type describes them.
  private readonly redis: Redis & QueueScriptCommands;
  private readonly log: RedisQueueLogger | undefined;
  private lastConnectionError: string | undefined;
  private outageLogged = false;
  private closing = false;
  /** Stalled messages this runtime took back from others since it started (metric). */
  reclaimedTotal = 0;

  constructor(options: RedisQueueStoreOptions) {
    this.keyPrefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
    if (/[{}]/.test(this.keyPrefix)) throw new Error(`Redis key prefix "${this.keyPrefix}" must not contain "{" or "}" (they mark the per-queue hash tag)`);
    this.safeUrl = redactRedisUrl(options.url);
    this.leaseMs = options.leaseMs ?? DEFAULT_STALLED_MS;
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.log = options.log;
    const redis = new Redis(options.url, {
      lazyConnect: true,
      connectionName: 'tradelane-queues',
      maxRetriesPerRequest: options.maxRetriesPerRequest ?? 10,
      // While disconnected a command fails at once instead of waiting in ioredis' offline queue: measured, a write there
      // waited ~22 s before failing, far past any partner's timeout; a prompt 503 with Retry-After is the honest answer.
      enableOfflineQueue: false,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
    });
    for (const [name, script] of Object.entries(QUEUE_SCRIPTS)) redis.defineCommand(name, script);
    this.redis = redis as Redis & QueueScriptCommands;
    // Without an 'error' listener ioredis prints every failed reconnect; log an outage once and its end once instead.
    redis.on('error', (error: Error) => {
      this.lastConnectionError = error.message;
      if (this.outageLogged || this.closing) return;
      this.outageLogged = true;
      this.log?.warn({ redis: this.safeUrl, err: error.message }, 'Redis connection lost; queue writes fail (intake answers 503) until it reconnects');
    });
    redis.on('ready', () => {
      if (!this.outageLogged) return;
      this.outageLogged = false;
      this.log?.info({ redis: this.safeUrl }, 'Redis connection restored');
    });
  }

  /** Connects; rejects with a clear error (and stops reconnecting) when Redis cannot be reached at start. */
  async ready(): Promise<RedisServerFacts> {
    try {
      await this.redis.connect();
    } catch (error) {
      this.closing = true;
      this.redis.disconnect();
      throw new RedisQueueError(`cannot reach Redis at ${this.safeUrl} (REDIS_URL): ${this.lastConnectionError ?? reason(error)}`, { cause: error });
    }
    return this.serverFacts();
  }

  private async serverFacts(): Promise<RedisServerFacts> {
    const info = await this.redis.info('server').catch(() => '');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    const config = async (name: string) => {
      try {
        const reply = (await this.redis.config('GET', name)) as unknown as string[];
        return reply[1] ?? 'unknown';
      } catch {
        return 'unknown';
      }
    };
    return { version, appendonly: await config('appendonly'), appendfsync: await config('appendfsync') };
  }

  /** Why queue writes cannot succeed now (the connection is down), for readiness; undefined while connected. */
  problem(): string | undefined {
    if (this.redis.status === 'ready') return undefined;
    return `Redis at ${this.safeUrl} is not connected (${this.redis.status}${this.lastConnectionError ? `: ${this.lastConnectionError}` : ''})`;
  }

  /** Waits for commands in flight, then closes the connection. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.redis.status === 'end') return;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }

  open(queue: string): QueueLog {
    const keys = queueKeys(this.keyPrefix, queue);
    const attempt = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
      try {
        return await run();
      } catch (error) {
        if (error instanceof RedisQueueError) throw error;
        throw new RedisQueueError(`Redis queue "${queue}": ${operation} failed: ${reason(error)}`, { cause: error });
      }
    };
    return {
      pending: () => attempt('reading pending messages', async () => {
        const replies = await this.redis.multi().zrange(keys.arrival, 0, '-1').hgetall(keys.messages).exec();
        if (!replies) throw new Error('transaction aborted');
        const [[orderError, order], [hashError, hash]] = replies as [[Error | null, string[]], [Error | null, Record<string, string>]];
        if (orderError ?? hashError) throw orderError ?? hashError;
        const entries: QueuedMessage[] = [];
        const seen = new Set<string>();
        for (const id of order) {
          const json = hash[id];
          if (json === undefined) continue;
          seen.add(id);
          entries.push(parseEntry(json, keys.messages, id));
        }
        // A message without an arrival rank (written by hand, say) is still delivered, after the ranked ones.
        const unranked = Object.keys(hash).filter((id) => !seen.has(id)).map((id) => parseEntry(hash[id]!, keys.messages, id));
        unranked.sort((a, b) => a.enqueuedAt - b.enqueuedAt);
        return [...entries, ...unranked];
      }),
      add: (entry) => attempt(`storing message ${entry.id}`, async () => {
        await this.redis.tradelaneQueueAdd(keys.messages, keys.due, keys.arrival, keys.sequence, entry.id, JSON.stringify(entry), entry.notBefore);
      }),
      update: (entry) => attempt(`updating message ${entry.id}`, async () => {
        await this.redis.tradelaneQueueUpdate(keys.messages, keys.due, keys.inflight, keys.owners, entry.id, JSON.stringify(entry), entry.notBefore, this.owner);
      }),
      remove: (id) => attempt(`acknowledging message ${id}`, async () => {
        await this.redis.tradelaneQueueRemove(keys.messages, keys.due, keys.arrival, keys.inflight, keys.owners, id);
      }),
      leaseMs: this.leaseMs,
      claim: (limit) => attempt('claiming due messages', async () => {
        const [claimed, reclaimed] = await this.redis.tradelaneQueueClaim(keys.messages, keys.due, keys.inflight, keys.owners, Date.now(), this.leaseMs, limit, this.owner);
        if (reclaimed) {
          this.reclaimedTotal += reclaimed;
          this.log?.warn({ queue, reclaimed, stalledMs: this.leaseMs }, 'took back messages whose runtime stopped renewing its lease (stalled); they are delivered again');
        }
        return claimed.map((json) => {
          const entry = JSON.parse(json) as QueuedMessage;
          return parseEntry(json, keys.messages, entry.id);
        });
      }),
      extend: (ids) => attempt('renewing leases', async () => {
        if (ids.length) await this.redis.tradelaneQueueHeartbeat(keys.inflight, keys.owners, Date.now() + this.leaseMs, this.owner, ...ids);
      }),
    };
  }
}
