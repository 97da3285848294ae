// Runs a flow's test cases: each through a dry-run copy of the flow on the real engine (outside calls stubbed with recorded answers), then checks its assertions.
import { randomBytes } from 'node:crypto';
import type { AnyNodeDescriptor } from '../../nodes/sdk/index.js';
import type { FlowDocument, FlowNode } from '../engine/flow-types.js';
import { FlowValidationError, type FlowEngine } from '../engine/flow-engine.js';
import type { DeployAccess } from '../security/deploy-access.js';
import { toDryRunFlow } from '../templates/dry-run-flow.js';
import { runCaptured, type CaptureDeps, type HopReport } from '../templates/dry-run-capture.js';
import { checkAssertions, type AssertionResult, type ObservedRun } from './assertions.js';
import type { TestCase } from './test-case.js';
import { INJECT_ID, prepareInput, TestInputError } from './test-input.js';

export interface TestRunDeps extends CaptureDeps {
  engine: CaptureDeps['engine'] & Pick<FlowEngine, 'validate'>;
  /** Which node types reach outside (their descriptors' sideEffects) and are therefore stubbed. */
  catalog: readonly AnyNodeDescriptor[];
}

/**
 * Every run has the same correlation id (unless the input sends X-Correlation-Id), so an answer that echoes it compares
 * exactly, also in a template's cases for every partner and in a flow file tested under another id.
 */
export const TEST_CORRELATION_ID = 'flowtest';

export interface CaseResult {
  name: string;
  pass: boolean;
  durationMs?: number;
  assertions: AssertionResult[];
  /** A node that failed during the run (shown with the case; the assertions decide whether it passes). */
  failure?: { code: string; message: string; nodeId: string };
  /** The case could not run: its input or stubs do not fit the flow. */
  error?: { path: string; message: string };
  response?: { status: number; body: unknown };
  hops: HopReport[];
}

export interface SuiteResult {
  passed: number;
  failed: number;
  cases: CaseResult[];
}

/** Every string naming a node (wires, links, scopes, config references) is renamed, so the copy never clashes with the deployed flow. */
function renamed<T>(value: T, rename: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') return (rename.get(value) ?? value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => renamed(item, rename)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renamed(item, rename)])) as T;
  return value;
}

function copyOf(flow: FlowDocument, extraNodes: FlowNode[], runId: string): FlowDocument {
  const nodes = [...flow.nodes, ...extraNodes];
  const rename = new Map<string, string>(nodes.map((node) => [node.id, node.type === 'tab' ? runId : `${runId}.${node.id}`]));
  rename.set(flow.id, runId);
  return { id: runId, label: flow.label, nodes: renamed(nodes, rename) };
}

/** A core http response node is stubbed; what it received is what the flow would have answered. */
function answeredByHttpResponse(hops: readonly HopReport[]): ObservedRun['response'] {
  const message = hops.find((hop) => hop.type === 'http response')?.outputs[0]?.message;
  if (!message) return undefined;
  return { status: typeof message.statusCode === 'number' ? message.statusCode : 200, body: message.payload };
}

/** Stubbed nodes the message never reached count too: "no ERP call" is an expectation worth stating. */
function observedOf(hops: readonly HopReport[], response: ObservedRun['response'], stubbed: Iterable<string>): ObservedRun {
  return {
    response: response ?? answeredByHttpResponse(hops),
    outputs: new Map(hops.map((hop) => [hop.nodeId, hop.outputs.map((output) => output.message)])),
    stubbed: new Set(stubbed),
  };
}

function stubsOf(testCase: TestCase, flow: FlowDocument, runId: string): Map<string, Record<string, unknown>> {
  const stubs = new Map<string, Record<string, unknown>>();
  (testCase.stubs ?? []).forEach((stub, index) => {
    if (!flow.nodes.some((node) => node.id === stub.node)) throw new TestInputError(`stubbed node "${stub.node}" is not in the flow`, `stubs[${index}].node`);
    stubs.set(`${runId}.${stub.node}`, stub.set);
  });
  return stubs;
}

/** Runs one case; the observed run is returned too, so a case can be made from it. */
/** standalone: the flow is checked on its own (a flow file), not against the deployed flows' ids and endpoints. */
export interface RunOptions {
  standalone?: boolean;
}

export async function runCase(deps: TestRunDeps, flow: FlowDocument, testCase: TestCase, access: DeployAccess, options: RunOptions = {}): Promise<CaseResult & { observed?: ObservedRun }> {
  const runId = `flowtest-${randomBytes(4).toString('hex')}`;
  const prefix = `${runId}.`;
  const localOf = (nodeId: string) => (nodeId.startsWith(prefix) ? nodeId.slice(prefix.length) : nodeId);
  let prepared;
  let stubs;
  try {
    prepared = prepareInput(flow, testCase.input, TEST_CORRELATION_ID);
    stubs = stubsOf(testCase, flow, runId);
  } catch (error) {
    if (!(error instanceof TestInputError)) throw error;
    return { name: testCase.name, pass: false, assertions: [], error: { path: error.path, message: error.message }, hops: [] };
  }
  const copy = copyOf(flow, prepared.extraNodes, runId);
  // Node-RED stops every flow on one unknown node type: content is validated like a deploy before any copy reaches it,
  // and the problems name the flow's own ids. A flow file is checked on its own (as its copy, so its ids clash with nothing).
  const problems = options.standalone ? deps.engine.validate(copy, access, { standalone: true }) : deps.engine.validate(flow, access);
  if (problems.length) throw new FlowValidationError(problems.map((problem) => ({ ...problem, nodeId: localOf(problem.nodeId) })));
  const dry = toDryRunFlow(copy, `${prefix}${prepared.entry}`, localOf, deps.catalog, stubs);
  const captured = await runCaptured(deps, { dry, runId, localOf, access, message: prepared.message }).catch((error: unknown) => {
    // The copy's problems name the copy's ids; the caller knows the flow's.
    if (error instanceof FlowValidationError) throw new FlowValidationError(error.problems.map((problem) => ({ ...problem, nodeId: localOf(problem.nodeId) })));
    throw error;
  });
  const hops = captured.hops.filter((hop) => hop.nodeId !== INJECT_ID);
  const observed = observedOf(hops, captured.response, [...dry.hops.values()].filter((hop) => hop.treatment === 'stubbed').map((hop) => hop.localId));
  const assertions = await checkAssertions(testCase.assertions, observed);
  const failure = captured.outcome.ok ? undefined : { code: captured.outcome.failure.code, message: captured.outcome.failure.message, nodeId: localOf(captured.outcome.failure.nodeId) };
  return {
    name: testCase.name,
    pass: assertions.every((result) => result.pass),
    assertions,
    ...(failure ? { failure } : {}),
    ...(observed.response ? { response: observed.response } : {}),
    hops,
    observed,
  };
}

/** Cases run one after another: each deploys its own copy, and two copies of one flow would answer the same capture. */
export async function runSuite(deps: TestRunDeps, flow: FlowDocument, cases: readonly TestCase[], access: DeployAccess, options: RunOptions = {}): Promise<SuiteResult> {
  const results: CaseResult[] = [];
  for (const testCase of cases) {
    const started = performance.now();
    const { observed: _observed, ...result } = await runCase(deps, flow, testCase, access, options);
    results.push({ ...result, durationMs: Math.round(performance.now() - started) });
  }
  const passed = results.filter((result) => result.pass).length;
  return { passed, failed: results.length - passed, cases: results };
}
