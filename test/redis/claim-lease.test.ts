// Integration (real redis-server): the claim script gives each due message to one runtime only, and takes expired leases back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { QueuedMessage } from '../../nodes/sdk/index.js';
import { queueKeys, RedisQueueStore } from '../../runtime/store/redis-queue-store.js';
import { startRedis, type RedisServerProcess } from './redis-server.js';

let redis: RedisServerProcess;
let inspector: Redis;
const stores: RedisQueueStore[] = [];

beforeAll(async () => {
  redis = await startRedis();
  inspector = new Redis(redis.url, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  for (const store of stores) await store.close();
  inspector?.disconnect();
  await redis?.kill();
});

async function runtimeStore(prefix: string, owner: string, leaseMs: number): Promise<RedisQueueStore> {
  const store = new RedisQueueStore({ url: redis.url, keyPrefix: prefix, owner, leaseMs });
  await store.ready();
  stores.push(store);
  return store;
}

function entry(id: string, notBefore = Date.now()): QueuedMessage {
  return { id, queue: 'q', message: { correlationId: id, payload: id }, attempts: 0, failures: [], notBefore, enqueuedAt: notBefore };
}

describe('Redis claim and lease', () => {
  it('never gives one message to two consumers claiming concurrently', async () => {
    const [a, b] = [await runtimeStore('c1:', 'A', 60_000), await runtimeStore('c1:', 'B', 60_000)];
    const [logA, logB] = [a.open('q'), b.open('q')];
    const ids = Array.from({ length: 200 }, (_, index) => `m-${index}`);
    for (const id of ids) await logA.add(entry(id));
    const claimedBy = new Map<string, string[]>();
    const take = async (name: string, log: typeof logA) => {
      for (let round = 0; round < 40; round++) {
        for (const claimed of await log.claim!(7)) claimedBy.set(claimed.id, [...(claimedBy.get(claimed.id) ?? []), name]);
      }
    };
    await Promise.all([take('A', logA), take('B', logB), take('A', logA), take('B', logB)]);
    expect([...claimedBy.keys()].sort()).toEqual([...ids].sort());
    expect([...claimedBy.values()].filter((holders) => holders.length !== 1)).toEqual([]);
    // Both runtimes got work, and the owners hash names who holds what.
    const owners = await inspector.hgetall(queueKeys('c1:', 'q').owners);
    expect(new Set(Object.values(owners))).toEqual(new Set(['A', 'B']));
    expect(await inspector.zcard(queueKeys('c1:', 'q').due)).toBe(0);
  });

  it('does not claim a message before its notBefore', async () => {
    const a = await runtimeStore('c2:', 'A', 60_000);
    const log = a.open('q');
    await log.add(entry('later', Date.now() + 60_000));
    expect(await log.claim!(10)).toEqual([]);
  });

  it('takes back an expired lease, but not one that is renewed', async () => {
    const [a, b] = [await runtimeStore('c3:', 'A', 600), await runtimeStore('c3:', 'B', 600)];
    const [logA, logB] = [a.open('q'), b.open('q')];
    await logA.add(entry('renewed'));
    await logA.add(entry('abandoned'));
    expect((await logA.claim!(10)).map((claimed) => claimed.id).sort()).toEqual(['abandoned', 'renewed']);
    expect(await logB.claim!(10)).toEqual([]);
    for (let beat = 0; beat < 4; beat++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await logA.extend!(['renewed']);
    }
    // A stopped renewing "abandoned" ~1 s ago (lease 600 ms): B takes it; "renewed" stays with A.
    expect((await logB.claim!(10)).map((claimed) => claimed.id)).toEqual(['abandoned']);
    expect(b.reclaimedTotal).toBe(1);
    expect(await inspector.hget(queueKeys('c3:', 'q').owners, 'renewed')).toBe('A');
    // A's late bookkeeping for the message B now holds is refused, so it cannot be put back for a third claim.
    await logA.update({ ...entry('abandoned'), attempts: 1 });
    expect(await inspector.zscore(queueKeys('c3:', 'q').due, 'abandoned')).toBeNull();
    expect(await inspector.hget(queueKeys('c3:', 'q').owners, 'abandoned')).toBe('B');
    // B's acknowledgement clears every trace of it.
    await logB.remove('abandoned');
    expect(await inspector.hexists(queueKeys('c3:', 'q').messages, 'abandoned')).toBe(0);
    expect(await inspector.zscore(queueKeys('c3:', 'q').inflight, 'abandoned')).toBeNull();
  });

  it('a retry scheduled by update releases the claim and is claimable once due', async () => {
    const a = await runtimeStore('c4:', 'A', 60_000);
    const b = await runtimeStore('c4:', 'B', 60_000);
    const [logA, logB] = [a.open('q'), b.open('q')];
    await logA.add(entry('retry'));
    const [claimed] = await logA.claim!(1);
    await logA.update({ ...claimed!, attempts: 1, notBefore: Date.now() + 300 });
    expect(await logB.claim!(1)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await logB.claim!(1))[0]).toMatchObject({ id: 'retry', attempts: 1 });
  });
});
