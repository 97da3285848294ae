// `tradelane test [FLOW|FILE] [--junit out.xml]`: runs flow test cases on a server (a deployed flow's, every flow's, or a flow file's) and exits non-zero when one fails.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CliUsageError, connect, type ServerClient } from './cli-client.js';
import { failureLines } from './flow-tests/flow-test-service.js';
import { junitXml, type FlowSuiteResult } from './flow-tests/junit-report.js';
import type { TestCase } from './flow-tests/test-case.js';
import type { SuiteResult } from './flow-tests/test-runner.js';

interface FlowFile {
  flow: unknown[];
  cases: TestCase[];
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** A file is {flow, cases}, or a Node-RED export whose cases are in --tests FILE or next to it as NAME.tests.json. */
function readFlowFile(file: string, testsFile: string | undefined): FlowFile {
  const content = readJson(file);
  if (Array.isArray(content)) {
    const sibling = testsFile ?? file.replace(/\.json$/, '') + '.tests.json';
    if (!existsSync(sibling)) throw new CliUsageError(`${file} is a flow export without test cases: put them in ${sibling} or pass --tests FILE`);
    const tests = readJson(sibling) as { cases?: TestCase[] } | TestCase[];
    return { flow: content, cases: Array.isArray(tests) ? tests : tests.cases ?? [] };
  }
  const object = content as Partial<FlowFile>;
  if (!Array.isArray(object.flow) || !Array.isArray(object.cases)) throw new CliUsageError(`${file}: expected {"flow": [...nodes], "cases": [...]} or a Node-RED export`);
  return { flow: object.flow, cases: object.cases };
}

function flowIdOf(flow: unknown[]): string {
  const tab = flow.find((node) => (node as { type?: string }).type === 'tab') as { id?: string } | undefined;
  return tab?.id ?? 'flow-file';
}

async function everyFlow(server: ServerClient): Promise<FlowSuiteResult[]> {
  const { flows } = await server.call<{ flows: Array<{ id: string }> }>('GET', '/api/flows');
  const results: FlowSuiteResult[] = [];
  for (const { id } of flows) {
    const suite = await server.call<{ cases: unknown[] }>('GET', `/api/flows/${encodeURIComponent(id)}/tests`);
    if (suite.cases.length) results.push({ flowId: id, result: await server.call<SuiteResult>('POST', `/api/flows/${encodeURIComponent(id)}/tests/run`, {}) });
  }
  return results;
}

function print(suites: readonly FlowSuiteResult[]): void {
  for (const { flowId, result } of suites) {
    process.stdout.write(`flow ${flowId}: ${result.passed} passed, ${result.failed} failed\n`);
    for (const testCase of result.cases) {
      process.stdout.write(`  ${testCase.pass ? 'PASS' : 'FAIL'} ${testCase.name}\n`);
      for (const line of testCase.pass ? [] : failureLines(testCase)) process.stdout.write(`       ${line}\n`);
    }
  }
}

export async function flowTest(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { url: { type: 'string' }, junit: { type: 'string' }, tests: { type: 'string' } }, strict: true });
  const target = positionals[0];
  const file = target !== undefined && (existsSync(target) || target.endsWith('.json')) ? readFlowFile(target, values.tests) : undefined;
  const server = await connect(values.url, 'run flow tests');
  let suites: FlowSuiteResult[];
  if (file) suites = [{ flowId: flowIdOf(file.flow), result: await server.call<SuiteResult>('POST', '/api/flow-tests/run', file) }];
  else if (target) suites = [{ flowId: target, result: await server.call<SuiteResult>('POST', `/api/flows/${encodeURIComponent(target)}/tests/run`, {}) }];
  else suites = await everyFlow(server);
  print(suites);
  if (values.junit) writeFileSync(values.junit, junitXml(suites));
  const failed = suites.reduce((sum, suite) => sum + suite.result.failed, 0);
  const total = suites.reduce((sum, suite) => sum + suite.result.cases.length, 0);
  process.stdout.write(`${total - failed} of ${total} test case${total === 1 ? '' : 's'} passed\n`);
  if (failed) process.exitCode = 1;
}
