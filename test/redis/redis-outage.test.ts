// Integration: a real runtime whose Redis goes away answers intake 503 with Retry-After, says so in log and metrics, and recovers alone.
import { afterAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { ackBody } from '../reliability/support.js';
import { startRedis, type RedisServerProcess } from './redis-server.js';
import { waitFor } from '../support/wait-for.js';

let redis: RedisServerProcess | undefined;
let runtime: RuntimeProcess | undefined;

afterAll(async () => {
  await runtime?.kill();
  await redis?.kill();
});

async function post(target: RuntimeProcess, ackNumber: string): Promise<Response> {
  return fetch(`${target.url}/partners/demo-supplier/po-acks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': target.demoApiKey },
    body: JSON.stringify(ackBody({ poNumber: 'PO-1001', ackNumber })),
    signal: AbortSignal.timeout(20_000),
  });
}

async function connectedGauge(target: RuntimeProcess): Promise<number> {
  const metrics = await (await fetch(`${target.url}/metrics`)).text();
  return Number(/^tradelane_redis_queue_connected (\d+)$/m.exec(metrics)?.[1]);
}

describe('runtime when Redis goes down', () => {
  it('answers 503 with Retry-After instead of 202, reports the outage, and takes intake again once Redis is back', async () => {
    redis = await startRedis();
    runtime = await startRuntime({ env: { REDIS_URL: redis.url, TRADELANE_STALLED_MS: '2000' } });
    expect((await post(runtime, 'O-1')).status).toBe(202);
    expect(await connectedGauge(runtime)).toBe(1);

    const port = redis.port;
    await redis.kill();
    const refused = await post(runtime, 'O-2');
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toMatch(/Redis|stor/i);
    expect(await connectedGauge(runtime)).toBe(0);
    await waitFor(async () => runtime!.output(), (output) => /Redis connection lost/.test(output), 10_000, 'the outage logged');

    redis = await startRedis(port);
    await waitFor(() => connectedGauge(runtime!), (value) => value === 1, 15_000, 'the Redis connection restored');
    expect((await post(runtime, 'O-3')).status).toBe(202);
  }, 60_000);
});
