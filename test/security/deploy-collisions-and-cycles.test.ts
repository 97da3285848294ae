// Attacks and accidents at deploy time: stealing another flow's queue, endpoint or idempotency keys, cycles, runaway loops, deep nesting.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { waitFor } from '../support/wait-for.js';

interface Problem { nodeId: string; path: string; message: string }
interface Invalid { error: string; details: Problem[] }

const MAX_SENDS = 500;
const MARK = [{ t: 'set', p: 'touched', pt: 'msg', to: 'true', tot: 'bool' }];
let runtime: RuntimeProcess;
let analyst: string;

/** A flow of one tab; nodes get positions. */
function flow(id: string, nodes: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return [{ id, type: 'tab', label: id }, ...nodes.map((node, index) => ({ x: 100 + index * 150, y: 100, wires: [], ...node, z: id }))];
}

beforeAll(async () => {
  runtime = await startRuntime({ env: { TRADELANE_MAX_SENDS_PER_MESSAGE: String(MAX_SENDS) } });
  const admin = await runtime.login();
  await runtime.api('POST', '/api/users', { username: 'ana', password: 'analyst-password', role: 'analyst' }, admin);
  analyst = await runtime.login('ana', 'analyst-password');
});

afterAll(async () => {
  await runtime?.stop();
});

describe('a second flow cannot take over durable state or endpoints of a deployed flow', () => {
  test('a queue reusing the demo flow\'s queue name is refused, naming both flows and the node', async () => {
    const response = await runtime.api<Invalid>('POST', '/api/flows', { flow: flow('thief-queue', [
      { id: 'thief-queue-in', type: 'inject', wires: [['thief-queue-q']] },
      { id: 'thief-queue-q', type: 'tl-queue', queueName: 'demo-supplier-po-acks', respond: false },
    ]) }, analyst);
    expect(response.status).toBe(400);
    expect(response.body.details).toContainEqual({
      nodeId: 'thief-queue-q', path: '$.queueName',
      message: expect.stringMatching(/queue "demo-supplier-po-acks" is already used by node demo-ack-queue in flow "demo-supplier-po-ack"/),
    });
    expect((await runtime.api('GET', '/api/flows/thief-queue', undefined, analyst)).status).toBe(404);
  });

  test('a queue named after another queue node\'s id (its default name) is refused too', async () => {
    const first = await runtime.api('POST', '/api/flows', { flow: flow('own-queue', [{ id: 'own-queue-q', type: 'tl-queue', respond: false }]) }, analyst);
    expect(first.status).toBe(201);
    const response = await runtime.api<Invalid>('POST', '/api/flows', { flow: flow('copy-queue', [{ id: 'copy-queue-q', type: 'tl-queue', queueName: 'own-queue-q', respond: false }]) }, analyst);
    expect(response.status).toBe(400);
    expect(response.body.details[0]).toMatchObject({ nodeId: 'copy-queue-q', path: '$.queueName', message: expect.stringContaining('in flow "own-queue"') });
  });

  test('two queues on one name inside one flow are refused', async () => {
    const response = await runtime.api<Invalid>('POST', '/api/flows/validate', { flow: flow('twin-queues', [
      { id: 'twin-a', type: 'tl-queue', queueName: 'twins', respond: false },
      { id: 'twin-b', type: 'tl-queue', queueName: 'twins', respond: false },
    ]) }, analyst);
    expect(response.body).toMatchObject({ ok: false, problems: [{ nodeId: 'twin-b', path: '$.queueName', message: expect.stringContaining('already used by node twin-a') }] });
  });

  test('an idempotency node reusing another flow\'s namespace is refused (its keys would drop this flow\'s messages as duplicates)', async () => {
    const response = await runtime.api<Invalid>('POST', '/api/flows', { flow: flow('thief-keys', [
      { id: 'thief-keys-dedupe', type: 'tl-idempotency', namespace: 'demo-supplier-po-acks', keyExpression: 'payload.id' },
    ]) }, analyst);
    expect(response.status).toBe(400);
    expect(response.body.details).toContainEqual({ nodeId: 'thief-keys-dedupe', path: '$.namespace', message: expect.stringContaining('in flow "demo-supplier-po-ack"') });
  });

  test('an intake on an endpoint another flow serves is refused instead of deploying a dead node', async () => {
    const response = await runtime.api<Invalid>('POST', '/api/flows', { flow: flow('thief-endpoint', [
      { id: 'thief-intake', type: 'tl-intake', partnerId: 'demo-supplier', path: 'po-acks', auth: 'api-key' },
    ]) }, analyst);
    expect(response.status).toBe(400);
    expect(response.body.details).toContainEqual({
      nodeId: 'thief-intake', path: '$.path',
      message: 'POST /partners/demo-supplier/po-acks is already served by node demo-ack-intake in flow "demo-supplier-po-ack"; node thief-intake of flow "thief-endpoint" cannot serve it too',
    });
  });

  test('redeploying the flow that owns the endpoint, queue and keys stays fine', async () => {
    const current = await runtime.api<{ flow: unknown[] }>('GET', '/api/flows/demo-supplier-po-ack', undefined, analyst);
    const response = await runtime.api<{ version: number }>('PUT', '/api/flows/demo-supplier-po-ack', { flow: current.body.flow, message: 'same endpoint again' }, analyst);
    expect(response.status).toBe(200);
    expect(response.body.version).toBeGreaterThan(1);
  });
});

describe('templates are checked on their own, not against deployed flows', () => {
  test('onboarding a template\'s example partner does not make the template look broken on reload', async () => {
    const admin = await runtime.login();
    const example = { partnerId: 'acme-fasteners', name: 'Acme', params: { authMethod: 'api-key', itemMapCsv: 'supplierItem,sku\nAC-8812,SKU-10001\n' } };
    expect((await runtime.api('POST', '/api/templates/supplier-po-ack-rest/instantiate', example, admin)).status).toBe(201);
    const reloaded = await runtime.api<{ broken: Array<{ id?: string }> }>('POST', '/api/templates/reload', {}, admin);
    expect(reloaded.status).toBe(200);
    expect(reloaded.body.broken).toEqual([]);
  });
});

describe('cycles', () => {
  test('a wiring cycle is refused, naming the nodes on it', async () => {
    const response = await runtime.api<Invalid>('POST', '/api/flows', { flow: flow('spin', [
      { id: 'spin-start', type: 'inject', once: true, wires: [['spin-a']] },
      { id: 'spin-a', type: 'change', rules: MARK, wires: [['spin-b']] },
      { id: 'spin-b', type: 'change', rules: MARK, wires: [['spin-a', 'spin-a']] },
    ]) }, analyst);
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ nodeId: 'spin-a', path: '$.wires', message: expect.stringContaining('cycle through "spin-a", "spin-b"') }]);
  });

  test('a loop closed through a retry node is allowed', async () => {
    const response = await runtime.api('POST', '/api/flows/validate', { flow: flow('retry-loop', [
      { id: 'retry-loop-retry', type: 'tl-retry', wires: [['retry-loop-work'], []] },
      { id: 'retry-loop-work', type: 'change', rules: MARK, wires: [['retry-loop-retry']] },
    ]) }, analyst);
    expect(response.body).toMatchObject({ ok: true, problems: [] });
  });

  test('a loop through link nodes (invisible in the wiring) is stopped at run time and reaches the dead letter; the server keeps answering', async () => {
    const deployed = await runtime.api('POST', '/api/flows', { flow: flow('link-loop', [
      { id: 'link-loop-start', type: 'inject', once: true, onceDelay: 0.1, payload: 'spin', payloadType: 'str', wires: [['link-loop-work']] },
      { id: 'link-loop-back', type: 'link in', links: ['link-loop-out'], wires: [['link-loop-work']] },
      { id: 'link-loop-work', type: 'change', rules: MARK, wires: [['link-loop-out']] },
      { id: 'link-loop-out', type: 'link out', mode: 'link', links: ['link-loop-back'] },
      { id: 'link-loop-catch', type: 'catch', wires: [['link-loop-dead']] },
      { id: 'link-loop-dead', type: 'tl-dead-letter' },
    ]) }, analyst);
    expect(deployed.status).toBe(201);
    const letters = await waitFor(
      async () => (await runtime.api<{ deadLetters: Array<{ id: string; lastError: { code: string; message: string } }> }>('GET', '/api/deadletters?flowId=link-loop', undefined, analyst)).body.deadLetters,
      (list) => list.length > 0, 30_000, 'the stopped loop to be dead-lettered',
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]!.lastError).toMatchObject({ code: 'FANOUT_LIMIT', message: expect.stringContaining(`sent more than ${MAX_SENDS} times`) });
    expect((await runtime.api('GET', '/api/health')).status).toBe(200);
    expect(runtime.output()).toContain(`was sent more than ${MAX_SENDS} times and was stopped`);
  });
});

describe('deep nesting in API bodies', () => {
  const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

  test.each([3_000, 100_000])('a flow whose node property nests %i levels is refused with a located 400', async (levels) => {
    const body = `{"flow":[{"id":"deep","type":"tab"},{"id":"deep-fn","type":"change","x":1,"y":1,"z":"deep","wires":[],"rules":${nested(levels)}}]}`;
    const response = await fetch(`${runtime.url}/api/flows/validate`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${analyst}` }, body });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'request body nests too deeply', details: [{ path: '$', message: expect.stringMatching(/deeper than 64 levels at line 1, column \d+/) }] });
  });

  test('any /api body is checked, not only flows', async () => {
    const response = await fetch(`${runtime.url}/api/jsonata/evaluate`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${analyst}` }, body: `{"expression":"$","samples":[${nested(5_000)}]}` });
    expect(response.status).toBe(400);
  });
});
