// Dead letters over HTTP: poison message after N attempts, edit + replay (traced, audited), permanent 4xx, queue full -> 503.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { startStubErp, stubFlow, type StubErp } from './stub-erp.js';
import { ackBody, postAck } from './support.js';
import { waitFor } from '../support/wait-for.js';

interface DeadLetterView {
  id: string;
  status: string;
  correlationId: string;
  flowId: string;
  flowVersion: number;
  partnerId: string;
  entryNodeId: string;
  message: { payload: Record<string, unknown> };
  errors: Array<{ code: string; nodeId: string; message: string; at: string; retryable: boolean }>;
}

describe('dead letters, replay and backpressure', () => {
  let runtime: RuntimeProcess;
  let erp: StubErp;
  let token: string;
  const post = (path: string, body: unknown, correlationId: string) =>
    fetch(`${runtime.url}/partners/demo-supplier/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': runtime.demoApiKey, 'x-correlation-id': correlationId }, body: JSON.stringify(body) });
  const deadLetters = async (query: string) =>
    (await runtime.api<{ deadLetters: Array<{ id: string; correlationId: string; errorCount: number }> }>('GET', `/api/deadletters?${query}`, undefined, token)).body.deadLetters;

  beforeAll(async () => {
    erp = await startStubErp();
    runtime = await startRuntime();
    token = await runtime.login();
    const deployed = await runtime.api('POST', '/api/flows', { flow: stubFlow('poison', 'poison-acks', erp.url, { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100, concurrency: 2 }) }, token);
    expect(deployed.status).toBe(201);
    const full = await runtime.api('POST', '/api/flows', { flow: stubFlow('small', 'small-acks', erp.url, { maxDepth: 3, concurrency: 1, retryAfterSeconds: 1 }) }, token);
    expect(full.status).toBe(201);
  });
  afterAll(async () => {
    await runtime?.stop();
    await erp?.close();
  });

  it('dead-letters an always-retryable rejection after N attempts with N errors; edit + replay delivers it, traced and audited', async () => {
    expect((await post('poison-acks', { ackNumber: 'P-1', sku: 'POISON', qty: 3 }, 'corr-poison-1')).status).toBe(202);
    const [listed] = await waitFor(() => deadLetters('flowId=poison&code=ERP_UNAVAILABLE'), (list) => list.some((dl) => dl.correlationId === 'corr-poison-1'), 30_000, 'the poison dead letter');
    const letter = (await runtime.api<DeadLetterView>('GET', `/api/deadletters/${listed!.id}`, undefined, token)).body;
    expect(letter).toMatchObject({ status: 'open', flowId: 'poison', flowVersion: 1, partnerId: 'demo-supplier', entryNodeId: 'poison-queue', correlationId: 'corr-poison-1' });
    expect(letter.errors).toHaveLength(3);
    expect(letter.errors.every((error) => error.code === 'ERP_UNAVAILABLE' && error.nodeId === 'poison-erp' && error.retryable)).toBe(true);
    expect(erp.requests.get('P-1')).toBe(3);

    const edited = await runtime.api('PUT', `/api/deadletters/${letter.id}/payload`, { payload: { ackNumber: 'P-1', sku: 'FIXED', qty: 3 } }, token);
    expect(edited.status).toBe(200);
    // This flow has no validate node: replaying an edited payload unvalidated needs the admin's permission and a reason.
    const replay = await runtime.api<{ nodeId: string; flowVersion: number }>('POST', `/api/deadletters/${letter.id}/replay`, { reason: 'SKU corrected with the supplier' }, token);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ nodeId: 'poison-queue', flowVersion: 1 });
    await waitFor(async () => erp.applied.get('P-1') ?? 0, (count) => count === 1, 30_000, 'the replayed ack at the ERP');

    const trace = await runtime.api<{ hops: Array<{ nodeId: string; event: string; text?: string }> }>('GET', '/api/traces/corr-poison-1', undefined, token);
    expect(trace.body.hops.some((hop) => hop.event === 'note' && hop.text?.includes(`replay of dead letter ${letter.id}`))).toBe(true);
    const audit = await runtime.api<{ entries: Array<{ actor: string; action: string; target: string }> }>('GET', `/api/audit?target=deadletter:${letter.id}`, undefined, token);
    expect(audit.body.entries.map((entry) => entry.action)).toEqual(expect.arrayContaining(['deadletter.edit', 'deadletter.replay']));
    expect(audit.body.entries.every((entry) => entry.actor === 'admin')).toBe(true);
    expect((await runtime.api<DeadLetterView>('GET', `/api/deadletters/${letter.id}`, undefined, token)).body.status).toBe('replayed');
  });

  it('sends a permanent 4xx straight to the dead letter without retries', async () => {
    expect((await post('poison-acks', { ackNumber: 'R-1', sku: 'REJECT' }, 'corr-reject-1')).status).toBe(202);
    const [listed] = await waitFor(() => deadLetters('code=ERP_REJECTED&partnerId=demo-supplier'), (list) => list.some((dl) => dl.correlationId === 'corr-reject-1'), 30_000, 'the rejected dead letter');
    expect(listed!.errorCount).toBe(1);
    expect(erp.requests.get('R-1')).toBe(1);
    const openBefore = (await runtime.api<{ open: number; discarded: number }>('GET', '/api/deadletters/counts', undefined, token)).body;
    const discarded = await runtime.api('DELETE', `/api/deadletters/${listed!.id}`, undefined, token);
    expect(discarded.status).toBe(200);
    // Discarding keeps the letter, with who and when; it is no longer open.
    const kept = await runtime.api<DeadLetterView & { discarded: { by: string; at: string } }>('GET', `/api/deadletters/${listed!.id}`, undefined, token);
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ status: 'discarded', correlationId: 'corr-reject-1', discarded: { by: 'admin', at: expect.any(String) } });
    expect((await deadLetters('status=discarded')).map((dl) => dl.id)).toContain(listed!.id);
    expect((await deadLetters('status=open')).map((dl) => dl.id)).not.toContain(listed!.id);
    const counts = (await runtime.api<{ open: number; discarded: number }>('GET', '/api/deadletters/counts', undefined, token)).body;
    expect(counts).toMatchObject({ open: openBefore.open - 1, discarded: openBefore.discarded + 1 });
  });

  it('refuses to discard a discarded dead letter again (409) or to replay it, saying why; each attempt is audited', async () => {
    const [listed] = await deadLetters('status=discarded');
    const again = await runtime.api<{ error: string; details: Array<{ path: string; message: string }> }>('DELETE', `/api/deadletters/${listed!.id}`, undefined, token);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(new RegExp(`dead letter "${listed!.id}" was already discarded by admin at .*; nothing changed`));
    const replay = await runtime.api<{ error: string }>('POST', `/api/deadletters/${listed!.id}/replay`, {}, token);
    expect(replay.status).toBe(409);
    expect(replay.body.error).toMatch(/was already discarded by admin .*; it cannot be replayed/);
    expect((await runtime.api<{ status: string; replays: unknown[] }>('GET', `/api/deadletters/${listed!.id}`, undefined, token)).body).toMatchObject({ status: 'discarded', replays: [] });
    const audit = await runtime.api<{ entries: Array<{ action: string }> }>('GET', `/api/audit?action=deadletter.discard&target=deadletter:${listed!.id}`, undefined, token);
    expect(audit.body.entries).toHaveLength(2);
  });

  it('answers 503 with Retry-After when the queue is full, and loses nothing the partner retries', async () => {
    erp.hold(true);
    const keys = Array.from({ length: 12 }, (_, index) => `F-${index}`);
    const first = await Promise.all(keys.map(async (key) => ({ key, response: await post('small-acks', { ackNumber: key, sku: 'OK' }, `corr-${key}`) })));
    const refused = first.filter(({ response }) => response.status === 503);
    expect(first.filter(({ response }) => response.status === 202).length).toBeLessThanOrEqual(3);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every(({ response }) => response.headers.get('retry-after') === '1')).toBe(true);
    erp.hold(false);
    // The partner retries every refused ack until it is accepted.
    for (const { key } of refused) {
      await waitFor(async () => (await post('small-acks', { ackNumber: key, sku: 'OK' }, `corr-${key}`)).status, (status) => status === 202, 30_000, `acceptance of ${key}`);
    }
    await waitFor(async () => keys.filter((key) => erp.applied.get(key) === 1).length, (count) => count === keys.length, 30_000, 'every ack at the ERP');
    expect(keys.map((key) => erp.applied.get(key))).toEqual(keys.map(() => 1));
  });

  it('sends a permanent ERP rejection in the demo flow to the dead letter, with the demo ERP\'s answer', async () => {
    const status = await postAck(runtime.url, runtime.demoApiKey, ackBody({ poNumber: 'PO-1005', ackNumber: 'BAD-LINE' }, 99), { 'X-Correlation-Id': 'corr-bad-line' });
    expect(status).toBe(202);
    const [listed] = await waitFor(() => deadLetters('flowId=demo-supplier-po-ack'), (list) => list.some((dl) => dl.correlationId === 'corr-bad-line'), 30_000, 'the demo dead letter');
    const letter = (await runtime.api<DeadLetterView>('GET', `/api/deadletters/${listed!.id}`, undefined, token)).body;
    expect(letter.errors).toHaveLength(1);
    expect(letter.errors[0]).toMatchObject({ code: 'ERP_REJECTED', nodeId: 'demo-ack-erp', retryable: false });
    expect(letter.entryNodeId).toBe('demo-ack-queue');
  });
});
