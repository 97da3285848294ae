// Flow test cases through the real server: create from a dry run, pass, break the mapping, fail with a diff, deploy blocked, forced deploy audited; rights per role.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { auditEntries, createUser } from '../security/auth-support.js';
import { BROKEN_MAPPING, orderFlow } from '../support/flow-test-fixtures.js';

interface Difference { path: string; expected: unknown; actual: unknown }
interface AssertionResult { label: string; pass: boolean; expected: unknown; actual: unknown; differences: Difference[]; assertion: { kind: string } }
interface CaseResult { name: string; pass: boolean; assertions: AssertionResult[] }
interface SuiteResult { passed: number; failed: number; cases: CaseResult[] }
interface Suite { version: number; savedAtVersion: number; runBeforeDeploy: boolean; cases: Array<{ name: string; assertions: Array<Record<string, unknown>> }> }

const FLOW = 'ft-orders';
const ORDER = { po: 'PO-7', qty: 3 };

describe('flow test cases', () => {
  let runtime: RuntimeProcess;
  let admin: string;
  let analyst: string;
  let operator: string;

  beforeAll(async () => {
    runtime = await startRuntime();
    admin = await runtime.login();
    analyst = await createUser(runtime, admin, 'ana-tests', 'analyst');
    operator = await createUser(runtime, admin, 'ops-tests', 'operator');
    const created = await runtime.api('POST', '/api/flows', { flow: orderFlow(FLOW) }, admin);
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await runtime?.stop();
  });

  test('a dry run becomes a case whose expectations are what the flow answered and the ERP call it would have made', async () => {
    const made = await runtime.api<{ testCase: Suite['cases'][number]; version: number }>('POST', `/api/flows/${FLOW}/tests/from-dry-run`, { name: 'order PO-7', input: { kind: 'http', body: ORDER } }, analyst);
    expect(made.status).toBe(201);
    expect(made.body.version).toBe(1);
    expect(made.body.testCase.assertions).toEqual([
      { kind: 'status', expected: 201 },
      { kind: 'body', expected: { order: ORDER.po, qty: ORDER.qty, correlationId: expect.any(String) } },
      { kind: 'calls', node: `${FLOW}-erp`, count: 1, bodies: [{ order: ORDER.po, qty: ORDER.qty }] },
    ]);
    const suite = await runtime.api<Suite>('GET', `/api/flows/${FLOW}/tests`, undefined, operator);
    expect(suite.status).toBe(200);
    expect(suite.body.cases.map((testCase) => testCase.name)).toEqual(['order PO-7']);
  });

  test('the case passes against the deployed flow and fails, with a located diff, against a broken mapping', async () => {
    const passing = await runtime.api<SuiteResult>('POST', `/api/flows/${FLOW}/tests/run`, {}, analyst);
    expect(passing.status).toBe(200);
    expect(passing.body).toMatchObject({ passed: 1, failed: 0 });

    const failing = await runtime.api<SuiteResult>('POST', `/api/flows/${FLOW}/tests/run`, { flow: orderFlow(FLOW, BROKEN_MAPPING) }, analyst);
    expect(failing.body).toMatchObject({ passed: 0, failed: 1 });
    const [result] = failing.body.cases;
    const body = result!.assertions.find((assertion) => assertion.assertion.kind === 'body')!;
    expect(body.pass).toBe(false);
    expect(body.differences).toEqual([{ path: '$.qty', expected: 3, actual: 30 }]);
    const calls = result!.assertions.find((assertion) => assertion.assertion.kind === 'calls')!;
    expect(calls.differences).toEqual([{ path: '$.bodies[0].qty', expected: 3, actual: 30 }]);
    expect(result!.assertions.find((assertion) => assertion.assertion.kind === 'status')!.pass).toBe(true);
  });

  test('stubs answer for the ERP, a message can enter at any node, and JSONata asserts on a node\'s output', async () => {
    const current = (await runtime.api<Suite>('GET', `/api/flows/${FLOW}/tests`, undefined, admin)).body;
    const stubbed = {
      name: 'ERP answers with its own order number',
      input: { kind: 'message', node: `${FLOW}-map`, message: { payload: { po: 'PO-8', qty: 2 } } },
      stubs: [{ node: `${FLOW}-erp`, set: { payload: { order: 'ERP-42', qty: 2 }, erp: { status: 201 } } }],
      assertions: [
        { kind: 'body', expected: { order: 'ERP-42', qty: 2, correlationId: 'flowtest' } },
        { kind: 'jsonata', node: `${FLOW}-map`, expression: 'payload.qty * 100', expected: 200 },
        { kind: 'jsonata', node: `${FLOW}-map`, expression: 'payload.order = "PO-9"' },
        { kind: 'calls', node: `${FLOW}-map`, count: 1 },
      ],
    };
    const saved = await runtime.api<Suite>('PUT', `/api/flows/${FLOW}/tests`, { runBeforeDeploy: true, cases: [...current.cases, stubbed] }, analyst);
    expect(saved.status).toBe(200);
    const run = await runtime.api<SuiteResult>('POST', `/api/flows/${FLOW}/tests/run`, {}, operator);
    expect(run.status).toBe(200);
    const result = run.body.cases[1]!;
    expect(result.assertions.map((assertion) => assertion.pass)).toEqual([true, true, false, false]);
    expect(result.assertions[2]).toMatchObject({ expected: true, actual: false });
    expect(result.assertions[3]).toMatchObject({ error: expect.stringContaining('not an outside call') });

    // Back to the passing case only, so the gate below fails on the mapping alone.
    await runtime.api('PUT', `/api/flows/${FLOW}/tests`, { runBeforeDeploy: true, cases: current.cases }, analyst);
  });

  test('a failing case blocks the deploy, located; a forced deploy goes through and is audited as such', async () => {
    const blocked = await runtime.api<{ error: string; details: Array<{ path: string; message: string }>; failingTests: string[] }>('PUT', `/api/flows/${FLOW}`, { flow: orderFlow(FLOW, BROKEN_MAPPING) }, analyst);
    expect(blocked.status).toBe(422);
    expect(blocked.body.failingTests).toEqual(['order PO-7']);
    expect(blocked.body.details).toContainEqual({ path: '$.tests.cases[0]', message: expect.stringMatching(/"order PO-7": response body at \$\.qty: expected 3, got 30/) });
    expect((await runtime.api<{ version: number }>('GET', `/api/flows/${FLOW}`, undefined, admin)).body.version).toBe(1);

    const forced = await runtime.api<{ version: number; tests: { forced: boolean; failingCases: string[] } }>('PUT', `/api/flows/${FLOW}`, { flow: orderFlow(FLOW, BROKEN_MAPPING), forceTests: true }, analyst);
    expect(forced.status).toBe(200);
    expect(forced.body.version).toBe(2);
    expect(forced.body.tests).toMatchObject({ forced: true, failingCases: ['order PO-7'] });
    const entries = await auditEntries(runtime, admin, { action: 'flow.deploy.forced' });
    expect(entries).toEqual([expect.objectContaining({ actor: 'ana-tests', target: `flow:${FLOW}`, outcome: 'ok', details: expect.objectContaining({ version: 2, failingTests: ['order PO-7'] }) })]);
  });

  test('test cases are versioned with the flow: a new version carries them, a save applies to the current version only', async () => {
    const atTwo = await runtime.api<Suite>('GET', `/api/flows/${FLOW}/tests`, undefined, admin);
    expect(atTwo.body).toMatchObject({ version: 2, savedAtVersion: 1, runBeforeDeploy: true });
    await runtime.api('PUT', `/api/flows/${FLOW}/tests`, { runBeforeDeploy: false, cases: [] }, admin);
    expect((await runtime.api<Suite>('GET', `/api/flows/${FLOW}/tests`, undefined, admin)).body).toMatchObject({ version: 2, savedAtVersion: 2, cases: [] });
    const atOne = await runtime.api<Suite>('GET', `/api/flows/${FLOW}/versions/1/tests`, undefined, operator);
    expect(atOne.body.cases.map((testCase) => testCase.name)).toEqual(['order PO-7']);
    expect((await runtime.api('GET', `/api/flows/${FLOW}/versions/9/tests`, undefined, admin)).status).toBe(404);
  });

  test('rights: editors save, create and run edited content; operators read and run the deployed version; strangers nothing', async () => {
    const cases = { cases: [] };
    expect((await runtime.api('PUT', `/api/flows/${FLOW}/tests`, cases, operator)).status).toBe(403);
    expect((await runtime.api('POST', `/api/flows/${FLOW}/tests/from-dry-run`, { name: 'x', input: { kind: 'http', body: ORDER } }, operator)).status).toBe(403);
    expect((await runtime.api('POST', `/api/flows/${FLOW}/tests/run`, { flow: orderFlow(FLOW) }, operator)).status).toBe(403);
    expect((await runtime.api('POST', '/api/flow-tests/run', { flow: orderFlow(FLOW), cases: [] }, operator)).status).toBe(403);
    expect((await runtime.api('POST', `/api/flows/${FLOW}/tests/run`, {}, operator)).status).toBe(200);
    expect((await runtime.api('GET', `/api/flows/${FLOW}/versions/1/tests`, undefined, operator)).status).toBe(200);
    expect((await runtime.api('PUT', `/api/flows/${FLOW}/tests`, cases, analyst)).status).toBe(200);
    expect((await runtime.api('POST', '/api/flow-tests/run', { flow: orderFlow(FLOW), cases: [] }, analyst)).status).toBe(200);
    for (const [method, route] of [['GET', `/api/flows/${FLOW}/tests`], ['POST', `/api/flows/${FLOW}/tests/run`], ['PUT', `/api/flows/${FLOW}/tests`]] as const) {
      expect((await runtime.api(method, route, method === 'GET' ? undefined : {})).status).toBe(401);
    }
    const denied = await auditEntries(runtime, admin, { action: 'flow.tests.save', actor: 'ops-tests' });
    expect(denied).toEqual([expect.objectContaining({ outcome: 'denied' })]);
  });

  test('bad input gets a located error and the server keeps running', async () => {
    const invalid = await runtime.api<{ details: Array<{ path: string }> }>('PUT', `/api/flows/${FLOW}/tests`, { cases: [{ name: 'no input', assertions: [] }] }, admin);
    expect(invalid.status).toBe(400);
    expect(invalid.body.details[0]!.path).toMatch(/^\$\.cases\[0\]/);
    const twice = await runtime.api<{ details: Array<{ path: string }> }>('PUT', `/api/flows/${FLOW}/tests`, { cases: [{ name: 'a', input: { kind: 'http' }, assertions: [] }, { name: 'a', input: { kind: 'http' }, assertions: [] }] }, admin);
    expect(twice.body.details).toEqual([expect.objectContaining({ path: '$.cases[1].name' })]);
    const missingNode = await runtime.api<{ details: Array<{ path: string; message: string }> }>('POST', `/api/flows/${FLOW}/tests/from-dry-run`, { name: 'ghost', input: { kind: 'message', node: 'nope', message: {} } }, admin);
    expect(missingNode.status).toBe(422);
    expect(missingNode.body.details).toEqual([{ path: '$.input.node', message: 'node "nope" is not in the flow' }]);
    expect((await runtime.api('GET', '/api/flows/nope/tests', undefined, admin)).status).toBe(404);

    // Content that cannot deploy is refused with the flow's own node ids, on a test run and on a gated deploy alike.
    const one = { name: 'one', input: { kind: 'http', body: { po: 'PO-1', qty: 1 } }, assertions: [{ kind: 'status', expected: 201 }] };
    expect((await runtime.api('PUT', `/api/flows/${FLOW}/tests`, { runBeforeDeploy: true, cases: [one] }, admin)).status).toBe(200);
    const unstartable = orderFlow(FLOW).map((node) => (node.id === `${FLOW}-map` ? { ...node, type: 'tl-no-such-node' } : node));
    for (const [method, route] of [['POST', `/api/flows/${FLOW}/tests/run`], ['PUT', `/api/flows/${FLOW}`]] as const) {
      const refused = await runtime.api<{ details: Array<{ nodeId: string; path: string }> }>(method, route, { flow: unstartable }, admin);
      expect(refused.status).toBe(400);
      expect(refused.body.details).toContainEqual(expect.objectContaining({ nodeId: `${FLOW}-map` }));
    }
    expect((await fetch(`${runtime.url}/api/health`)).status).toBe(200);
  });

  test('saved cases survive a crash (kill -9) and a restart', async () => {
    const before = (await runtime.api<Suite>('GET', `/api/flows/${FLOW}/tests`, undefined, admin)).body;
    expect(before.cases.map((testCase) => testCase.name)).toEqual(['one']);
    const { dataDir } = runtime;
    await runtime.kill();
    runtime = await startRuntime({ dataDir });
    admin = await runtime.login();
    const after = (await runtime.api<Suite>('GET', `/api/flows/${FLOW}/tests`, undefined, admin)).body;
    expect(after).toEqual(before);
    expect((await runtime.api<SuiteResult>('POST', `/api/flows/${FLOW}/tests/run`, {}, admin)).body).toMatchObject({ passed: 1, failed: 0 });
  });
});
