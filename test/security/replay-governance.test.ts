// Attacks and accidents through dead-letter replay: replaying into another flow or past the queue, and edited payloads that skip validation.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { ackBody } from '../reliability/support.js';
import { waitFor } from '../support/wait-for.js';

interface Detail { path: string; message: string }
interface Refusal { error: string; details: Detail[] }
interface Letter { id: string; status: string; flowId: string; entryNodeId: string; correlationId: string; replays: Array<{ nodeId: string; validation?: string; reason?: string; by: string }> }

let runtime: RuntimeProcess;
let admin: string;
let operator: string;

/** The demo flow without its validate node: an edited payload replayed into its queue would reach the ERP unchecked. */
function unvalidatedCopy(demo: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  const text = JSON.stringify(demo.filter((node) => node.id !== 'demo-ack-validate'))
    .replaceAll('demo-supplier-po-acks', 'nv-acks')
    .replaceAll('"po-acks"', '"nv-acks"')
    .replaceAll('demo-supplier-po-ack', 'no-validation')
    .replaceAll('demo-ack-validate', 'nv-ack-dedupe')
    .replaceAll('demo-ack-', 'nv-ack-');
  return JSON.parse(text) as Array<Record<string, unknown>>;
}

/** Posts an ack the demo ERP rejects for good (line 99 is not on the PO) and returns its dead letter. */
async function rejectedAck(path: string, flowId: string, correlationId: string): Promise<Letter> {
  const response = await fetch(`${runtime.url}/partners/demo-supplier/${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': runtime.demoApiKey, 'x-correlation-id': correlationId },
    body: JSON.stringify(ackBody({ poNumber: 'PO-1005', ackNumber: correlationId }, 99)),
  });
  expect(response.status).toBe(202);
  const listed = await waitFor(
    async () => (await runtime.api<{ deadLetters: Letter[] }>('GET', `/api/deadletters?flowId=${flowId}`, undefined, admin)).body.deadLetters,
    (list) => list.some((letter) => letter.correlationId === correlationId), 30_000, `the dead letter of ${correlationId}`,
  );
  return listed.find((letter) => letter.correlationId === correlationId)!;
}

const replay = (id: string, body: unknown, token: string) => runtime.api<Refusal & Letter & { validation: string }>('POST', `/api/deadletters/${id}/replay`, body, token);
const edit = (id: string, payload: unknown) => runtime.api('PUT', `/api/deadletters/${id}/payload`, { payload }, operator);
const letterOf = async (id: string) => (await runtime.api<Letter>('GET', `/api/deadletters/${id}`, undefined, admin)).body;

beforeAll(async () => {
  runtime = await startRuntime();
  admin = await runtime.login();
  await runtime.api('POST', '/api/users', { username: 'ops', password: 'operator-password', role: 'operator' }, admin);
  operator = await runtime.login('ops', 'operator-password');
  const demo = await runtime.api<{ flow: Array<Record<string, unknown>> }>('GET', '/api/flows/demo-supplier-po-ack', undefined, admin);
  expect((await runtime.api('POST', '/api/flows', { flow: unvalidatedCopy(demo.body.flow) }, admin)).status).toBe(201);
});

afterAll(async () => {
  await runtime?.stop();
});

describe('where a dead letter may be replayed', () => {
  test('nobody replays a dead letter into a node of another flow', async () => {
    const letter = await rejectedAck('po-acks', 'demo-supplier-po-ack', 'replay-cross-flow');
    for (const token of [operator, admin]) {
      const refused = await replay(letter.id, { nodeId: 'nv-ack-erp' }, token);
      expect(refused.status).toBe(403);
      expect(refused.body.details).toEqual([{ path: '$.nodeId', message: expect.stringContaining('belongs to flow "no-validation"') }]);
    }
    expect((await letterOf(letter.id)).status).toBe('open');
  });

  test('an operator cannot replay past the queue straight into the ERP node; an admin may choose another node of the same flow', async () => {
    const letter = await rejectedAck('po-acks', 'demo-supplier-po-ack', 'replay-other-node');
    const refused = await replay(letter.id, { nodeId: 'demo-ack-erp' }, operator);
    expect(refused.status).toBe(403);
    expect(refused.body.details[0]).toMatchObject({ path: '$.nodeId', message: expect.stringContaining('replay into "demo-ack-queue"') });
    const allowed = await replay(letter.id, { nodeId: 'demo-ack-map', reason: 'skip the queue for this one' }, admin);
    expect(allowed.status).toBe(200);
    expect((await letterOf(letter.id)).replays[0]).toMatchObject({ nodeId: 'demo-ack-map', by: 'admin', validation: 'unedited', reason: 'skip the queue for this one' });
  });

  test('bulk replay follows the same rules for every dead letter', async () => {
    await rejectedAck('po-acks', 'demo-supplier-po-ack', 'replay-bulk');
    const bulk = await runtime.api<{ replayed: unknown[]; failed: Array<{ id: string; status: number; details: Detail[] }> }>(
      'POST', '/api/deadletters/replay', { filter: { flowId: 'demo-supplier-po-ack' }, nodeId: 'nv-ack-erp' }, operator);
    expect(bulk.status).toBe(200);
    expect(bulk.body.replayed).toEqual([]);
    expect(bulk.body.failed.length).toBeGreaterThan(0);
    expect(bulk.body.failed.every((failure) => failure.status === 403 && failure.details[0]?.path === '$.nodeId')).toBe(true);
  });
});

describe('an edited payload is validated again before it can reach the ERP', () => {
  test('an invalid edit replayed into the queue (past the flow\'s validate node) is refused with the schema\'s located problems', async () => {
    const letter = await rejectedAck('po-acks', 'demo-supplier-po-ack', 'replay-invalid-edit');
    expect((await edit(letter.id, { poNumber: 'PO-1005', ackNumber: 'replay-invalid-edit', status: 'maybe', lines: [] })).status).toBe(200);
    const refused = await replay(letter.id, {}, operator);
    expect(refused.status).toBe(422);
    expect(refused.body.details.map((detail) => detail.path)).toEqual(expect.arrayContaining(['$.payload.status', '$.payload.lines']));
    expect((await letterOf(letter.id)).status).toBe('open');
  });

  test('a valid edit is checked against the flow\'s schema and replayed, and the history says so', async () => {
    const letter = await rejectedAck('po-acks', 'demo-supplier-po-ack', 'replay-valid-edit');
    expect((await edit(letter.id, ackBody({ poNumber: 'PO-1005', ackNumber: 'replay-valid-edit' }, 1))).status).toBe(200);
    const replayed = await replay(letter.id, {}, operator);
    expect(replayed.status).toBe(200);
    expect(replayed.body.validation).toBe('schema');
    expect((await letterOf(letter.id)).replays).toEqual([expect.objectContaining({ nodeId: 'demo-ack-queue', validation: 'schema', by: 'ops' })]);
  });

  test('where the flow has no validation, an edited replay needs deadletter.replay-unvalidated and a reason, which is recorded', async () => {
    const letter = await rejectedAck('nv-acks', 'no-validation', 'replay-unvalidated');
    expect((await edit(letter.id, { anything: 'goes' })).status).toBe(200);
    const operatorRefused = await replay(letter.id, {}, operator);
    expect(operatorRefused.status).toBe(403);
    expect(operatorRefused.body.details[0]!.message).toContain('deadletter.replay-unvalidated');
    const withoutReason = await replay(letter.id, {}, admin);
    expect(withoutReason.status).toBe(400);
    expect(withoutReason.body.details).toEqual([{ path: '$.reason', message: expect.any(String) }]);
    const replayed = await replay(letter.id, { reason: 'supplier confirmed the corrected document by phone' }, admin);
    expect(replayed.status).toBe(200);
    expect(replayed.body.validation).toBe('unvalidated');
    expect((await letterOf(letter.id)).replays).toEqual([expect.objectContaining({ validation: 'unvalidated', reason: 'supplier confirmed the corrected document by phone', by: 'admin' })]);
    const audit = await runtime.api<{ entries: Array<{ action: string; target: string; details: Record<string, unknown> }> }>('GET', `/api/audit?action=deadletter.replay&target=deadletter:${letter.id}`, undefined, admin);
    expect(audit.body.entries[0]?.details).toMatchObject({ validation: 'unvalidated', reason: 'supplier confirmed the corrected document by phone', edited: true });
  });
});
