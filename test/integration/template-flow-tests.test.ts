// Templates ship test cases (templates/<id>/tests.json): an onboarded partner flow starts with them, with its own node ids, and they pass on it.
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT, startRuntime, type RuntimeProcess } from '../support/runtime-process.js';

interface Template { id: string; example: { params: Record<string, unknown> } }
interface Suite { savedAtVersion: number; cases: Array<{ name: string; input: { node?: string }; assertions: Array<{ node?: string }> }> }
interface SuiteResult { passed: number; failed: number; cases: Array<{ name: string; pass: boolean; assertions: Array<{ label: string; pass: boolean; error?: string; expected: unknown; actual: unknown }> }> }

const WITH_TESTS = readdirSync(path.join(REPO_ROOT, 'templates')).filter((id) => existsSync(path.join(REPO_ROOT, 'templates', id, 'tests.json'))).sort();

describe('template test cases', () => {
  let runtime: RuntimeProcess;
  let token: string;

  beforeAll(async () => {
    runtime = await startRuntime();
    token = await runtime.login();
  });

  afterAll(async () => {
    await runtime?.stop();
  });

  test('at least two templates ship test cases, and every template still loads', async () => {
    expect(WITH_TESTS.length).toBeGreaterThanOrEqual(2);
    const listed = await runtime.api<{ templates: Array<{ id: string }>; broken: unknown[] }>('GET', '/api/templates', undefined, token);
    expect(listed.body.broken).toEqual([]);
    for (const id of WITH_TESTS) expect(listed.body.templates.map((template) => template.id)).toContain(id);
  });

  test.each(WITH_TESTS)('a partner onboarded from %s starts with its template\'s cases, and they pass', async (id) => {
    const template = (await runtime.api<Template>('GET', `/api/templates/${id}`, undefined, token)).body;
    const partnerId = `tests-${id}`.slice(0, 40);
    const made = await runtime.api<{ flow: { id: string; version: number } }>('POST', `/api/templates/${id}/instantiate`, { partnerId, name: 'Tested Partner', params: template.example.params }, token);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const flowId = made.body.flow.id;
    const suite = (await runtime.api<Suite>('GET', `/api/flows/${flowId}/tests`, undefined, token)).body;
    expect(suite.savedAtVersion).toBe(1);
    expect(suite.cases.length).toBeGreaterThan(0);
    // Node references are this flow's deployed ids, not the template's local ones.
    for (const testCase of suite.cases) {
      for (const node of [testCase.input.node, ...testCase.assertions.map((assertion) => assertion.node)].filter(Boolean)) expect(node).toMatch(new RegExp(`^${flowId}\\.`));
    }
    const run = await runtime.api<SuiteResult>('POST', `/api/flows/${flowId}/tests/run`, {}, token);
    expect(run.status).toBe(200);
    const failing = run.body.cases.filter((testCase) => !testCase.pass).map((testCase) => ({ name: testCase.name, failed: testCase.assertions.filter((assertion) => !assertion.pass) }));
    expect(failing).toEqual([]);
    expect(run.body.passed).toBe(suite.cases.length);
  });

  test('a template\'s placeholders are filled in its cases (the partner\'s name)', async () => {
    const suite = await runtime.api<Suite>('GET', '/api/flows/tests-customer-order-status-webhook-order-status/tests', undefined, token);
    expect(suite.body.cases.map((testCase) => testCase.name)).toContain('a checked event is sent to Tested Partner once, and the ERP gets 202 with the event id');
  });
});
