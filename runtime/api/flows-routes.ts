// Routes for flows: list, read, create, deploy (new version), validate, delete, versions, diff and rollback.
import { randomBytes } from 'node:crypto';
import type { JSONSchema } from '../../nodes/sdk/index.js';
import type { FlowDeployer } from '../engine/flow-deployer.js';
import { FlowValidationError, type FlowEngine } from '../engine/flow-engine.js';
import { toFlowDocument, type FlowDocument, type FlowNode } from '../engine/flow-types.js';
import type { FlowStore } from '../store/flow-store.js';
import { diffFlows } from '../store/flow-diff.js';
import { displayForm, maskDiff, restoreMasked } from '../security/flow-secrets.js';
import type { NodeStats } from '../live/node-stats.js';
import type { ApiRouter } from './api-router.js';
import { currentUser } from './auth.js';
import { HttpError } from './http-error.js';

const editors = ['admin', 'analyst'] as const;

const flowBody: JSONSchema = {
  type: 'object',
  properties: {
    flow: { type: 'array', minItems: 1, items: { type: 'object', properties: { id: { type: 'string' }, type: { type: 'string' } }, required: ['id', 'type'] }, description: 'Node-RED flow JSON: one tab node and its nodes.' },
    message: { type: 'string', maxLength: 500, description: 'What changed, shown in the version history.' },
  },
  required: ['flow'],
  additionalProperties: false,
};

interface FlowBody {
  flow: FlowNode[];
  message?: string;
}

/** {"set": true} in a credential keeps the value the deployed version holds (clients only ever see the mask). */
async function withStoredSecrets(store: FlowStore, document: FlowDocument): Promise<FlowDocument> {
  const current = await store.get(document.id);
  const [plain, sealed] = current ? await Promise.all([store.getVersion(current.id, current.version), store.storedForm(current.id, current.version)]) : [];
  const { nodes, problems } = restoreMasked(document.nodes, plain?.flow, sealed);
  if (problems.length) throw new HttpError(400, 'invalid flow', problems);
  return { ...document, nodes };
}

function asHttpError(error: unknown): unknown {
  if (error instanceof FlowValidationError) {
    return new HttpError(400, 'invalid flow', error.problems.map((problem) => ({ nodeId: problem.nodeId, path: problem.path, message: problem.message })));
  }
  return error;
}

export function registerFlowRoutes(api: ApiRouter, deps: { store: FlowStore; deployer: FlowDeployer; engine: FlowEngine; stats: NodeStats }): void {
  const { store, deployer, engine, stats } = deps;

  async function requireFlow(flowId: string) {
    const flow = await store.get(flowId);
    if (!flow) throw new HttpError(404, `flow "${flowId}" does not exist`);
    return flow;
  }

  api.add({
    method: 'get', path: '/api/flows', tag: 'flows', summary: 'List deployed flows with version, status and message rate', access: 'authenticated',
    handler: async () => {
      const rates = stats.snapshot();
      const flows = await store.list();
      return {
        flows: flows.map((flow) => {
          let messageRate = 0;
          for (const [nodeId, counters] of Object.entries(rates)) if (engine.nodeInfo(nodeId)?.flowId === flow.id && engine.nodeInfo(nodeId)?.type === 'tl-intake') messageRate += counters.ratePerSec;
          return { ...flow, status: 'running', messageRate };
        }),
      };
    },
  });

  api.add({
    method: 'get', path: '/api/flows/:id', tag: 'flows', summary: 'The current version of one flow', access: 'authenticated',
    handler: async ({ params }) => {
      const flow = await requireFlow(params.id!);
      return { id: flow.id, label: flow.label, version: flow.version, flow: displayForm((await store.storedForm(flow.id, flow.version)) ?? []) };
    },
  });

  api.add<FlowBody>({
    method: 'post', path: '/api/flows/validate', tag: 'flows', summary: 'Check a flow without deploying it', access: 'authenticated', body: flowBody,
    handler: ({ body }) => {
      const problems = engine.validate(toFlowDocument(body.flow, `flow-${randomBytes(4).toString('hex')}`));
      return { ok: problems.length === 0, problems };
    },
  });

  api.add<FlowBody>({
    method: 'post', path: '/api/flows', tag: 'flows', summary: 'Create a flow (deployed as version 1)', access: editors, body: flowBody, successStatus: 201,
    handler: async ({ body }, res) => {
      const document = await withStoredSecrets(store, toFlowDocument(body.flow, `flow-${randomBytes(4).toString('hex')}`));
      if (await store.get(document.id)) throw new HttpError(409, `flow "${document.id}" already exists; deploy a new version with PUT /api/flows/${document.id}`);
      const version = await deployer.deploy({ flow: document, author: currentUser(res).username, message: body.message ?? 'created' }).catch((error: unknown) => { throw asHttpError(error); });
      return { id: document.id, version: version.n };
    },
  });

  api.add<FlowBody>({
    method: 'put', path: '/api/flows/:id', tag: 'flows', summary: 'Deploy a new version of a flow', access: editors, body: flowBody,
    handler: async ({ body, params }, res) => {
      const existing = await store.get(params.id!);
      const document = await withStoredSecrets(store, toFlowDocument(body.flow, params.id!, existing?.label));
      if (document.id !== params.id) throw new HttpError(400, 'the tab id must match the flow id in the URL', [{ path: '$.flow', message: `tab id "${document.id}" != "${params.id}"` }]);
      const version = await deployer.deploy({ flow: document, author: currentUser(res).username, message: body.message ?? '' }).catch((error: unknown) => { throw asHttpError(error); });
      if (!existing) res.status(201);
      return { id: document.id, version: version.n };
    },
  });

  api.add({
    method: 'delete', path: '/api/flows/:id', tag: 'flows', summary: 'Stop and remove a flow (its history is kept)', access: editors,
    handler: async ({ params }) => {
      await requireFlow(params.id!);
      await deployer.remove(params.id!);
      return { id: params.id, removed: true };
    },
  });

  api.add({
    method: 'get', path: '/api/flows/:id/versions', tag: 'versions', summary: 'Version history, newest first', access: 'authenticated',
    handler: async ({ params }) => {
      await requireFlow(params.id!);
      return { versions: await store.listVersions(params.id!) };
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

  api.add<{ version: number; message?: string }>({
    method: 'post', path: '/api/flows/:id/rollback', tag: 'versions', summary: 'Deploy an earlier version again, as a new version', access: editors,
    body: { type: 'object', properties: { version: { type: 'integer', minimum: 1 }, message: { type: 'string', maxLength: 500 } }, required: ['version'], additionalProperties: false },
    handler: async ({ params, body }, res) => {
      await requireFlow(params.id!);
      const version = await deployer.rollback(params.id!, body.version, currentUser(res).username, body.message).catch((error: unknown) => { throw asHttpError(error); });
      if (!version) throw new HttpError(404, `flow "${params.id}" has no version ${body.version}`);
      return { id: params.id, version: version.n, rolledBackTo: body.version };
    },
  });
}
