// Splits a Node-RED export into Tradelane flows: one per tab, keeping each tab's label and disabled state; never flattened.
import { toFlowDocument, type FlowDocument, type FlowNode } from './flow-types.js';

export interface ImportProblem {
  nodeId: string;
  path: string;
  message: string;
}

export interface SplitExport {
  flows: FlowDocument[];
  problems: ImportProblem[];
}

export function tabsOf(nodes: readonly FlowNode[]): FlowNode[] {
  return nodes.filter((node) => node.type === 'tab');
}

/** The one-line answer for a route that takes exactly one tab but got an export of several. */
export function multiTabMessage(tabs: readonly FlowNode[]): string {
  const names = tabs.map((tab) => `"${typeof tab.label === 'string' && tab.label ? tab.label : tab.id}"`).join(', ');
  return `the export holds ${tabs.length} tabs (${names}); each tab is its own flow: import the file with POST /api/flows/import (tradelane deploy does), which creates or updates one flow per tab`;
}

/** Ids a node mentions in its properties: a config node is used by the nodes that name its id. */
function mentions(node: FlowNode, id: string): boolean {
  return Object.entries(node).some(([key, value]) => key !== 'id' && key !== 'z' && (value === id || (Array.isArray(value) && value.includes(id))));
}

/**
 * Nodes on no tab (config nodes, whose z is empty) go with the one tab whose nodes use them; a node used by several
 * tabs cannot be split (flows deploy on their own), one used by none goes with the first tab.
 */
function placeUnassigned(unassigned: FlowNode[], members: Map<string, FlowNode[]>, tabs: FlowNode[]): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const node of unassigned) {
    const users = tabs.filter((tab) => members.get(tab.id)!.some((member) => mentions(member, node.id)));
    if (users.length > 1) {
      const labels = users.map((tab) => `"${typeof tab.label === 'string' && tab.label ? tab.label : tab.id}"`).join(' and ');
      problems.push({ nodeId: node.id, path: '$.z', message: `${node.type} node "${node.id}" is used by tabs ${labels}; every tab becomes its own flow, so give each tab its own copy` });
      continue;
    }
    members.get((users[0] ?? tabs[0]!).id)!.push(node);
  }
  return problems;
}

/**
 * One flow per tab: the tab node (label, disabled, info, env kept) and the nodes whose z is its id. An export
 * without tabs, or with one, is one flow as before (fallbackId names it when there is no tab).
 */
export function splitExport(nodes: FlowNode[], fallbackId: string, fallbackLabel?: string): SplitExport {
  const tabs = tabsOf(nodes);
  if (tabs.length <= 1) return { flows: [toFlowDocument(nodes, fallbackId, fallbackLabel)], problems: [] };
  const members = new Map(tabs.map((tab) => [tab.id, [] as FlowNode[]]));
  const unassigned: FlowNode[] = [];
  for (const node of nodes) {
    if (node.type === 'tab') continue;
    const onTab = typeof node.z === 'string' ? members.get(node.z) : undefined;
    if (onTab) onTab.push(node);
    else unassigned.push(node);
  }
  const problems = placeUnassigned(unassigned, members, tabs);
  const flows = tabs.map((tab) => toFlowDocument([tab, ...members.get(tab.id)!], tab.id));
  return { flows, problems };
}
