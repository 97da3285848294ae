// The assertion engine: checks a test case's assertions against what one run observed, with expected, actual and where they differ.
import { compileJsonata, describeJsonataError, stripSequenceMarkers } from '../../nodes/sdk/jsonata.js';
import type { Assertion } from './test-case.js';
import { differences, type Difference } from './value-diff.js';

/** What a test run saw, by the node ids the analyst knows. */
export interface ObservedRun {
  /** What the flow answered (respond or http response node), if it did. */
  response?: { status: number; body: unknown };
  /** Messages each node sent, in order (for a stubbed node: what it would have sent). */
  outputs: ReadonlyMap<string, ReadonlyArray<Record<string, unknown>>>;
  /** Node ids that were stubbed (they reach outside the runtime). */
  stubbed: ReadonlySet<string>;
}

export interface AssertionResult {
  assertion: Assertion;
  /** One line for reports, e.g. "response status" or "calls to erp-post". */
  label: string;
  pass: boolean;
  expected: unknown;
  actual: unknown;
  differences: Difference[];
  /** Why the assertion could not be checked (a JSONata error, a node that is not stubbed). */
  error?: string;
}

/** Limits for expressions analysts type: a runaway recursion must not hang the runtime. */
const JSONATA_LIMITS = { timeoutMs: 2000, maxDepth: 500 };

function compared(assertion: Assertion, label: string, expected: unknown, actual: unknown): AssertionResult {
  const found = differences(expected, actual);
  return { assertion, label, pass: found.length === 0, expected, actual, differences: found };
}

function broken(assertion: Assertion, label: string, expected: unknown, error: string): AssertionResult {
  return { assertion, label, pass: false, expected, actual: null, differences: [], error };
}

function checkCalls(assertion: Extract<Assertion, { kind: 'calls' }>, run: ObservedRun): AssertionResult {
  const label = `calls to ${assertion.node}`;
  const expected = { ...(assertion.count !== undefined ? { count: assertion.count } : {}), ...(assertion.bodies ? { bodies: assertion.bodies } : {}) };
  if (!run.stubbed.has(assertion.node)) return broken(assertion, label, expected, `node "${assertion.node}" is not an outside call in this flow (only stubbed nodes such as ERP posts and webhooks have calls)`);
  const bodies = (run.outputs.get(assertion.node) ?? []).map((message) => message.payload);
  const actual = { ...(assertion.count !== undefined ? { count: bodies.length } : {}), ...(assertion.bodies ? { bodies } : {}) };
  return compared(assertion, label, expected, actual);
}

async function checkJsonata(assertion: Extract<Assertion, { kind: 'jsonata' }>, run: ObservedRun): Promise<AssertionResult> {
  const label = `${assertion.node}: ${assertion.expression}`;
  const expected = 'expected' in assertion ? assertion.expected : true;
  const message = run.outputs.get(assertion.node)?.[0];
  if (!message) return broken(assertion, label, expected, `node "${assertion.node}" sent no message`);
  try {
    const compiled = compileJsonata(assertion.expression, JSONATA_LIMITS);
    const value = stripSequenceMarkers(await compiled.evaluate(message)) as unknown;
    // JSON has no undefined: "no result" compares as null, so `expected: null` can state it.
    return compared(assertion, label, expected, value === undefined ? null : value);
  } catch (thrown) {
    const info = describeJsonataError(thrown, assertion.expression);
    return broken(assertion, label, expected, `JSONata: ${info.message}${info.line !== undefined ? ` (line ${info.line}, column ${info.column})` : ''}`);
  }
}

export async function checkAssertion(assertion: Assertion, run: ObservedRun): Promise<AssertionResult> {
  switch (assertion.kind) {
    case 'status':
      return compared(assertion, 'response status', assertion.expected, run.response?.status ?? null);
    case 'body':
      return compared(assertion, 'response body', assertion.expected, run.response ? run.response.body : null);
    case 'calls':
      return checkCalls(assertion, run);
    case 'jsonata':
      return checkJsonata(assertion, run);
  }
}

export async function checkAssertions(assertions: readonly Assertion[], run: ObservedRun): Promise<AssertionResult[]> {
  const results: AssertionResult[] = [];
  for (const assertion of assertions) results.push(await checkAssertion(assertion, run));
  return results;
}
