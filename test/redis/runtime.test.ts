// Integration: the real runtime with REDIS_URL keeps the demo flow's queue in Redis; kill -9 during an ERP outage loses and doubles nothing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { QueuedMessage } from '../../nodes/sdk/index.js';
import { queueKeys } from '../../runtime/store/redis-queue-store.js';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import { ackBody, demoKey, erpApplications, pool, postAck, PURCHASE_ORDERS, setFaults, type AckRef } from '../reliability/support.js';
import { startRedis, type RedisServerProcess } from './redis-server.js';
import { waitFor } from '../support/wait-for.js';

const ACKS = 120;
const DEMO_QUEUE = 'demo-supplier-po-acks';

let redis: RedisServerProcess;
let inspector: Redis;
let runtime: RuntimeProcess | undefined;

beforeAll(async () => {
  redis = await startRedis();
  inspector = new Redis(redis.url, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  await runtime?.kill();
  inspector?.disconnect();
  await redis?.kill();
});

async function storedEntries(): Promise<QueuedMessage[]> {
  const hash = await inspector.hgetall(queueKeys('tradelane:', DEMO_QUEUE).messages);
  return Object.values(hash).map((json) => JSON.parse(json) as QueuedMessage);
}

describe('runtime with REDIS_URL', () => {
  it('keeps 202-acknowledged acks in Redis across a SIGKILL during an ERP outage and delivers each exactly once', async () => {
    const dataDir = tempDataDir('tradelane-redis-');
    runtime = await startRuntime({ dataDir, env: { REDIS_URL: redis.url, TRADELANE_STALLED_MS: '3000' } });
    const first = runtime;
    expect(first.output()).toMatch(/Redis runs without AOF/);
    expect((await setFaults(first, { downForSeconds: 10 })).status).toBe(200);

    const refs: AckRef[] = Array.from({ length: ACKS }, (_, index) => ({ poNumber: PURCHASE_ORDERS[index % PURCHASE_ORDERS.length]!, ackNumber: `R-${index}` }));
    const accepted: AckRef[] = [];
    await pool(refs, 10, async (ref) => {
      if ((await postAck(first.url, first.demoApiKey, ackBody(ref))) === 202) accepted.push(ref);
    });
    expect(accepted).toHaveLength(ACKS);

    // While the ERP is down, every accepted ack is in Redis, and each failed attempt's schedule is written there too.
    const keys = await inspector.keys('tradelane:*');
    expect(keys).toEqual(expect.arrayContaining([queueKeys('tradelane:', DEMO_QUEUE).messages, queueKeys('tradelane:', DEMO_QUEUE).due]));
    const waiting = await waitFor(storedEntries, (entries) => entries.length === ACKS && entries.every((entry) => entry.attempts >= 1), 15_000, 'a failed attempt of every ack recorded in Redis');
    expect(new Set(waiting.map((entry) => (entry.message.payload as { ackNumber: string }).ackNumber))).toEqual(new Set(accepted.map((ref) => ref.ackNumber)));
    expect(waiting.every((entry) => entry.failures.length === entry.attempts)).toBe(true);
    // The embedded log is not used at all.
    expect(existsSync(path.join(dataDir, 'queue.db'))).toBe(false);
    await first.kill();
    expect(first.child.signalCode).toBe('SIGKILL');

    // The restarted demo ERP is up again (faults live in memory); only the messages from Redis can deliver (the ones the
    // killed process held in flight once its 3 s lease, TRADELANE_STALLED_MS, has run out).
    runtime = await startRuntime({ dataDir, env: { REDIS_URL: redis.url, TRADELANE_STALLED_MS: '3000' } });
    const applied = await waitFor(() => erpApplications(runtime!), (counts) => accepted.every((ref) => counts.has(demoKey(ref))), 45_000, 'every accepted ack in the ERP history');
    expect([...applied].filter(([, count]) => count !== 1)).toEqual([]);
    await waitFor(storedEntries, (entries) => entries.length === 0, 15_000, 'the Redis queue drained');
    expect(await inspector.zcard(queueKeys('tradelane:', DEMO_QUEUE).due)).toBe(0);
    // A graceful stop closes the Redis connection and exits cleanly.
    expect(await runtime.stop()).toBe(0);
  }, 90_000);

  it('refuses to start, naming the address, when Redis cannot be reached', async () => {
    const gone = await startRedis();
    await gone.kill();
    const failed = await startRuntime({ env: { REDIS_URL: `redis://127.0.0.1:${gone.port}` }, timeoutMs: 20_000 }).then(
      async (started) => { await started.kill(); return undefined; },
      (error: unknown) => error as Error,
    );
    expect(failed?.message).toMatch(new RegExp(`exited with [1-9]\\d* before starting[\\s\\S]*cannot reach Redis at redis://127\\.0\\.0\\.1:${gone.port}`));
  }, 30_000);
});
