// A template's tests.json is checked at load like the template itself: shape, node ids of the template's flow, and no secret parameter.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { instanceTests, readTemplateTests } from '../../runtime/templates/template-tests.js';
import type { TemplateFile } from '../../runtime/templates/template-types.js';

const template = {
  id: 'demo', version: 1, flow: [{ id: 'in', type: 'tl-intake' }, { id: 'erp', type: 'tl-erp-post' }],
  parameters: { type: 'object', properties: { token: { type: 'string', 'x-secret': 'generate' }, path: { type: 'string' } } },
} as unknown as TemplateFile;

function withTests(content: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tradelane-template-tests-'));
  mkdirSync(path.join(dir, 'demo'));
  writeFileSync(path.join(dir, 'demo', 'tests.json'), typeof content === 'string' ? content : JSON.stringify(content));
  return path.join(dir, 'demo', 'template.json');
}

const ok = { cases: [{ name: 'posts once', input: { kind: 'http', path: '/partners/{{param.partnerId}}/{{param.path}}', body: {} }, assertions: [{ kind: 'calls', node: 'erp', count: 1 }] }] };

describe('template tests.json', () => {
  test('no file: no suite and no problem', () => {
    expect(readTemplateTests(path.join(mkdtempSync(path.join(tmpdir(), 'tradelane-none-')), 'template.json'), template)).toEqual({ problems: [] });
  });

  test('a valid file gives the suite, gate off unless it says so', () => {
    expect(readTemplateTests(withTests(ok), template)).toEqual({ tests: { runBeforeDeploy: false, cases: ok.cases }, problems: [] });
  });

  test('bad JSON, a bad shape, an unknown node and a secret parameter are located in tests.json', () => {
    expect(readTemplateTests(withTests('{"cases": ['), template).problems[0]!.message).toMatch(/^not valid JSON: .*line 1/);
    expect(readTemplateTests(withTests({ cases: [{ name: 'x', assertions: [] }] }), template).problems[0]!.path).toMatch(/^tests\.json\.cases\[0\]/);
    expect(readTemplateTests(withTests({ cases: [{ ...ok.cases[0], assertions: [{ kind: 'calls', node: 'ghost' }] }] }), template).problems)
      .toEqual([{ path: 'tests.json.cases[0].assertions[0].node', message: 'node "ghost" is not in the template\'s flow' }]);
    const secret = readTemplateTests(withTests({ cases: [{ ...ok.cases[0], input: { kind: 'http', headers: { 'X-Token': '{{param.token}}' } } }] }), template).problems;
    expect(secret).toEqual([{ path: 'tests.json.cases[0].input.headers["X-Token"]', message: expect.stringContaining('parameter "token" is a secret') }]);
  });

  test('an instance gets the parameters filled in and its own node ids', () => {
    const suite = instanceTests({ runBeforeDeploy: true, cases: ok.cases as never }, { param: (name) => ({ partnerId: 'acme', path: 'acks' })[name], node: (local) => `acme-flow.${local}` });
    expect(suite.runBeforeDeploy).toBe(true);
    expect(suite.cases[0]!.input).toMatchObject({ path: '/partners/acme/acks' });
    expect(suite.cases[0]!.assertions).toEqual([{ kind: 'calls', node: 'acme-flow.erp', count: 1 }]);
  });
});
