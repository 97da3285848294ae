// Builds the canvas for a visual diff of two versions: the newer version's nodes plus the removed ones,
// each node and wire marked added / removed / changed. Computes the diff itself if the server does not.
import type { FlowDiff, NodeRedNode, PropertyChange, WireRef } from '../api/types';
import { fromNodeRed, makeEdge, toCanvasNode, type TlEdge, type TlNode } from '../canvas/flow-model';
import type { DiffMark } from '../canvas/overlay-store';

export interface DiffCanvas {
  nodes: TlNode[];
  edges: TlEdge[];
  marks: Map<string, DiffMark>;
  edgeMarks: Map<string, 'added' | 'removed'>;
}

const IGNORED = new Set(['wires', 'x', 'y', 'z']);

function wiresOf(flow: NodeRedNode[]): WireRef[] {
  return flow.flatMap((node) => (node.wires ?? []).flatMap((targets, port) => (targets ?? []).map((target) => ({ source: node.id, port, target }))));
}

const wireKey = (w: WireRef) => `${w.source}:${w.port}->${w.target}`;

/** Client-side diff with the same shape as GET /api/flows/:id/diff. */
export function computeDiff(fromFlow: NodeRedNode[], toFlow: NodeRedNode[], from: number, to: number): FlowDiff {
  const before = new Map(fromFlow.filter((n) => n.type !== 'tab').map((n) => [n.id, n]));
  const after = new Map(toFlow.filter((n) => n.type !== 'tab').map((n) => [n.id, n]));
  const changed: FlowDiff['nodes']['changed'] = [];
  for (const [id, node] of after) {
    const old = before.get(id);
    if (!old) continue;
    const keys = new Set([...Object.keys(old), ...Object.keys(node)].filter((k) => !IGNORED.has(k)));
    const properties: PropertyChange[] = [];
    for (const key of keys) {
      if (JSON.stringify(old[key]) !== JSON.stringify(node[key])) properties.push({ path: key, before: old[key], after: node[key] });
    }
    if (properties.length) changed.push({ id, type: node.type, properties });
  }
  const oldWires = new Map(wiresOf(fromFlow).map((w) => [wireKey(w), w]));
  const newWires = new Map(wiresOf(toFlow).map((w) => [wireKey(w), w]));
  return {
    from,
    to,
    nodes: {
      added: [...after.values()].filter((n) => !before.has(n.id)),
      removed: [...before.values()].filter((n) => !after.has(n.id)),
      changed,
    },
    wires: {
      added: [...newWires.entries()].filter(([k]) => !oldWires.has(k)).map(([, w]) => w),
      removed: [...oldWires.entries()].filter(([k]) => !newWires.has(k)).map(([, w]) => w),
    },
  };
}

export function buildDiffCanvas(toFlow: NodeRedNode[], diff: FlowDiff): DiffCanvas {
  const model = fromNodeRed(toFlow);
  const marks = new Map<string, DiffMark>();
  for (const node of diff.nodes.added) marks.set(node.id, 'added');
  for (const change of diff.nodes.changed) marks.set(change.id, 'changed');
  const nodes = [...model.nodes];
  for (const removed of diff.nodes.removed) {
    if (typeof removed.x !== 'number' || typeof removed.y !== 'number') continue;
    nodes.push(toCanvasNode(removed));
    marks.set(removed.id, 'removed');
  }
  const edgeMarks = new Map<string, 'added' | 'removed'>();
  const edges = [...model.edges];
  for (const wire of diff.wires.added) edgeMarks.set(wireKey(wire), 'added');
  for (const wire of diff.wires.removed) {
    const edge = makeEdge(wire.source, wire.port, wire.target);
    if (!edges.some((e) => e.id === edge.id)) edges.push(edge);
    edgeMarks.set(edge.id, 'removed');
  }
  return { nodes, edges, marks, edgeMarks };
}
