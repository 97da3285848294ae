// Shapes of the flow test routes (/api/flows/:id/tests…) as the Tests tab consumes them; see docs/flow-tests.md.
export type TestInput =
  | { kind: 'http'; node?: string; method?: string; path?: string; headers?: Record<string, string>; body?: unknown }
  | { kind: 'message'; node: string; message: Record<string, unknown> };

export type Assertion =
  | { kind: 'status'; expected: number }
  | { kind: 'body'; expected: unknown }
  | { kind: 'calls'; node: string; count?: number; bodies?: unknown[] }
  | { kind: 'jsonata'; node: string; expression: string; expected?: unknown };

export interface TestCase {
  name: string;
  input: TestInput;
  stubs?: Array<{ node: string; set: Record<string, unknown> }>;
  assertions: Assertion[];
}

export interface StoredSuite {
  flowId: string;
  version: number;
  savedAtVersion: number;
  runBeforeDeploy: boolean;
  cases: TestCase[];
}

export interface Difference {
  path: string;
  expected?: unknown;
  actual?: unknown;
}

export interface AssertionResult {
  assertion: Assertion;
  label: string;
  pass: boolean;
  expected?: unknown;
  actual?: unknown;
  differences: Difference[];
  error?: string;
}

export interface CaseResult {
  name: string;
  pass: boolean;
  durationMs?: number;
  assertions: AssertionResult[];
  failure?: { code: string; message: string; nodeId: string };
  error?: { path: string; message: string };
}

export interface SuiteResult {
  passed: number;
  failed: number;
  cases: CaseResult[];
}
