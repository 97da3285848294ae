// Pure canvas commands over the flow's nodes and edges: select all, enable/disable, find, and auto-arrange (dagre).
import dagre from '@dagrejs/dagre';
import type { NodeCatalogEntry } from '../api/types';
import type { TlEdge, TlNode } from './flow-model';
import { DEFAULT_NODE_SIZE } from './placement';

/** Horizontal and vertical gaps of an arranged flow: wide enough for port labels, close enough to read as one flow. */
const ARRANGE_RANK_GAP = 80;
const ARRANGE_NODE_GAP = 30;

export function selectAll(nodes: TlNode[]): TlNode[] {
  return nodes.map((node) => (node.selected ? node : { ...node, selected: true }));
}

export function isDisabled(node: TlNode): boolean {
  return node.data.config.d === true;
}

/**
 * Node-RED's toggle: if every chosen node is disabled they are all enabled, otherwise all are disabled. An enabled node
 * loses its `d` key instead of getting `d: false`, so the exported flow is what Node-RED itself would write.
 */
export function toggleDisabled(nodes: TlNode[], ids: ReadonlySet<string>): TlNode[] {
  const chosen = nodes.filter((node) => ids.has(node.id));
  const disable = !chosen.every(isDisabled);
  return nodes.map((node) => {
    if (!ids.has(node.id)) return node;
    const { d: _previous, ...rest } = node.data.config;
    return { ...node, data: { ...node.data, config: disable ? { ...rest, d: true } : rest } };
  });
}

/** The texts a search looks at: name, type, the palette label, and every string setting (URL, topic, expression…). */
function searchableTexts(node: TlNode, descriptor: NodeCatalogEntry | undefined): string[] {
  const texts = [node.data.name, node.data.nodeType, descriptor?.label ?? ''];
  for (const value of Object.values(node.data.config)) if (typeof value === 'string') texts.push(value);
  return texts;
}

/** Nodes matching the query (case-insensitive, every word must occur somewhere), in reading order: top to bottom, left to right. */
export function findNodes(nodes: TlNode[], query: string, catalog: ReadonlyMap<string, NodeCatalogEntry>): TlNode[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  return nodes
    .filter((node) => {
      const haystack = searchableTexts(node, catalog.get(node.data.nodeType)).join('\n').toLowerCase();
      return words.every((word) => haystack.includes(word));
    })
    .sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x);
}

/**
 * Left-to-right layered layout (dagre, as React Flow's own examples use) of the selection when two or more nodes are
 * selected, else of the whole flow. The arranged nodes keep their top-left corner, so the view does not jump away.
 */
export function arrange(all: TlNode[], edges: TlEdge[]): TlNode[] {
  const selected = all.filter((node) => node.selected);
  const chosen = selected.length >= 2 ? selected : all;
  const laid = new Map(arrangeNodes(chosen, edges).map((node) => [node.id, node]));
  return all.map((node) => laid.get(node.id) ?? node);
}

function arrangeNodes(nodes: TlNode[], edges: TlEdge[]): TlNode[] {
  if (!nodes.length) return nodes;
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', ranksep: ARRANGE_RANK_GAP, nodesep: ARRANGE_NODE_GAP });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) {
    graph.setNode(node.id, { width: node.measured?.width ?? DEFAULT_NODE_SIZE.width, height: node.measured?.height ?? DEFAULT_NODE_SIZE.height });
  }
  for (const edge of edges) if (graph.hasNode(edge.source) && graph.hasNode(edge.target)) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);

  const origin = { x: Math.min(...nodes.map((n) => n.position.x)), y: Math.min(...nodes.map((n) => n.position.y)) };
  // dagre answers centres; React Flow positions are top-left corners.
  const corners = nodes.map((node) => {
    const laid = graph.node(node.id);
    return { x: laid.x - laid.width / 2, y: laid.y - laid.height / 2 };
  });
  const shift = { x: origin.x - Math.min(...corners.map((c) => c.x)), y: origin.y - Math.min(...corners.map((c) => c.y)) };
  return nodes.map((node, index) => ({ ...node, position: { x: Math.round(corners[index]!.x + shift.x), y: Math.round(corners[index]!.y + shift.y) } }));
}
