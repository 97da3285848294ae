// Crash acceptance: kill -9 the runtime mid-load and during retry backoff; every 202-acknowledged ack reaches the ERP exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import { ackBody, demoKey, erpApplications, pool, postAck, PURCHASE_ORDERS, setFaults, type AckRef } from './support.js';
import { waitFor } from '../support/wait-for.js';

const TOTAL = 2000;
const CONCURRENCY = 20;

function acks(prefix: string, count: number): AckRef[] {
  return Array.from({ length: count }, (_, index) => ({ poNumber: PURCHASE_ORDERS[index % PURCHASE_ORDERS.length]!, ackNumber: `${prefix}-${index}` }));
}

async function expectExactlyOnce(runtime: RuntimeProcess, accepted: AckRef[], timeoutMs: number): Promise<void> {
  const applied = await waitFor(() => erpApplications(runtime), (counts) => accepted.every((ref) => counts.has(demoKey(ref))), timeoutMs, 'every accepted ack in the ERP history');
  const duplicates = [...applied].filter(([, count]) => count !== 1);
  expect(duplicates).toEqual([]);
  expect(accepted.filter((ref) => applied.get(demoKey(ref)) !== 1)).toEqual([]);
}

describe('durable queue survives kill -9', () => {
  let runtime: RuntimeProcess | undefined;
  // Each test ends with a running restarted runtime: stop it before the next test starts its own.
  afterEach(async () => {
    await runtime?.kill();
    runtime = undefined;
  });

  it('delivers every ack that got a 202 exactly once, across a SIGKILL in the middle of the load', async () => {
    const dataDir = tempDataDir('tradelane-crash-');
    runtime = await startRuntime({ dataDir });
    const first = runtime;
    const refs = acks('K', TOTAL);
    const accepted: AckRef[] = [];
    const statuses = new Map<number, number>();
    let answered = 0;
    let killing: Promise<void> | undefined;
    // First half goes to the first process, which is killed once a quarter of all acks were answered.
    await pool(refs.slice(0, TOTAL / 2), CONCURRENCY, async (ref) => {
      if (first.child.exitCode !== null || killing) return;
      const status = await postAck(first.url, first.demoApiKey, ackBody(ref));
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status === 202) accepted.push(ref);
      if (++answered === TOTAL / 4) killing = first.kill();
    });
    await killing;
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(accepted.length).toBeGreaterThanOrEqual(TOTAL / 4 - CONCURRENCY);

    runtime = await startRuntime({ dataDir });
    const second = runtime;
    await pool(refs.slice(TOTAL / 2), CONCURRENCY, async (ref) => {
      const status = await postAck(second.url, second.demoApiKey, ackBody(ref));
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status === 202) accepted.push(ref);
    });
    expect(statuses.get(202)).toBe(accepted.length);
    expect(accepted.length).toBeGreaterThanOrEqual(TOTAL / 4 + TOTAL / 2 - CONCURRENCY);
    await expectExactlyOnce(second, accepted, 90_000);
  }, 180_000);

  it('re-arms retries that were waiting in backoff when the runtime was killed', async () => {
    const dataDir = tempDataDir('tradelane-backoff-');
    runtime = await startRuntime({ dataDir });
    const first = runtime;
    expect((await setFaults(first, { errorRate: 1, errorStatus: 503 })).status).toBe(200);
    const refs = acks('B', 60);
    const accepted: AckRef[] = [];
    await pool(refs, 10, async (ref) => {
      if ((await postAck(first.url, first.demoApiKey, ackBody(ref), { 'X-Correlation-Id': `corr-${ref.ackNumber}` })) === 202) accepted.push(ref);
    });
    expect(accepted).toHaveLength(refs.length);
    // Wait until every ack's first attempt has failed at the ERP post node: each one now waits in backoff.
    const token = await first.login();
    type Trace = { status: number; body: { hops?: Array<{ nodeId: string; event: string }> } };
    for (const ref of refs) {
      await waitFor(
        () => first.api('GET', `/api/traces/corr-${ref.ackNumber}`, undefined, token) as Promise<Trace>,
        (trace) => trace.status === 200 && (trace.body.hops ?? []).some((hop) => hop.nodeId === 'demo-ack-erp' && hop.event === 'error'),
        30_000, `a failed attempt for ${ref.ackNumber}`,
      );
    }
    // The fault also answers the ERP's read routes with 503, so ask its counters instead of the history.
    expect(((await (await fetch(`${first.url}/demo-erp/_stats`)).json()) as { appliedUpdates: number }).appliedUpdates).toBe(0);
    await first.kill();

    // Fault settings live in memory: the restarted ERP answers again, and only the re-armed retries can deliver.
    runtime = await startRuntime({ dataDir });
    await expectExactlyOnce(runtime, accepted, 90_000);
  }, 180_000);
});
