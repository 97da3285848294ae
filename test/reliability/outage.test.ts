// ERP outage: the demo ERP is down for 30 s while acks keep arriving; all are delivered after recovery, none dead-lettered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { ackBody, demoKey, erpApplications, pool, postAck, PURCHASE_ORDERS, setFaults, type AckRef } from './support.js';
import { waitFor } from '../support/wait-for.js';

const OUTAGE_SECONDS = 30;

describe('ERP outage', () => {
  let runtime: RuntimeProcess;
  beforeAll(async () => {
    runtime = await startRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it(`delivers everything after a ${OUTAGE_SECONDS} s outage and dead-letters nothing while attempts remain`, async () => {
    const refs: AckRef[] = Array.from({ length: 300 }, (_, index) => ({ poNumber: PURCHASE_ORDERS[index % PURCHASE_ORDERS.length]!, ackNumber: `O-${index}` }));
    const before = refs.slice(0, 50);
    await pool(before, 10, async (ref) => { expect(await postAck(runtime.url, runtime.demoApiKey, ackBody(ref))).toBe(202); });
    expect((await setFaults(runtime, { downForSeconds: OUTAGE_SECONDS })).status).toBe(200);
    // Traffic keeps arriving during the outage: the intake still answers 202.
    await pool(refs.slice(50), 10, async (ref) => { expect(await postAck(runtime.url, runtime.demoApiKey, ackBody(ref))).toBe(202); });

    const token = await runtime.login();
    const faults = (await (await fetch(`${runtime.url}/demo-erp/_faults`, { headers: { authorization: `Bearer ${token}` } })).json()) as { downUntil: string | null };
    expect(faults.downUntil).not.toBeNull();
    const applied = await waitFor(() => erpApplications(runtime).catch(() => new Map<string, number>()), (counts) => refs.every((ref) => counts.get(demoKey(ref)) === 1), 150_000, 'every ack in the ERP after the outage');
    expect([...applied.values()].every((count) => count === 1)).toBe(true);
    const stats = (await (await fetch(`${runtime.url}/demo-erp/_stats`)).json()) as { faults: { downResponses: number } };
    expect(stats.faults.downResponses).toBeGreaterThan(0);
    const deadLetters = await runtime.api<{ count: number }>('GET', '/api/deadletters?flowId=demo-supplier-po-ack', undefined, token);
    expect(deadLetters.body.count).toBe(0);
  }, 200_000);
});
