// Converts between Node-RED flow JSON (tab + nodes + wires) and the canvas model (xyflow nodes and edges).
import type { Edge, Node } from '@xyflow/react';
import type { NodeRedNode } from '../api/types';
import { newNodeId } from '../util/ids';

export interface TlNodeData extends Record<string, unknown> {
  nodeType: string;
  name: string;
  /** Every property of the Node-RED node except the structural ones (id, type, x, y, z, wires, name). */
  config: Record<string, unknown>;
  /** Number of wire arrays the node arrived with; keeps ports of unknown or variable-output nodes. */
  portCount?: number;
}

export type TlNode = Node<TlNodeData, 'tl'>;
export type TlEdge = Edge;

export interface FlowModel {
  tab: NodeRedNode;
  nodes: TlNode[];
  edges: TlEdge[];
  /** Config nodes (no x/y) travel with the flow but are not drawn. */
  configNodes: NodeRedNode[];
}

const STRUCTURAL = new Set(['id', 'type', 'x', 'y', 'z', 'wires', 'name']);

export function edgeId(source: string, port: number, target: string): string {
  return `${source}:${port}->${target}`;
}

export function outputHandle(port: number): string {
  return `out-${port}`;
}

export function portOfHandle(handle: string | null | undefined): number {
  const match = /^out-(\d+)$/.exec(handle ?? '');
  return match ? Number(match[1]) : 0;
}

export function makeEdge(source: string, port: number, target: string): TlEdge {
  return { id: edgeId(source, port, target), source, target, sourceHandle: outputHandle(port), targetHandle: 'in' };
}

export function emptyFlow(label = 'New flow'): FlowModel {
  return { tab: { id: newNodeId(), type: 'tab', label }, nodes: [], edges: [], configNodes: [] };
}

function isPositioned(node: NodeRedNode): boolean {
  return typeof node.x === 'number' && typeof node.y === 'number';
}

export function toCanvasNode(node: NodeRedNode): TlNode {
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (!STRUCTURAL.has(key)) config[key] = value;
  return {
    id: node.id,
    type: 'tl',
    position: { x: node.x ?? 0, y: node.y ?? 0 },
    data: { nodeType: node.type, name: typeof node.name === 'string' ? node.name : '', config, portCount: node.wires?.length ?? 0 },
  };
}

/** Reads a flow as served by GET /api/flows/:id (or an imported file): the first tab and everything on it. */
export function fromNodeRed(flow: NodeRedNode[], fallbackLabel = 'Imported flow'): FlowModel {
  const tab = flow.find((n) => n.type === 'tab') ?? { id: newNodeId(), type: 'tab', label: fallbackLabel };
  const members = flow.filter((n) => n.type !== 'tab' && (n.z === undefined || n.z === tab.id || !flow.some((t) => t.type === 'tab')));
  const drawn = members.filter(isPositioned);
  const configNodes = members.filter((n) => !isPositioned(n));
  const ids = new Set(drawn.map((n) => n.id));
  const edges: TlEdge[] = [];
  for (const node of drawn) {
    (node.wires ?? []).forEach((targets, port) => {
      for (const target of targets ?? []) if (ids.has(target)) edges.push(makeEdge(node.id, port, target));
    });
  }
  return { tab: { ...tab }, nodes: drawn.map(toCanvasNode), edges, configNodes };
}

/** Writes the canvas back as Node-RED flow JSON, one wires array per declared output. */
export function toNodeRed(model: FlowModel, outputCount: (node: TlNode) => number): NodeRedNode[] {
  const wiresBySource = new Map<string, string[][]>();
  for (const edge of model.edges) {
    const port = portOfHandle(edge.sourceHandle);
    const wires = wiresBySource.get(edge.source) ?? [];
    while (wires.length <= port) wires.push([]);
    wires[port]!.push(edge.target);
    wiresBySource.set(edge.source, wires);
  }
  const nodes = model.nodes.map((node): NodeRedNode => {
    const wires = wiresBySource.get(node.id) ?? [];
    const outputs = Math.max(outputCount(node), wires.length);
    while (wires.length < outputs) wires.push([]);
    const out: NodeRedNode = {
      ...node.data.config,
      id: node.id,
      type: node.data.nodeType,
      z: model.tab.id,
      name: node.data.name,
      x: Math.round(node.position.x),
      y: Math.round(node.position.y),
      wires,
    };
    return out;
  });
  return [{ ...model.tab }, ...nodes, ...model.configNodes.map((n) => ({ ...n, z: n.z === undefined ? undefined : model.tab.id }))];
}

/**
 * Prepares pasted or imported nodes for this canvas: fresh ids where they would collide (or always, for paste),
 * wires remapped to the new ids, positions offset.
 */
export function remapForInsert(
  nodes: TlNode[], edges: TlEdge[], existingIds: Set<string>, options: { alwaysNewIds: boolean; offset: { x: number; y: number } },
): { nodes: TlNode[]; edges: TlEdge[] } {
  const idMap = new Map<string, string>();
  for (const node of nodes) idMap.set(node.id, options.alwaysNewIds || existingIds.has(node.id) ? newNodeId() : node.id);
  const mappedNodes = nodes.map((node) => ({
    ...node,
    id: idMap.get(node.id)!,
    selected: true,
    position: { x: node.position.x + options.offset.x, y: node.position.y + options.offset.y },
    data: { ...node.data, config: structuredClone(node.data.config) },
  }));
  const mappedEdges = edges
    .filter((e) => idMap.has(e.source) && idMap.has(e.target))
    .map((e) => makeEdge(idMap.get(e.source)!, portOfHandle(e.sourceHandle), idMap.get(e.target)!));
  return { nodes: mappedNodes, edges: mappedEdges };
}
