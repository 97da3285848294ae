// Core `http in` routes live under /hooks/<flowId>/: checks on the url an analyst writes, the rewrite handed to Node-RED, and the effective URLs.
import type { FlowDocument, FlowNode } from '../engine/flow-types.js';
import type { FlowProblem } from '../engine/flow-validation.js';

/** Where Node-RED's http handler is mounted; nothing else lives under it. */
export const HOOKS_ROOT = '/hooks';

export interface FlowEndpoint {
  nodeId: string;
  method: string;
  /** The path a caller uses on this server, e.g. /hooks/my-flow/orders. */
  url: string;
}

const isHttpIn = (node: FlowNode) => node.type === 'http in';
const SAFE_URL = /^\/?[A-Za-z0-9\-._~/:*]*$/;
const methodOf = (node: FlowNode) => (typeof node.method === 'string' && node.method ? node.method : 'get').toLowerCase();
const urlOf = (node: FlowNode) => (typeof node.url === 'string' ? node.url : '');

/** The url relative to the flow's prefix, with the leading slash Node-RED would add itself. */
function normalisedUrl(url: string): string {
  return url.startsWith('/') ? url : `/${url}`;
}

/** The path Node-RED is given once the handler is mounted at HOOKS_ROOT (express strips the mount path). */
export function mountedPath(flowId: string, url: string): string {
  return `/${flowId}${normalisedUrl(url)}`;
}

export function effectiveUrl(flowId: string, url: string): string {
  return `${HOOKS_ROOT}${mountedPath(flowId, url)}`;
}

/** Refuses urls that could leave the flow's prefix or that collide inside the flow; `..`, `?` and `#` never belong in a route. */
export function httpInProblems(flow: FlowDocument, otherFlowIds: Iterable<string>): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const seen = new Map<string, string>();
  const nodes = flow.nodes.filter(isHttpIn);
  for (const node of nodes) {
    const url = urlOf(node);
    if (url.includes('..')) problems.push({ nodeId: node.id, path: '$.url', message: `url "${url}" may not contain ".."` });
    if (/[?#]/.test(url)) problems.push({ nodeId: node.id, path: '$.url', message: `url "${url}" may not contain "?" or "#"; read query parameters from msg.req.query` });
    // Express 4 turns the url into a regular expression: "|" or "(" would let a route match outside its flow's prefix.
    else if (!SAFE_URL.test(url)) problems.push({ nodeId: node.id, path: '$.url', message: `url "${url}" may only contain letters, digits, "-", "_", ".", "~", "/", ":" (route parameters) and "*"` });
    // Node-RED's express router matches case-insensitively and ignores one trailing slash.
    const key = `${methodOf(node)} ${normalisedUrl(url).toLowerCase().replace(/(.)\/$/, '$1')}`;
    const first = seen.get(key);
    if (first !== undefined) problems.push({ nodeId: node.id, path: '$.url', message: `${methodOf(node).toUpperCase()} ${url} is already served by node "${first}" of this flow` });
    else seen.set(key, node.id);
  }
  if (nodes.length) {
    // Routes match case-insensitively, so flow "Orders" would serve under the same prefix as flow "orders".
    for (const other of otherFlowIds) {
      if (other !== flow.id && other.toLowerCase() === flow.id.toLowerCase()) {
        problems.push({ nodeId: flow.id, path: '$.id', message: `flow id "${flow.id}" differs from flow "${other}" only in case; its http in routes would share ${HOOKS_ROOT}/${other}/` });
      }
    }
  }
  return problems;
}

export function flowEndpoints(flow: FlowDocument): FlowEndpoint[] {
  return flow.nodes.filter(isHttpIn).map((node) => ({ nodeId: node.id, method: methodOf(node).toUpperCase(), url: effectiveUrl(flow.id, urlOf(node)) }));
}

/** The copy of a flow's nodes handed to Node-RED: every http in url under the flow's prefix. The stored flow keeps what the analyst wrote. */
export function withFlowPrefixes(flowId: string, nodes: FlowNode[]): FlowNode[] {
  return nodes.map((node) => (isHttpIn(node) ? { ...node, url: mountedPath(flowId, urlOf(node)) } : node));
}
