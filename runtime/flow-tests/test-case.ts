// Flow test cases: their types and the JSON Schema that validates, types and documents them (API bodies, tests.json files).
import type { JSONSchema } from '../../nodes/sdk/index.js';

/** An HTTP request as a partner would send it to an intake (tl-intake or http in) node. */
export interface HttpInput {
  kind: 'http';
  /** Entry node id; defaults to the flow's first intake node. */
  node?: string;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A message injected at any node (the node receives it as its input). */
export interface MessageInput {
  kind: 'message';
  node: string;
  message: Record<string, unknown>;
}

export type TestInput = HttpInput | MessageInput;

/** A recorded answer of an outside system: the stubbed node sets these message properties (e.g. payload, erp) instead of calling out. */
export interface TestStub {
  node: string;
  set: Record<string, unknown>;
}

export type Assertion =
  | { kind: 'status'; expected: number }
  | { kind: 'body'; expected: unknown }
  /** Calls a stubbed node (ERP post, webhook, file…) would have made: how many, and each call's payload in order. */
  | { kind: 'calls'; node: string; count?: number; bodies?: unknown[] }
  /** A JSONata expression on the first message a node sent (for a stubbed node: what it would have sent). */
  | { kind: 'jsonata'; node: string; expression: string; expected?: unknown };

export interface TestCase {
  name: string;
  input: TestInput;
  stubs?: TestStub[];
  assertions: Assertion[];
}

/** The test cases of one flow version and whether a deploy runs them first. */
export interface TestSuite {
  runBeforeDeploy: boolean;
  cases: TestCase[];
}

const nodeId: JSONSchema = { type: 'string', minLength: 1, maxLength: 200 };

const httpInput: JSONSchema = {
  type: 'object',
  properties: {
    kind: { const: 'http' },
    node: { ...nodeId, description: 'Entry node; defaults to the first tl-intake or http in node.' },
    method: { type: 'string', pattern: '^[A-Za-z]{3,7}$', default: 'POST' },
    path: { type: 'string', maxLength: 2000 },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    body: { description: 'JSON, or text for csv/x12/edifact/xml intakes (then send a Content-Type header).' },
  },
  required: ['kind'],
  additionalProperties: false,
};

const messageInput: JSONSchema = {
  type: 'object',
  properties: { kind: { const: 'message' }, node: nodeId, message: { type: 'object' } },
  required: ['kind', 'node', 'message'],
  additionalProperties: false,
};

const assertion: JSONSchema = {
  type: 'object',
  properties: {
    kind: { enum: ['status', 'body', 'calls', 'jsonata'] },
    expected: {},
    node: nodeId,
    count: { type: 'integer', minimum: 0 },
    bodies: { type: 'array' },
    expression: { type: 'string', minLength: 1, maxLength: 10_000 },
  },
  required: ['kind'],
  additionalProperties: false,
  allOf: [
    { if: { properties: { kind: { const: 'status' } } }, then: { required: ['expected'], properties: { expected: { type: 'integer', minimum: 100, maximum: 599 } } } },
    { if: { properties: { kind: { const: 'body' } } }, then: { required: ['expected'] } },
    { if: { properties: { kind: { const: 'calls' } } }, then: { required: ['node'] } },
    { if: { properties: { kind: { const: 'jsonata' } } }, then: { required: ['node', 'expression'] } },
  ],
};

export const testCaseSchema: JSONSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    input: { oneOf: [httpInput, messageInput] },
    stubs: { type: 'array', items: { type: 'object', properties: { node: nodeId, set: { type: 'object' } }, required: ['node', 'set'], additionalProperties: false } },
    assertions: { type: 'array', items: assertion },
  },
  required: ['name', 'input', 'assertions'],
  additionalProperties: false,
};

export const testSuiteSchema: JSONSchema = {
  type: 'object',
  properties: {
    runBeforeDeploy: { type: 'boolean', default: false, description: 'Run the cases before every deploy of the flow; a failing case blocks the deploy unless forced.' },
    cases: { type: 'array', maxItems: 500, items: testCaseSchema },
  },
  required: ['cases'],
  additionalProperties: false,
};
