// Structured diff of two flow versions: added, removed and changed nodes (with property paths) and wires.
import type { FlowNode } from '../engine/flow-types.js';
import { stableStringify } from './stable-json.js';

export interface PropertyChange {
  path: string;
  before: unknown;
  after: unknown;
  /** A credential changed; before and after are masked ({set: true}) in API answers. */
  secret?: true;
}

export interface WireRef {
  source: string;
  port: number;
  target: string;
}

export interface FlowDiff {
  nodes: {
    added: FlowNode[];
    removed: FlowNode[];
    changed: Array<{ id: string; type: string; properties: PropertyChange[] }>;
  };
  wires: { added: WireRef[]; removed: WireRef[] };
}

/** Position changes are layout, not behaviour; they are reported separately from config changes. */
const IGNORED_FOR_CHANGE = new Set(['wires', 'z']);

function wiresOf(nodes: FlowNode[]): Map<string, WireRef> {
  const wires = new Map<string, WireRef>();
  for (const node of nodes) {
    (node.wires ?? []).forEach((targets, port) => {
      for (const target of targets) wires.set(`${node.id}:${port}->${target}`, { source: node.id, port, target });
    });
  }
  return wires;
}

function propertyChanges(before: unknown, after: unknown, path: string, into: PropertyChange[]): void {
  if (stableStringify(before) === stableStringify(after)) return;
  // Same-length arrays (rules, wires of a port) are compared element by element, so the change is pinpointed.
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((item, index) => propertyChanges(item, after[index], `${path}[${index}]`, into));
    return;
  }
  const bothObjects = before && after && typeof before === 'object' && typeof after === 'object' && !Array.isArray(before) && !Array.isArray(after);
  if (!bothObjects) {
    into.push({ path, before, after });
    return;
  }
  const keys = new Set([...Object.keys(before as object), ...Object.keys(after as object)]);
  for (const key of [...keys].sort()) {
    if (path === '' && IGNORED_FOR_CHANGE.has(key)) continue;
    propertyChanges((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key], path ? `${path}.${key}` : key, into);
  }
}

export function diffFlows(from: FlowNode[], to: FlowNode[]): FlowDiff {
  const before = new Map(from.map((node) => [node.id, node]));
  const after = new Map(to.map((node) => [node.id, node]));
  const diff: FlowDiff = { nodes: { added: [], removed: [], changed: [] }, wires: { added: [], removed: [] } };
  for (const [id, node] of after) if (!before.has(id)) diff.nodes.added.push(node);
  for (const [id, node] of before) if (!after.has(id)) diff.nodes.removed.push(node);
  for (const [id, node] of after) {
    const previous = before.get(id);
    if (!previous) continue;
    const properties: PropertyChange[] = [];
    propertyChanges(previous, node, '', properties);
    if (properties.length) diff.nodes.changed.push({ id, type: node.type, properties });
  }
  const wiresBefore = wiresOf(from);
  const wiresAfter = wiresOf(to);
  for (const [key, wire] of wiresAfter) if (!wiresBefore.has(key)) diff.wires.added.push(wire);
  for (const [key, wire] of wiresBefore) if (!wiresAfter.has(key)) diff.wires.removed.push(wire);
  return diff;
}
