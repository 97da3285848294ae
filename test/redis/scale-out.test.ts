// Integration: two real runtimes share one Redis queue prefix and one demo ERP; kill -9 of one mid-load loses and doubles nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { queueKeys } from '../../runtime/store/redis-queue-store.js';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import { ackBody, demoKey, erpApplications, pool, postAck, PURCHASE_ORDERS, setFaults, type AckRef } from '../reliability/support.js';
import { startRedis, type RedisServerProcess } from './redis-server.js';
import { waitFor } from '../support/wait-for.js';

const ACKS = 300;
const STALLED_MS = 2_000;
const KEYS = queueKeys('tradelane:', 'demo-supplier-po-acks');

let redis: RedisServerProcess;
let inspector: Redis;
const runtimes: RuntimeProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  inspector = new Redis(redis.url, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  for (const runtime of runtimes) await runtime.kill();
  inspector?.disconnect();
  await redis?.kill();
});

/** Message ids the runtime with this PID holds (claimed, lease not yet expired), from the shared owners hash. */
async function heldBy(pid: number): Promise<string[]> {
  const owners = await inspector.hgetall(KEYS.owners);
  return Object.entries(owners).filter(([, owner]) => owner.split(':').at(-2) === String(pid)).map(([id]) => id);
}

describe('two runtimes on one Redis prefix', () => {
  it('share the queue, and the survivor finishes a SIGKILLed runtime\'s in-flight messages exactly once', async () => {
    const env = { REDIS_URL: redis.url, TRADELANE_STALLED_MS: String(STALLED_MS) };
    const survivor = await startRuntime({ dataDir: tempDataDir('tradelane-scale-a-'), env });
    runtimes.push(survivor);
    // The second runtime posts to the first one's demo ERP, so both deliver into one ERP history.
    const victim = await startRuntime({ dataDir: tempDataDir('tradelane-scale-b-'), env: { ...env, DEMO_ERP_URL: `${survivor.url}/demo-erp` } });
    runtimes.push(victim);
    // A slow ERP keeps deliveries in flight, so the kill catches some.
    expect((await setFaults(survivor, { latencyMs: 40 })).status).toBe(200);

    const refs: AckRef[] = Array.from({ length: ACKS }, (_, index) => ({ poNumber: PURCHASE_ORDERS[index % PURCHASE_ORDERS.length]!, ackNumber: `S-${index}` }));
    const accepted: AckRef[] = [];
    let sent = 0;
    let killedHolding: string[] = [];
    const killing = (async () => {
      await waitFor(async () => sent, (count) => count >= ACKS / 2, 30_000, 'half the acks sent');
      killedHolding = await heldBy(victim.child.pid!);
      await victim.kill();
    })();
    await pool(refs, 12, async (ref) => {
      const index = sent++;
      const target = index % 2 === 0 ? survivor : victim;
      if ((await postAck(target.url, target.demoApiKey, ackBody(ref))) === 202) accepted.push(ref);
    });
    await killing;
    expect(victim.child.signalCode).toBe('SIGKILL');
    // Both runtimes took intake before the kill, and the victim held claimed messages when it died.
    expect(accepted.length).toBeGreaterThan(ACKS / 2);
    expect(killedHolding.length).toBeGreaterThan(0);

    const applied = await waitFor(() => erpApplications(survivor), (counts) => accepted.every((ref) => counts.has(demoKey(ref))), 40_000, 'every accepted ack in the ERP history');
    expect([...applied].filter(([key, count]) => key.includes(':S-') && count !== 1)).toEqual([]);
    // The killed runtime's claims were taken back and finished by the survivor, with the victim still down.
    await waitFor(() => inspector.hlen(KEYS.messages), (left) => left === 0, 15_000, 'the shared queue drained');
    expect(await heldBy(victim.child.pid!)).toEqual([]);
    expect(await inspector.zcard(KEYS.inflight)).toBe(0);
    const metrics = await (await fetch(`${survivor.url}/metrics`)).text();
    expect(Number(/tradelane_queue_stalled_reclaimed_total (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(killedHolding.length);
  }, 90_000);
});
