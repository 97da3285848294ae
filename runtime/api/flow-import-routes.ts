// POST /api/flows/import: a Node-RED export becomes one flow per tab (created or updated), checked together, never flattened.
import { randomBytes } from 'node:crypto';
import type { JSONSchema } from '../../nodes/sdk/index.js';
import type { FlowDeployer } from '../engine/flow-deployer.js';
import type { FlowEngine } from '../engine/flow-engine.js';
import { splitExport, tabsOf } from '../engine/flow-import.js';
import type { FlowDocument, FlowNode } from '../engine/flow-types.js';
import type { FlowStore } from '../store/flow-store.js';
import type { ApiRouter } from './api-router.js';
import { currentUser } from './auth.js';
import { HttpError } from './http-error.js';
import { asHttpError, deployErrors, flowBody, notes, perFlowQueue, withStoredSecrets } from './flow-route-support.js';

interface ImportBody {
  flow: FlowNode[];
  message?: string;
  flowId?: string;
}

const importBody: JSONSchema = {
  ...flowBody,
  properties: {
    ...flowBody.properties,
    flow: { ...flowBody.properties!.flow!, description: 'A Node-RED export: any number of tabs and their nodes, or nodes without a tab (one flow).' },
    flowId: {
      type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}$',
      description: 'For an export of at most one tab: the flow to create or update (its tab id becomes this). Without it a tab-less export updates the flow that already holds its nodes, else it becomes a new flow.',
    },
  },
};

const importAnswer: JSONSchema = {
  type: 'object',
  properties: {
    flows: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, label: { type: 'string' }, version: { type: 'integer' }, created: { type: 'boolean' }, ...notes }, required: ['id', 'label', 'version', 'created', 'warnings', 'endpoints'] },
    },
  },
  required: ['flows'],
};

export interface FlowImportDeps {
  store: FlowStore;
  deployer: FlowDeployer;
  engine: FlowEngine;
  exclusive: ReturnType<typeof perFlowQueue>;
}

/** The one deployed flow that already holds the nodes of a tab-less export: deploying it again updates that flow. */
function ownerOfNodes(nodes: readonly FlowNode[], engine: FlowEngine): string | undefined {
  const owners = new Set(nodes.filter((node) => node.type !== 'tab').flatMap((node) => engine.nodeInfo(node.id)?.flowId ?? []));
  return owners.size === 1 ? [...owners][0] : undefined;
}

/** The tab's id becomes the requested flow id; toFlowDocument put every node on the tab. */
function retarget(document: FlowDocument, flowId: string, label: string): FlowDocument {
  const [tab, ...others] = document.nodes;
  return { id: flowId, label, nodes: [{ ...tab!, id: flowId, label }, ...others.map((node) => ({ ...node, z: flowId }))] };
}

async function documentsOf(body: ImportBody, deps: FlowImportDeps): Promise<FlowDocument[]> {
  const tabs = tabsOf(body.flow);
  if (body.flowId && tabs.length > 1) throw new HttpError(400, 'flowId needs an export of at most one tab', [{ path: '$.flowId', message: `the export holds ${tabs.length} tabs; each becomes the flow named by its tab id` }]);
  const target = body.flowId ?? (tabs.length ? undefined : ownerOfNodes(body.flow, deps.engine));
  const split = splitExport(body.flow, target ?? `flow-${randomBytes(4).toString('hex')}`);
  if (split.problems.length) throw new HttpError(400, 'the export cannot be split into flows', split.problems);
  if (!body.flowId) return split.flows;
  const [document] = split.flows;
  // A tab's label wins; a tab-less export keeps the label the flow already has.
  const label = tabs.length ? document!.label : (await deps.store.get(body.flowId))?.label ?? document!.label;
  return [retarget(document!, body.flowId, label)];
}

/** Every tab is checked against the deployed flows and its fellow tabs before any is deployed. */
function checkAll(documents: readonly FlowDocument[], engine: FlowEngine, caller: ReturnType<typeof currentUser>): void {
  const problems = documents.flatMap((document) => engine.validate(document, caller, { companions: documents.filter((other) => other !== document) }));
  if (problems.length) throw new HttpError(400, 'invalid flow', problems.map((problem) => ({ nodeId: problem.nodeId, path: problem.path, message: problem.message })));
}

export function registerFlowImportRoute(api: ApiRouter, deps: FlowImportDeps): void {
  api.add<ImportBody>({
    method: 'post', path: '/api/flows/import', tag: 'flows',
    summary: 'Import a Node-RED export: one flow per tab (label and disabled state kept), each created or deployed as a new version; every tab is validated before any is deployed',
    access: ['admin', 'analyst'], body: importBody, response: importAnswer, errors: deployErrors, successStatus: 201,
    audit: { action: 'flow.import', target: (_request, result) => `flows:${((result as { flows?: Array<{ id: string }> } | undefined)?.flows ?? []).map((flow) => flow.id).join(',')}` },
    handler: async ({ body }, res) => {
      const caller = currentUser(res);
      const documents = await Promise.all((await documentsOf(body, deps)).map((document) => withStoredSecrets(deps.store, document)));
      checkAll(documents, deps.engine, caller);
      const flows = [];
      for (const document of documents) {
        const companions = documents.filter((other) => other !== document);
        flows.push(await deps.exclusive(document.id, async () => {
          const created = !(await deps.store.get(document.id));
          const version = await deps.deployer.deploy({ flow: document, author: caller.username, access: caller, message: body.message ?? 'imported', companions })
            .catch((error: unknown) => { throw asHttpError(error); });
          return { id: document.id, label: document.label, version: version.n, created, warnings: version.warnings, endpoints: version.endpoints };
        }));
      }
      return { flows };
    },
  });
}
