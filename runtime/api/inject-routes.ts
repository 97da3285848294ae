// POST /api/flows/:id/nodes/:nodeId/inject: the designer's inject button fires a deployed inject node once, as Node-RED's does.
import type { FlowEngine } from '../engine/flow-engine.js';
import type { TradelaneMessage } from '../../nodes/sdk/index.js';
import type { ApiRouter } from './api-router.js';
import type { Access } from './auth.js';
import { HttpError } from './http-error.js';

const INJECTABLE_TYPES = new Set(['inject']);

/**
 * The message is built by the inject node itself from its configured properties (Node-RED's inject handles an
 * input without `__user_inject_props__` that way), so the button sends exactly what a timed run would send. It runs
 * the deployed version, not unsaved canvas edits: the answer says which node ran, so the designer can say so.
 */
export function registerInjectRoute(api: ApiRouter, deps: { engine: FlowEngine; editors: Access }): void {
  const { engine } = deps;
  api.add({
    method: 'post', path: '/api/flows/:id/nodes/:nodeId/inject', tag: 'flows',
    summary: 'Fire a deployed inject node once with its configured properties (the designer\'s inject button); runs the deployed version',
    access: deps.editors,
    audit: { action: 'flow.inject', target: (request) => `flow:${request.params.id ?? ''}/node:${request.params.nodeId ?? ''}` },
    response: { type: 'object', properties: { flowId: { type: 'string' }, nodeId: { type: 'string' }, injected: { type: 'boolean' } }, required: ['flowId', 'nodeId', 'injected'] },
    handler: ({ params }) => {
      const flowId = params.id!;
      const nodeId = params.nodeId!;
      const info = engine.nodeInfo(nodeId);
      if (!info || info.flowId !== flowId) throw new HttpError(404, `node "${nodeId}" is not running in flow "${flowId}": deploy the flow first`);
      if (!INJECTABLE_TYPES.has(info.type)) throw new HttpError(400, `node "${info.name || nodeId}" is a ${info.type} node; only inject nodes can be fired by hand`);
      if (!engine.deliver(nodeId, {} as TradelaneMessage)) throw new HttpError(409, `node "${info.name || nodeId}" did not start (see the flow's failed nodes)`);
      return { flowId, nodeId, injected: true };
    },
  });
}
