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

export interface LinkFindings {
  /** A sender none of whose targets exists: its messages go nowhere. */
  problems: LinkProblem[];
  /** Stale targets beside a real one: Node-RED's editor leaves them behind (its own examples carry some); they receive nothing. */
  warnings: LinkProblem[];
}

function targetProblem(sender: FlowNode, target: unknown, index: number, byId: ReadonlyMap<string, FlowNode>): LinkProblem | undefined {
  const path = `$.links[${index}]`;
  if (typeof target !== 'string') return { nodeId: sender.id, path, message: 'must be the id of a link in node' };
  const found = byId.get(target);
  if (!found) return { nodeId: sender.id, path, message: `links to "${target}", which is not a node of this or any deployed flow; import or deploy the flow holding that link in first, or remove the link` };
  if (found.type !== 'link in') return { nodeId: sender.id, path, message: `links to "${target}", a ${found.type} node; a ${sender.type} can only link to link in nodes` };
  return undefined;
}

/**
 * Node-RED silently drops a message sent to a link in that does not exist: an imported flow whose target tab was not
 * imported would lose every message there. A sender whose every target is missing is a located error; a missing
 * target beside a real one is a warning.
 */
export function linkTargetFindings(flow: FlowDocument, others: Iterable<FlowDocument>): LinkFindings {
  const findings: LinkFindings = { problems: [], warnings: [] };
  const senders = flow.nodes.filter((node) => typeof node.id === 'string' && namesTargets(node) && Array.isArray(node.links) && node.links.length > 0);
  if (!senders.length) return findings;
  const byId = nodesById(flow, others);
  for (const sender of senders) {
    const links = sender.links as unknown[];
    const missing = links.flatMap((target, index) => targetProblem(sender, target, index, byId) ?? []);
    if (missing.length === links.length) findings.problems.push(...missing);
    else findings.warnings.push(...missing);
  }
  return findings;
}
