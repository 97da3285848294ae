// `tradelane test`: against a deployed flow and a flow file, exit code 0 on pass and 1 on a failing case, and a JUnit XML report CI can read.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI, startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import { BROKEN_MAPPING, orderFlow } from '../support/flow-test-fixtures.js';

const run = promisify(execFile);
const FLOW = 'ft-cli';

interface CliOutcome { code: number; stdout: string; stderr: string }

interface JunitCase { '@_name': string; '@_classname': string; failure?: { '@_message': string; '#text': string } }
interface Junit { testsuites: { '@_tests': string; '@_failures': string; testsuite: { '@_name': string; testcase: JunitCase } } }

describe('tradelane test (CLI)', () => {
  let runtime: RuntimeProcess;
  let token: string;
  const dir = tempDataDir('tradelane-flowtest-cli-');

  async function cli(...args: string[]): Promise<CliOutcome> {
    return run(process.execPath, [CLI, 'test', ...args, '--url', runtime.url], { env: { ...process.env, TRADELANE_TOKEN: token } })
      .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }), (error: CliOutcome) => error);
  }

  function junit(file: string): Junit {
    return new XMLParser({ ignoreAttributes: false }).parse(readFileSync(file, 'utf8')) as Junit;
  }

  beforeAll(async () => {
    runtime = await startRuntime();
    token = await runtime.login();
    expect((await runtime.api('POST', '/api/flows', { flow: orderFlow(FLOW) }, token)).status).toBe(201);
    const made = await runtime.api('POST', `/api/flows/${FLOW}/tests/from-dry-run`, { name: 'order & <qty>', input: { kind: 'http', body: { po: 'PO-3', qty: 4 } } }, token);
    expect(made.status).toBe(201);
  });

  afterAll(async () => {
    await runtime?.stop();
  });

  test('a passing flow exits 0 and its JUnit report has the case without a failure', async () => {
    const report = path.join(dir, 'pass.xml');
    const outcome = await cli(FLOW, '--junit', report);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('PASS order & <qty>');
    const xml = junit(report);
    expect(xml.testsuites['@_tests']).toBe('1');
    expect(xml.testsuites['@_failures']).toBe('0');
    expect(xml.testsuites.testsuite.testcase).toMatchObject({ '@_name': 'order & <qty>', '@_classname': `flow.${FLOW}` });
    expect(xml.testsuites.testsuite.testcase.failure).toBeUndefined();
  });

  test('after the mapping breaks, it exits 1 and the report names the failing assertion with expected and actual', async () => {
    expect((await runtime.api('PUT', `/api/flows/${FLOW}`, { flow: orderFlow(FLOW, BROKEN_MAPPING) }, token)).status).toBe(200);
    const report = path.join(dir, 'fail.xml');
    const outcome = await cli(FLOW, '--junit', report);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toContain('FAIL order & <qty>');
    expect(outcome.stdout).toContain('response body at $.qty: expected 4, got 40');
    const xml = junit(report);
    expect(xml.testsuites['@_failures']).toBe('1');
    expect(xml.testsuites.testsuite.testcase.failure!['@_message']).toBe('response body at $.qty: expected 4, got 40');
    expect(xml.testsuites.testsuite.testcase.failure!['#text']).toContain('calls to ft-cli-erp at $.bodies[0].qty: expected 4, got 40');
  });

  test('a flow file with its cases runs without storing anything; no argument runs every flow with cases', async () => {
    const suite = (await runtime.api<{ cases: unknown[] }>('GET', `/api/flows/${FLOW}/tests`, undefined, token)).body;
    const file = path.join(dir, 'orders.json');
    writeFileSync(file, JSON.stringify({ flow: orderFlow('ft-file'), cases: JSON.parse(JSON.stringify(suite.cases).split(FLOW).join('ft-file')) as unknown[] }));
    const fromFile = await cli(file, '--junit', path.join(dir, 'file.xml'));
    expect(fromFile.code).toBe(0);
    expect(junit(path.join(dir, 'file.xml')).testsuites.testsuite['@_name']).toBe('ft-file');
    expect((await runtime.api('GET', '/api/flows/ft-file', undefined, token)).status).toBe(404);

    // A file is checked on its own: the good mapping under another tab passes although its node ids are those of the deployed (broken) flow.
    const [tab, ...nodes] = orderFlow(FLOW);
    const copy = path.join(dir, 'copy.json');
    writeFileSync(copy, JSON.stringify({ flow: [{ ...tab, id: 'ft-copy' }, ...nodes], cases: suite.cases }));
    const copied = await cli(copy);
    expect(copied.code, copied.stdout + copied.stderr).toBe(0);

    const all = await cli();
    expect(all.code).toBe(1);
    expect(all.stdout).toContain(`flow ${FLOW}: 0 passed, 1 failed`);
  });

  test('a missing flow and a file without cases are errors on stderr with a non-zero exit', async () => {
    const missing = await cli('no-such-flow');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('flow "no-such-flow" does not exist');
    const bare = path.join(dir, 'bare.json');
    writeFileSync(bare, JSON.stringify(orderFlow('ft-bare')));
    const noCases = await cli(bare);
    expect(noCases.code).toBe(2);
    expect(noCases.stderr).toContain('bare.tests.json');
  });
});
