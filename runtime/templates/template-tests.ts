// Test cases a template ships (tests.json beside template.json): checked at load, then instantiated with each partner's flow so it starts with tests.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compileSchema, createAjv, locateJsonError } from '../../nodes/sdk/index.js';
import { testSuiteSchema, type TestSuite } from '../flow-tests/test-case.js';
import { collectReferences, substitute, type SubstitutionContext } from './placeholders.js';
import { secretParams } from './template-params.js';
import type { Problem } from './template-schema.js';
import type { TemplateFile } from './template-types.js';

export const TESTS_FILE = 'tests.json';

const checkSuite = compileSchema(createAjv(), testSuiteSchema);

/** Every node id a suite names: entries, stubs and assertions; with the JSON path where it is named. */
function nodeReferences(suite: TestSuite): Array<{ path: string; node: string }> {
  return suite.cases.flatMap((testCase, index) => [
    ...(testCase.input.node ? [{ path: `$.cases[${index}].input.node`, node: testCase.input.node }] : []),
    ...(testCase.stubs ?? []).map((stub, at) => ({ path: `$.cases[${index}].stubs[${at}].node`, node: stub.node })),
    ...testCase.assertions.flatMap((assertion, at) => ('node' in assertion ? [{ path: `$.cases[${index}].assertions[${at}].node`, node: assertion.node }] : [])),
  ]);
}

/** Problems of a suite against its template: unknown node ids, and secret parameters (a test case is stored in clear). */
function suiteProblems(suite: TestSuite, template: TemplateFile): Problem[] {
  const locals = new Set(template.flow.map((node) => node.id));
  const problems: Problem[] = nodeReferences(suite).filter(({ node }) => !locals.has(node)).map(({ path: at, node }) => ({ path: at, message: `node "${node}" is not in the template's flow` }));
  const secrets = new Set(secretParams(template).map((secret) => secret.name));
  for (const reference of collectReferences(suite)) {
    if (reference.kind === 'param' && secrets.has(reference.name.split('.')[0]!)) {
      problems.push({ path: reference.path, message: `parameter "${reference.name}" is a secret: test cases are stored in clear, so they must not name it` });
    }
  }
  return problems;
}

/** The suite in <template dir>/tests.json, or problems located in it (paths start with "tests.json"). No file: no suite. */
export function readTemplateTests(source: string, template: TemplateFile): { tests?: TestSuite; problems: Problem[] } {
  const file = path.join(path.dirname(source), TESTS_FILE);
  if (!existsSync(file)) return { problems: [] };
  const text = readFileSync(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const location = locateJsonError(text);
    return { problems: [{ path: TESTS_FILE, message: `not valid JSON${location ? `: ${location.message} at line ${location.line}, column ${location.column}` : ''}` }] };
  }
  const shape = checkSuite(parsed);
  if (shape.length) return { problems: shape.map((problem) => ({ path: `${TESTS_FILE}${problem.path.replace(/^\$/, '')}`, message: problem.message })) };
  const suite: TestSuite = { cases: (parsed as TestSuite).cases, runBeforeDeploy: (parsed as Partial<TestSuite>).runBeforeDeploy ?? false };
  const problems = suiteProblems(suite, template).map((problem) => ({ ...problem, path: `${TESTS_FILE}${problem.path.replace(/^\$/, '')}` }));
  return problems.length ? { problems } : { tests: suite, problems: [] };
}

function withNodeIds(suite: TestSuite, idOf: (local: string) => string): TestSuite {
  return {
    runBeforeDeploy: suite.runBeforeDeploy,
    cases: suite.cases.map((testCase) => ({
      ...testCase,
      input: testCase.input.node ? { ...testCase.input, node: idOf(testCase.input.node) } : testCase.input,
      ...(testCase.stubs ? { stubs: testCase.stubs.map((stub) => ({ ...stub, node: idOf(stub.node) })) } : {}),
      assertions: testCase.assertions.map((assertion) => ('node' in assertion ? { ...assertion, node: idOf(assertion.node) } : assertion)),
    })),
  };
}

/** The template's suite for one partner's flow: placeholders filled like the flow's, local node ids made deployed ids. */
export function instanceTests(suite: TestSuite, context: SubstitutionContext): TestSuite {
  return withNodeIds(substitute(suite, context) as TestSuite, (local) => context.node(local));
}
