// Routes for flow test cases: read (also of an old version), save, create from a dry run, run the stored cases or a flow file's.
import type { JSONSchema } from '../../nodes/sdk/index.js';
import type { FlowNode } from '../engine/flow-types.js';
import type { FlowTestService, FromDryRunRequest } from '../flow-tests/flow-test-service.js';
import { testCaseSchema, testSuiteSchema, type TestCase, type TestSuite } from '../flow-tests/test-case.js';
import type { ApiRouter } from './api-router.js';
import { currentUser } from './auth.js';
import { asHttpError, flowBody } from './flow-route-support.js';
import { HttpError } from './http-error.js';

const editors = ['admin', 'analyst'] as const;
/** Operators may read and run the tests of deployed versions (a run changes nothing outside); only editors run edited content. */
const readers = ['admin', 'analyst', 'operator'] as const;

const flowNodes: JSONSchema = { ...(flowBody.properties!.flow as JSONSchema), description: 'The editor\'s flow content to test instead of the deployed version (editors only).' };

const difference: JSONSchema = { type: 'object', properties: { path: { type: 'string' }, expected: {}, actual: {} }, required: ['path'] };
const assertionResult: JSONSchema = {
  type: 'object',
  properties: { assertion: { type: 'object' }, label: { type: 'string' }, pass: { type: 'boolean' }, expected: {}, actual: {}, differences: { type: 'array', items: difference }, error: { type: 'string' } },
  required: ['assertion', 'label', 'pass', 'differences'],
};
const caseResult: JSONSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' }, pass: { type: 'boolean' }, durationMs: { type: 'integer' }, assertions: { type: 'array', items: assertionResult },
    failure: { type: 'object' }, error: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    response: { type: 'object', properties: { status: { type: 'integer' }, body: {} } }, hops: { type: 'array', items: { type: 'object' } },
  },
  required: ['name', 'pass', 'assertions', 'hops'],
};
export const suiteResultSchema: JSONSchema = {
  type: 'object', properties: { version: { type: 'integer' }, passed: { type: 'integer' }, failed: { type: 'integer' }, cases: { type: 'array', items: caseResult } }, required: ['passed', 'failed', 'cases'],
};
const storedSuite: JSONSchema = {
  type: 'object',
  properties: {
    flowId: { type: 'string' }, version: { type: 'integer' }, savedAtVersion: { type: 'integer', description: 'The version the suite was saved at; later versions carry it until one is saved for them (0: never saved).' },
    savedBy: { type: 'string' }, savedAt: { type: 'string' }, runBeforeDeploy: { type: 'boolean' }, cases: { type: 'array', items: testCaseSchema },
  },
  required: ['flowId', 'version', 'savedAtVersion', 'runBeforeDeploy', 'cases'],
};

const fromDryRunBody: JSONSchema = {
  type: 'object',
  properties: { name: testCaseSchema.properties!.name!, input: testCaseSchema.properties!.input!, stubs: testCaseSchema.properties!.stubs!, flow: flowNodes },
  required: ['name', 'input'],
  additionalProperties: false,
};

export function registerFlowTestRoutes(api: ApiRouter, service: FlowTestService): void {
  api.add({
    method: 'get', path: '/api/flows/:id/tests', tag: 'flow tests', summary: 'The test cases of the current version, and whether deploys run them first', access: readers, response: storedSuite,
    handler: async ({ params }) => ({ flowId: params.id!, ...(await service.suite(params.id!)) }),
  });

  api.add({
    method: 'get', path: '/api/flows/:id/versions/:n/tests', tag: 'flow tests', summary: 'The test cases one version carried', access: readers, response: storedSuite,
    handler: async ({ params }) => {
      if (!/^[0-9]+$/.test(params.n!)) throw new HttpError(400, 'version must be a number', [{ path: 'params.n', message: `got "${params.n}"` }]);
      return { flowId: params.id!, ...(await service.suite(params.id!, Number(params.n))) };
    },
  });

  api.add<TestSuite>({
    method: 'put', path: '/api/flows/:id/tests', tag: 'flow tests', summary: 'Save the test cases of the current version (later versions carry them)', access: editors, body: testSuiteSchema, response: storedSuite,
    audit: { action: 'flow.tests.save', target: (request) => `flow:${request.params.id ?? ''}`, details: (request) => ({ cases: (request.body as Partial<TestSuite>).cases?.length, runBeforeDeploy: (request.body as Partial<TestSuite>).runBeforeDeploy === true }) },
    handler: async ({ params, body }, res) => {
      const names = new Set<string>();
      body.cases.forEach((testCase, index) => {
        if (names.has(testCase.name)) throw new HttpError(400, 'test case names must be unique', [{ path: `$.cases[${index}].name`, message: `"${testCase.name}" is used twice` }]);
        names.add(testCase.name);
      });
      return { flowId: params.id!, ...(await service.save(params.id!, { runBeforeDeploy: body.runBeforeDeploy ?? false, cases: body.cases }, currentUser(res).username)) };
    },
  });

  api.add<FromDryRunRequest>({
    method: 'post', path: '/api/flows/:id/tests/from-dry-run', tag: 'flow tests', successStatus: 201, access: editors, body: fromDryRunBody,
    summary: 'Dry-run an input through the flow (outside calls stubbed); the answer and the calls it would have made become a new test case, saved with the flow',
    response: { type: 'object', properties: { version: { type: 'integer' }, testCase: testCaseSchema, result: caseResult }, required: ['version', 'testCase', 'result'] },
    audit: { action: 'flow.tests.create', target: (request) => `flow:${request.params.id ?? ''}`, details: (request) => ({ name: (request.body as Partial<FromDryRunRequest>).name }) },
    handler: async ({ params, body }, res) => {
      const caller = currentUser(res);
      return service.fromDryRun(params.id!, body, caller, caller.username).catch((error: unknown) => { throw asHttpError(error); });
    },
  });

  api.add<{ flow?: FlowNode[] }>({
    method: 'post', path: '/api/flows/:id/tests/run', tag: 'flow tests', access: readers, response: suiteResultSchema,
    summary: 'Run the test cases: per case pass or fail, with expected and actual per assertion; against the deployed version, or (editors) the flow content sent',
    body: { type: 'object', properties: { flow: flowNodes }, additionalProperties: false },
    handler: async ({ params, body }, res) => {
      const caller = currentUser(res);
      if (body.flow && caller.role === 'operator') throw new HttpError(403, 'operators run the tests of the deployed version only; leave out "flow"', [{ path: '$.flow', message: 'needs role admin or analyst' }]);
      return service.runStored(params.id!, body.flow, caller).catch((error: unknown) => { throw asHttpError(error); });
    },
  });

  api.add<{ flow: FlowNode[]; cases: TestCase[] }>({
    method: 'post', path: '/api/flow-tests/run', tag: 'flow tests', access: editors, response: suiteResultSchema,
    summary: 'Run the test cases of a flow file (not stored): `tradelane test FILE`',
    body: { type: 'object', properties: { flow: flowBody.properties!.flow!, cases: testSuiteSchema.properties!.cases! }, required: ['flow', 'cases'], additionalProperties: false },
    handler: ({ body }, res) => service.runContent(body.flow, body.cases, currentUser(res)).catch((error: unknown) => { throw asHttpError(error); }),
  });
}
