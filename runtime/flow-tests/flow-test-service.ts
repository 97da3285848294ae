// Flow test cases as a service: read and save a flow's suite, run it (stored or edited content), make a case from a dry run, and gate deploys.
import type { FlowDocument, FlowNode } from '../engine/flow-types.js';
import { toFlowDocument } from '../engine/flow-types.js';
import { SYSTEM_ACCESS, type DeployAccess } from '../security/deploy-access.js';
import type { FlowStore } from '../store/flow-store.js';
import type { FlowTestStore, StoredSuite } from '../store/flow-test-store.js';
import { HttpError } from '../api/http-error.js';
import { withStoredSecrets } from '../api/flow-route-support.js';
import type { ObservedRun } from './assertions.js';
import type { Assertion, TestCase, TestInput, TestStub, TestSuite } from './test-case.js';
import { runCase, runSuite, type CaseResult, type SuiteResult, type TestRunDeps } from './test-runner.js';

export interface FromDryRunRequest {
  name: string;
  input: TestInput;
  stubs?: TestStub[];
  /** The editor's content to run instead of the deployed version. */
  flow?: FlowNode[];
}

/** What a deploy learns from the gate: nothing ran, all passed, or failures that were forced through. */
export interface GateOutcome {
  ran: boolean;
  passed: number;
  failed: number;
  forced: boolean;
  failingCases: string[];
}

/** The assertions a dry run's observations become: what the flow answered, and every outside call it would have made. */
export function expectationsFrom(observed: ObservedRun): Assertion[] {
  const assertions: Assertion[] = [];
  if (observed.response) assertions.push({ kind: 'status', expected: observed.response.status }, { kind: 'body', expected: observed.response.body });
  for (const node of observed.stubbed) {
    const bodies = (observed.outputs.get(node) ?? []).map((message) => message.payload);
    assertions.push({ kind: 'calls', node, count: bodies.length, bodies });
  }
  return assertions;
}

/** One line per failing assertion, for the deploy refusal and the CLI. */
export function failureLines(result: CaseResult): string[] {
  if (result.error) return [`${result.error.path}: ${result.error.message}`];
  return result.assertions.filter((assertion) => !assertion.pass).map((assertion) => {
    if (assertion.error) return `${assertion.label}: ${assertion.error}`;
    const first = assertion.differences[0];
    const where = first && first.path !== '$' ? ` at ${first.path}` : '';
    return `${assertion.label}${where}: expected ${JSON.stringify(first?.expected ?? assertion.expected)}, got ${JSON.stringify(first?.actual ?? assertion.actual) ?? 'nothing'}`;
  });
}

export class FlowTestService {
  constructor(readonly store: FlowTestStore, private readonly flows: FlowStore, private readonly run: TestRunDeps) {}

  private async currentVersion(flowId: string): Promise<number> {
    const flow = await this.flows.get(flowId);
    if (!flow) throw new HttpError(404, `flow "${flowId}" does not exist`);
    return flow.version;
  }

  async suite(flowId: string, version?: number): Promise<StoredSuite & { version: number }> {
    const current = await this.currentVersion(flowId);
    const wanted = version ?? current;
    if (wanted > current || !(await this.flows.getVersion(flowId, wanted))) throw new HttpError(404, `flow "${flowId}" has no version ${wanted}`);
    return { ...(await this.store.forVersion(flowId, wanted)), version: wanted };
  }

  async save(flowId: string, suite: TestSuite, author: string): Promise<StoredSuite & { version: number }> {
    const version = await this.currentVersion(flowId);
    return { ...(await this.store.save(flowId, version, suite, author)), version };
  }

  /**
   * Stored content already passed the deploy checks, so it runs with the runtime's access (an operator may run the tests
   * of a flow holding function nodes); content sent by the caller is checked against the caller, like a deploy.
   */
  private async contentOf(flowId: string, nodes: FlowNode[] | undefined, caller: DeployAccess): Promise<{ flow: FlowDocument; access: DeployAccess }> {
    if (nodes) {
      const flow = toFlowDocument(nodes, flowId);
      if (flow.id !== flowId) throw new HttpError(400, 'the tab id must match the flow id in the URL', [{ path: '$.flow', message: `tab id "${flow.id}" != "${flowId}"` }]);
      // The editor only ever sees credentials masked ({"set": true}): the run uses the deployed values, as a deploy would.
      return { flow: await withStoredSecrets(this.flows, flow), access: caller };
    }
    const current = await this.flows.current(flowId);
    if (!current) throw new HttpError(404, `flow "${flowId}" does not exist`);
    const summary = await this.flows.get(flowId);
    return { flow: { id: flowId, label: summary?.label ?? flowId, nodes: current.flow }, access: SYSTEM_ACCESS };
  }

  async runStored(flowId: string, nodes: FlowNode[] | undefined, caller: DeployAccess): Promise<SuiteResult & { version: number }> {
    const suite = await this.suite(flowId);
    const { flow, access } = await this.contentOf(flowId, nodes, caller);
    return { ...(await runSuite(this.run, flow, suite.cases, access)), version: suite.version };
  }

  /** A flow file's cases, run without storing anything (the CLI's FILE mode). */
  runContent(nodes: FlowNode[], cases: TestCase[], caller: DeployAccess): Promise<SuiteResult> {
    return runSuite(this.run, toFlowDocument(nodes, 'flow-file'), cases, caller, { standalone: true });
  }

  /** Runs the input once with no assertions; what it observed becomes the new case's expectations, added to the suite. */
  async fromDryRun(flowId: string, request: FromDryRunRequest, caller: DeployAccess, author: string): Promise<{ testCase: TestCase; result: CaseResult; version: number }> {
    const suite = await this.suite(flowId);
    if (suite.cases.some((existing) => existing.name === request.name)) throw new HttpError(409, `flow "${flowId}" already has a test case named "${request.name}"`, [{ path: '$.name', message: 'choose another name' }]);
    const { flow, access } = await this.contentOf(flowId, request.flow, caller);
    const probe: TestCase = { name: request.name, input: request.input, ...(request.stubs?.length ? { stubs: request.stubs } : {}), assertions: [] };
    const { observed, ...dryRun } = await runCase(this.run, flow, probe, access);
    if (dryRun.error) throw new HttpError(422, `the dry run could not start: ${dryRun.error.message}`, [{ path: `$.${dryRun.error.path}`, message: dryRun.error.message }]);
    const testCase: TestCase = { ...probe, assertions: expectationsFrom(observed!) };
    await this.store.save(flowId, suite.version, { runBeforeDeploy: suite.runBeforeDeploy, cases: [...suite.cases, testCase] }, author);
    return { testCase, result: { ...dryRun, pass: true }, version: suite.version };
  }

  /**
   * Before a deploy of new content: when the flow asks for it, its cases run against that content. A failing case
   * refuses the deploy with the failing cases located, unless forced (the route audits the force).
   */
  async gate(document: FlowDocument, caller: DeployAccess, force: boolean): Promise<GateOutcome> {
    const none: GateOutcome = { ran: false, passed: 0, failed: 0, forced: false, failingCases: [] };
    const current = await this.flows.get(document.id);
    if (!current) return none;
    const suite = await this.store.forVersion(document.id, current.version);
    if (!suite.runBeforeDeploy || !suite.cases.length) return none;
    const result = await runSuite(this.run, document, suite.cases, caller);
    const failing = result.cases.map((testCase, index) => ({ testCase, index })).filter(({ testCase }) => !testCase.pass);
    const outcome: GateOutcome = { ran: true, passed: result.passed, failed: result.failed, forced: false, failingCases: failing.map(({ testCase }) => testCase.name) };
    if (!failing.length) return outcome;
    if (force) return { ...outcome, forced: true };
    throw new HttpError(422, `${failing.length} of ${result.cases.length} test case${result.cases.length === 1 ? '' : 's'} of flow "${document.id}" fail${failing.length === 1 ? 's' : ''}; fix the flow or deploy with forceTests: true (audited)`,
      failing.flatMap(({ testCase, index }) => failureLines(testCase).map((line) => ({ path: `$.tests.cases[${index}]`, message: `"${testCase.name}": ${line}` }))),
      { failingTests: failing.map(({ testCase }) => testCase.name), tests: result });
  }
}
