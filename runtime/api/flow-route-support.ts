// What the flow routes share: request and answer schemas, secret restoring, error mapping and per-flow serialisation.
import type { JSONSchema } from '../../nodes/sdk/index.js';
import { FlowStartError, FlowValidationError, type NotStartedNode } from '../engine/flow-engine.js';
import type { FlowDocument, FlowNode } from '../engine/flow-types.js';
import { multiTabMessage, tabsOf } from '../engine/flow-import.js';
import type { FlowStore } from '../store/flow-store.js';
import { restoreMasked } from '../security/flow-secrets.js';
import { HttpError } from './http-error.js';

export const flowBody: JSONSchema = {
  type: 'object',
  properties: {
    flow: { type: 'array', minItems: 1, items: { type: 'object', properties: { id: { type: 'string' }, type: { type: 'string' } }, required: ['id', 'type'] }, description: 'Node-RED flow JSON: one tab node and its nodes.' },
    message: { type: 'string', maxLength: 500, description: 'What changed, shown in the version history.' },
  },
  required: ['flow'],
  additionalProperties: false,
};

export const located: JSONSchema = { type: 'object', properties: { nodeId: { type: 'string' }, path: { type: 'string' }, message: { type: 'string' } }, required: ['nodeId', 'path', 'message'] };
/** What every validate and deploy answer tells besides the version: open-endpoint warnings and the URLs the flow's http in nodes serve. */
export const notes: Record<string, JSONSchema> = {
  warnings: { type: 'array', items: located, description: 'Allowed but worth knowing, e.g. endpoints anyone can call.' },
  endpoints: {
    type: 'array', description: 'Effective URLs of the core http in nodes: /hooks/<flow id><url>.',
    items: { type: 'object', properties: { nodeId: { type: 'string' }, method: { type: 'string' }, url: { type: 'string' } }, required: ['nodeId', 'method', 'url'] },
  },
};
/** Present when the flow ran its test cases before the deploy (docs/flow-tests.md). */
const testsRun: JSONSchema = {
  type: 'object', description: 'The test cases run before this deploy: forced is true when failing ones were deployed anyway.',
  properties: { ran: { type: 'boolean' }, passed: { type: 'integer' }, failed: { type: 'integer' }, forced: { type: 'boolean' }, failingCases: { type: 'array', items: { type: 'string' } } },
  required: ['ran', 'passed', 'failed', 'forced', 'failingCases'],
};
export const deployAnswer: JSONSchema = { type: 'object', properties: { id: { type: 'string' }, version: { type: 'integer' }, ...notes, tests: testsRun }, required: ['id', 'version', 'warnings', 'endpoints'] };
export const validateAnswer: JSONSchema = { type: 'object', properties: { ok: { type: 'boolean' }, problems: { type: 'array', items: located }, ...notes }, required: ['ok', 'problems', 'warnings', 'endpoints'] };

const failedNode: JSONSchema = {
  type: 'object', properties: { nodeId: { type: 'string' }, type: { type: 'string' }, name: { type: 'string' }, message: { type: 'string' } }, required: ['nodeId', 'type', 'name', 'message'],
};
/** 422 of a deploy (create, deploy, rollback) whose nodes failed to start; the previous version runs again. */
const startFailedAnswer: JSONSchema = {
  type: 'object',
  properties: {
    error: { type: 'string' },
    details: { type: 'array', items: located, description: 'One per node that failed to start: its id, path "$", and why.' },
    failedNodes: { type: 'array', items: failedNode },
    previousVersionRunning: { type: 'boolean', description: 'True when the version deployed before is running again; false for a new flow (nothing was deployed).' },
  },
  required: ['error', 'details', 'failedNodes', 'previousVersionRunning'],
};
export const deployErrors = { 422: { description: 'Nodes of the new version failed to start; the version was not recorded and the previous version runs again', schema: startFailedAnswer } };

export function failedNodesOf(nodes: readonly NotStartedNode[]) {
  return nodes.map((node) => ({ nodeId: node.id, type: node.type, name: node.name, message: node.reason }));
}

/** Runs deploys of one flow one after another, so a version check and its deploy cannot interleave with another's. */
export function perFlowQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(flowId: string, work: () => Promise<T>): Promise<T> => {
    const run = (tails.get(flowId) ?? Promise.resolve()).catch(() => undefined).then(work);
    tails.set(flowId, run);
    void run.finally(() => { if (tails.get(flowId) === run) tails.delete(flowId); }).catch(() => undefined);
    return run;
  };
}

/** {"set": true} in a credential keeps the value the deployed version holds (clients only ever see the mask). */
export async function withStoredSecrets(store: FlowStore, document: FlowDocument): Promise<FlowDocument> {
  const current = await store.get(document.id);
  const [plain, sealed] = current ? await Promise.all([store.getVersion(current.id, current.version), store.storedForm(current.id, current.version)]) : [];
  const { nodes, problems } = restoreMasked(document.nodes, plain?.flow, sealed);
  if (problems.length) throw new HttpError(400, 'invalid flow', problems);
  return { ...document, nodes };
}

export function asHttpError(error: unknown): unknown {
  if (error instanceof FlowValidationError) {
    return new HttpError(400, 'invalid flow', error.problems.map((problem) => ({ nodeId: problem.nodeId, path: problem.path, message: problem.message })));
  }
  if (error instanceof FlowStartError) {
    const previous = error.restoredVersion ? 'the previous version runs again' : 'nothing was deployed';
    return new HttpError(422, `flow "${error.flowId}" failed to start; ${previous}`, error.failed.map((node) => ({ nodeId: node.id, path: '$', message: node.reason })), {
      failedNodes: failedNodesOf(error.failed), previousVersionRunning: error.restoredVersion,
    });
  }
  return error;
}

/** Routes that take one flow refuse an export of several tabs instead of flattening it into one. */
export function requireOneTab(nodes: readonly FlowNode[]): void {
  const tabs = tabsOf(nodes);
  if (tabs.length > 1) throw new HttpError(400, 'several tabs in one flow', [{ path: '$.flow', message: multiTabMessage(tabs) }]);
}
