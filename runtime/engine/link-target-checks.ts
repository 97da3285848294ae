// A link out or link call must name link in nodes that exist: in this flow, a deployed flow, or a tab imported with it.
import type { FlowDocument, FlowNode } from './flow-types.js';

export interface LinkProblem {
  nodeId: string;
  path: string;
  message: string;
}

/** Node types whose `links` name the link in nodes they send to. A link out in return mode sends back to its caller instead. */
function namesTargets(node: FlowNode): boolean {
  if (node.type === 'link out') return node.mode !== 'return';
  if (node.type === 'link call') return node.linkType !== 'dynamic';
  return false;
}

/** Every node of the flow, the other deployed flows (this flow's deployed version is replaced by it) and its companions, by id. */
function nodesById(flow: FlowDocument, others: Iterable<FlowDocument>): Map<string, FlowNode> {
  const byId = new Map<string, FlowNode>();
  for (const other of others) if (other.id !== flow.id) for (const node of other.nodes) byId.set(node.id, node);
  for (const node of flow.nodes) byId.set(node.id, node);
  return byId;
}

/**
 * Node-RED silently drops a message sent to a link in that does not exist; an imported flow whose target tab was not
 * imported would lose every message there. So a missing or wrong target is a located validation error.
 */
export function linkTargetProblems(flow: FlowDocument, others: Iterable<FlowDocument>): LinkProblem[] {
  const senders = flow.nodes.filter((node) => typeof node.id === 'string' && namesTargets(node) && Array.isArray(node.links));
  if (!senders.length) return [];
  const byId = nodesById(flow, others);
  const problems: LinkProblem[] = [];
  for (const sender of senders) {
    (sender.links as unknown[]).forEach((target, index) => {
      const path = `$.links[${index}]`;
      if (typeof target !== 'string') {
        problems.push({ nodeId: sender.id, path, message: 'must be the id of a link in node' });
        return;
      }
      const found = byId.get(target);
      if (!found) problems.push({ nodeId: sender.id, path, message: `links to "${target}", which is not a node of this or any deployed flow; import or deploy the flow holding that link in first, or remove the link` });
      else if (found.type !== 'link in') problems.push({ nodeId: sender.id, path, message: `links to "${target}", a ${found.type} node; a ${sender.type} can only link to link in nodes` });
    });
  }
  return problems;
}
