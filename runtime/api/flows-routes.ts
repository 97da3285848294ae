// Routes for flows: list, read, create, deploy (new version), validate, delete, versions, diff and rollback.
import { randomBytes } from 'node:crypto';
import type { JSONSchema } from '../../nodes/sdk/index.js';
import type { FlowDeployer } from '../engine/flow-deployer.js';
import type { FlowEngine } from '../engine/flow-engine.js';
import { toFlowDocument, type FlowNode } from '../engine/flow-types.js';
import type { FlowStore } from '../store/flow-store.js';
import { diffFlows } from '../store/flow-diff.js';
import { displayForm, maskDiff } from '../security/flow-secrets.js';
import type { NodeStats } from '../live/node-stats.js';
import type { FlowHealth } from '../operations/flow-health.js';
import type { FlowAttention } from '../engine/node-migrations.js';
import type { ApiRouter } from './api-router.js';
import { currentUser } from './auth.js';
import type { Request } from 'express';
import { HttpError } from './http-error.js';
import { asHttpError, deployAnswer, deployErrors, failedNodesOf, flowBody, perFlowQueue, requireOneTab, validateAnswer, withStoredSecrets } from './flow-route-support.js';
import { registerFlowImportRoute } from './flow-import-routes.js';
import { registerInjectRoute } from './inject-routes.js';
import type { GateOutcome } from '../flow-tests/flow-test-service.js';
import type { DeployAccess } from '../security/deploy-access.js';
import type { FlowDocument } from '../engine/flow-types.js';

const editors = ['admin', 'analyst'] as const;

interface FlowBody {
  flow: FlowNode[];
  message?: string;
}

const baseVersionProperty: JSONSchema = {
  type: 'integer', minimum: 1,
  description: 'The version this edit started from (or send If-Match: "<n>", the ETag of GET /api/flows/:id). If the flow moved on since, 409 and nothing is deployed. Without it the deploy is unconditional.',
};

const forceTestsProperty: JSONSchema = { type: 'boolean', description: 'Deploy although test cases fail (flows that run their tests before deploy); audited as flow.deploy.forced.' };

const deployBody: JSONSchema = { ...flowBody, properties: { ...flowBody.properties, baseVersion: baseVersionProperty, forceTests: forceTestsProperty } };

interface DeployBody extends FlowBody {
  baseVersion?: number;
  forceTests?: boolean;
}

interface BaseVersion {
  version: number;
  /** Where the client sent it, for the located error. */
  path: string;
}

/** If-Match: "7" (also W/"7" or 7) wins over baseVersion in the body; "*" asks for nothing. */
function baseVersionOf(raw: Request, body: { baseVersion?: number }): BaseVersion | undefined {
  const header = raw.headers['if-match'];
  if (header !== undefined && header.trim() !== '*') {
    const match = /^(?:W\/)?"?([0-9]+)"?$/.exec(header.trim());
    if (!match) throw new HttpError(400, 'If-Match is invalid', [{ path: 'header.If-Match', message: 'send the flow version as "<n>", e.g. If-Match: "7"' }]);
    return { version: Number(match[1]), path: 'header.If-Match' };
  }
  return body.baseVersion !== undefined ? { version: body.baseVersion, path: '$.baseVersion' } : undefined;
}

/** 409 when the client edited another version than the one deployed now. */
function checkBaseVersion(flowId: string, current: number | undefined, base: BaseVersion | undefined): void {
  if (!base || base.version === current) return;
  const message = current === undefined ? `flow "${flowId}" no longer exists; reload` : `flow is at version ${current}; reload`;
  throw new HttpError(409, `flow "${flowId}" changed since version ${base.version}`, [{ path: base.path, message }], { currentVersion: current ?? null });
}

export interface FlowRouteDeps {
  store: FlowStore;
  deployer: FlowDeployer;
  engine: FlowEngine;
  stats: NodeStats;
  /** Health per flow id (errors, backlog, dead letters, circuits). */
  health(flowIds: readonly string[]): Promise<Map<string, FlowHealth>>;
  /** Why a stored flow was not started at load (a node it holds could not be migrated), if so. */
  attention?(flowId: string): FlowAttention | undefined;
  /** Runs the flow's test cases against new content when the flow asks for it; throws a located 422 when one fails and force is off. */
  testGate?(document: FlowDocument, caller: DeployAccess, force: boolean): Promise<GateOutcome>;
}

export function registerFlowRoutes(api: ApiRouter, deps: FlowRouteDeps): void {
  const { store, deployer, engine, stats } = deps;
  const exclusive = perFlowQueue();
  registerFlowImportRoute(api, { store, deployer, engine, exclusive });
  registerInjectRoute(api, { engine, editors });

  /** From the engine's state, not from events: a flow whose nodes failed to start stays failed until it is fixed. */
  function runState(flowId: string): { status: 'running' | 'failed' | 'needs-attention'; failedNodes: ReturnType<typeof failedNodesOf>; attention?: FlowAttention['reasons'] } {
    const attention = deps.attention?.(flowId);
    if (attention) return { status: 'needs-attention', failedNodes: [], attention: attention.reasons };
    const failed = failedNodesOf(engine.notRunning(flowId));
    return { status: failed.length ? 'failed' : 'running', failedNodes: failed };
  }

  async function requireFlow(flowId: string) {
    const flow = await store.get(flowId);
    if (!flow) throw new HttpError(404, `flow "${flowId}" does not exist`);
    return flow;
  }

  api.add({
    method: 'get', path: '/api/flows', tag: 'flows',
    summary: 'List deployed flows with version, status (running; failed with failedNodes when nodes did not start; needs-attention with attention reasons when a node could not be migrated at load), message rate and health (ok, degraded, failing with reasons)', access: 'authenticated',
    handler: async () => {
      const rates = stats.snapshot();
      const flows = await store.list();
      const health = await deps.health(flows.map((flow) => flow.id));
      return {
        flows: flows.map((flow) => {
          let messageRate = 0;
          for (const [nodeId, counters] of Object.entries(rates)) if (engine.nodeInfo(nodeId)?.flowId === flow.id && engine.nodeInfo(nodeId)?.type === 'tl-intake') messageRate += counters.ratePerSec;
          return { ...flow, ...runState(flow.id), messageRate, health: health.get(flow.id) };
        }),
      };
    },
  });

  api.add({
    method: 'get', path: '/api/flows/:id', tag: 'flows', summary: 'The current version of one flow, with its run status (failed, with failedNodes, when nodes did not start)', access: 'authenticated',
    handler: async ({ params }, res) => {
      const flow = await requireFlow(params.id!);
      res.setHeader('ETag', `"${flow.version}"`);
      return { id: flow.id, label: flow.label, version: flow.version, ...runState(flow.id), flow: displayForm((await store.storedForm(flow.id, flow.version)) ?? []) };
    },
  });

  api.add<FlowBody>({
    method: 'post', path: '/api/flows/validate', tag: 'flows', summary: 'Check a flow for the caller (structure, config, permissions, paths) without deploying it', access: 'authenticated', body: flowBody, response: validateAnswer,
    handler: ({ body }, res) => {
      // Checked for the caller: an analyst learns here that a function node needs deploy.code, before deploying.
      requireOneTab(body.flow);
      const review = engine.review(toFlowDocument(body.flow, `flow-${randomBytes(4).toString('hex')}`), currentUser(res));
      return { ok: review.problems.length === 0, ...review };
    },
  });

  api.add<FlowBody>({
    method: 'post', path: '/api/flows', tag: 'flows', summary: 'Create a flow (deployed as version 1)', access: editors, body: flowBody, response: deployAnswer, errors: deployErrors, successStatus: 201,
    audit: { action: 'flow.create', target: (_request, result) => `flow:${(result as { id?: string } | undefined)?.id ?? ''}`, details: (_request, result) => ({ version: (result as { version?: unknown }).version }) },
    handler: async ({ body }, res) => {
      requireOneTab(body.flow);
      const document = await withStoredSecrets(store, toFlowDocument(body.flow, `flow-${randomBytes(4).toString('hex')}`));
      if (await store.get(document.id)) throw new HttpError(409, `flow "${document.id}" already exists; deploy a new version with PUT /api/flows/${document.id}`);
      const caller = currentUser(res);
      const version = await deployer.deploy({ flow: document, author: caller.username, access: caller, message: body.message ?? 'created' }).catch((error: unknown) => { throw asHttpError(error); });
      return { id: document.id, version: version.n, warnings: version.warnings, endpoints: version.endpoints };
    },
  });

  api.add<DeployBody>({
    method: 'put', path: '/api/flows/:id', tag: 'flows', summary: 'Deploy a new version of a flow; with If-Match or baseVersion, 409 if it changed since', access: editors, body: deployBody, response: deployAnswer, errors: deployErrors,
    audit: {
      action: 'flow.deploy', target: (request) => `flow:${request.params.id ?? ''}`,
      // A deploy forced past failing test cases is its own action, so the audit log finds every one.
      refineAction: (_request, result) => ((result as { tests?: GateOutcome }).tests?.forced ? 'flow.deploy.forced' : 'flow.deploy'),
      details: (request, result) => {
        const tests = (result as { tests?: GateOutcome }).tests;
        return { version: (result as { version?: unknown }).version, baseVersion: (request.body as DeployBody).baseVersion ?? request.raw.headers['if-match'], ...(tests?.forced ? { failingTests: tests.failingCases } : {}) };
      },
    },
    handler: ({ body, params, raw }, res) => exclusive(params.id!, async () => {
      const base = baseVersionOf(raw, body);
      const existing = await store.get(params.id!);
      checkBaseVersion(params.id!, existing?.version, base);
      requireOneTab(body.flow);
      const document = await withStoredSecrets(store, toFlowDocument(body.flow, params.id!, existing?.label));
      if (document.id !== params.id) throw new HttpError(400, 'the tab id must match the flow id in the URL', [{ path: '$.flow', message: `tab id "${document.id}" != "${params.id}"` }]);
      const caller = currentUser(res);
      // Tests run only on content that would deploy: otherwise the deploy's own located problems answer.
      const deployable = engine.review(document, caller).problems.length === 0;
      const tests = deployable ? await deps.testGate?.(document, caller, body.forceTests === true).catch((error: unknown) => { throw asHttpError(error); }) : undefined;
      const version = await deployer.deploy({ flow: document, author: caller.username, access: caller, message: body.message ?? '' }).catch((error: unknown) => { throw asHttpError(error); });
      if (!existing) res.status(201);
      return { id: document.id, version: version.n, warnings: version.warnings, endpoints: version.endpoints, ...(tests?.ran ? { tests } : {}) };
    }),
  });

  api.add({
    method: 'delete', path: '/api/flows/:id', tag: 'flows', summary: 'Stop and remove a flow (its history is kept)', access: editors,
    audit: { action: 'flow.delete', target: (request) => `flow:${request.params.id ?? ''}` },
    handler: async ({ params }) => {
      await requireFlow(params.id!);
      await deployer.remove(params.id!);
      return { id: params.id, removed: true };
    },
  });

  api.add({
    method: 'get', path: '/api/deleted-flows', tag: 'versions', summary: 'Flows that were deleted, with their last version (their history stays readable and can be deployed again)', access: 'authenticated',
    handler: async () => ({ flows: await store.listDeleted() }),
  });

  api.add({
    method: 'get', path: '/api/flows/:id/versions', tag: 'versions', summary: 'Version history, newest first', access: 'authenticated',
    handler: async ({ params }) => {
      // A deleted flow's history stays readable: 404 only when the id never had a version.
      const versions = await store.listVersions(params.id!);
      if (!versions.length) await requireFlow(params.id!);
      return { versions };
    },
  });

  api.add({
    method: 'get', path: '/api/flows/:id/versions/:n', tag: 'versions', summary: 'One version with its content', access: 'authenticated',
    handler: async ({ params }) => {
      const version = await store.getVersion(params.id!, Number(params.n));
      if (!version) throw new HttpError(404, `flow "${params.id}" has no version ${params.n}`);
      return { ...version, flow: displayForm((await store.storedForm(params.id!, version.n)) ?? []) };
    },
  });

  api.add<unknown, { from?: string; to?: string }>({
    method: 'get', path: '/api/flows/:id/diff', tag: 'versions', summary: 'Structured diff between two versions', access: 'authenticated',
    query: { type: 'object', properties: { from: { type: 'string', pattern: '^[0-9]+$' }, to: { type: 'string', pattern: '^[0-9]+$' } }, required: ['from', 'to'] },
    handler: async ({ params, query }) => {
      const [from, to] = await Promise.all([store.getVersion(params.id!, Number(query.from)), store.getVersion(params.id!, Number(query.to))]);
      if (!from || !to) throw new HttpError(404, `flow "${params.id}" has no version ${!from ? query.from : query.to}`);
      const [sealedFrom, sealedTo] = await Promise.all([store.storedForm(params.id!, from.n), store.storedForm(params.id!, to.n)]);
      return { from: from.n, to: to.n, ...maskDiff(diffFlows(from.flow, to.flow), sealedFrom, sealedTo) };
    },
  });

  api.add<{ version: number; message?: string; baseVersion?: number }>({
    method: 'post', path: '/api/flows/:id/rollback', tag: 'versions', summary: 'Deploy an earlier version again, as a new version; with If-Match or baseVersion, 409 if the flow changed since', access: editors,
    body: { type: 'object', properties: { version: { type: 'integer', minimum: 1 }, message: { type: 'string', maxLength: 500 }, baseVersion: baseVersionProperty }, required: ['version'], additionalProperties: false },
    response: deployAnswer, errors: deployErrors,
    audit: { action: 'flow.rollback', target: (request) => `flow:${request.params.id ?? ''}`, details: (_request, result) => { const { id, version, rolledBackTo } = result as { id?: unknown; version?: unknown; rolledBackTo?: unknown }; return { id, version, rolledBackTo }; } },
    handler: ({ params, body, raw }, res) => exclusive(params.id!, async () => {
      const base = baseVersionOf(raw, body);
      const current = await requireFlow(params.id!);
      checkBaseVersion(params.id!, current.version, base);
      const caller = currentUser(res);
      const version = await deployer.rollback(params.id!, body.version, caller.username, caller, body.message).catch((error: unknown) => { throw asHttpError(error); });
      if (!version) throw new HttpError(404, `flow "${params.id}" has no version ${body.version}`);
      return { id: params.id, version: version.n, rolledBackTo: body.version, warnings: version.warnings, endpoints: version.endpoints };
    }),
  });
}
