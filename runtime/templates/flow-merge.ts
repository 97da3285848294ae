// Three-way merge of a partner flow on a template upgrade, per node and property: base = old template, local = deployed flow, theirs = new template.
import { isDeepStrictEqual } from 'node:util';
import type { FlowNode } from '../engine/flow-types.js';

export interface MergeConflict {
  nodeId: string;
  /** Top-level node property, or "*" when the node itself was removed on one side and changed on the other. */
  property: string;
  kind: 'both-changed' | 'removed-by-template' | 'removed-locally' | 'added-both';
  base?: unknown;
  local?: unknown;
  theirs?: unknown;
}

export interface Resolution {
  nodeId: string;
  property: string;
  /** Take one side, or give the value to use. */
  choose?: 'local' | 'theirs' | 'base';
  value?: unknown;
}

export interface MergeResult {
  nodes: FlowNode[];
  conflicts: MergeConflict[];
  /** Conflicts settled by a resolution, for the version message and the answer. */
  resolved: MergeConflict[];
  /** Wires dropped because their target no longer exists. */
  droppedWires: Array<{ nodeId: string; target: string }>;
}

/** Positions are layout, not behaviour: when both sides moved a node the partner's layout wins without a conflict. */
const LAYOUT = new Set(['x', 'y']);
const ABSENT = Symbol('absent');

function byId(nodes: FlowNode[]): Map<string, FlowNode> {
  return new Map(nodes.map((node) => [node.id, node]));
}

function same(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}

function pick(side: 'local' | 'theirs' | 'base', conflict: MergeConflict): unknown {
  return side === 'local' ? conflict.local : side === 'theirs' ? conflict.theirs : conflict.base;
}

export function mergeFlows(base: FlowNode[], local: FlowNode[], theirs: FlowNode[], resolutions: Resolution[] = []): MergeResult {
  const baseNodes = byId(base);
  const localNodes = byId(local);
  const theirNodes = byId(theirs);
  const conflicts: MergeConflict[] = [];
  const resolved: MergeConflict[] = [];
  const resolutionFor = (nodeId: string, property: string) => resolutions.find((entry) => entry.nodeId === nodeId && entry.property === property);
  /** Applies a resolution when there is one; otherwise records the conflict. Returns the value to keep (ABSENT = leave out). */
  const conflict = (entry: MergeConflict, fallback: unknown): unknown => {
    const resolution = resolutionFor(entry.nodeId, entry.property);
    if (!resolution) {
      conflicts.push(entry);
      return fallback;
    }
    resolved.push(entry);
    if ('value' in resolution) return resolution.value;
    const chosen = pick(resolution.choose ?? 'local', entry);
    return chosen === undefined ? ABSENT : chosen;
  };

  const order = [...local.map((node) => node.id), ...theirs.map((node) => node.id).filter((id) => !localNodes.has(id))];
  const merged: FlowNode[] = [];
  for (const id of order) {
    const b = baseNodes.get(id);
    const l = localNodes.get(id);
    const t = theirNodes.get(id);
    if (l && !t) {
      if (!b) merged.push(l); // added by the partner
      else if (!same(b, l)) {
        const kept = conflict({ nodeId: id, property: '*', kind: 'removed-by-template', base: b, local: l }, l);
        if (kept !== ABSENT && kept !== undefined) merged.push(kept as FlowNode);
      } // unchanged locally and removed by the template: gone
      continue;
    }
    if (!l && t) {
      if (!b) merged.push(t); // added by the template
      else if (!same(b, t)) {
        const kept = conflict({ nodeId: id, property: '*', kind: 'removed-locally', base: b, theirs: t }, ABSENT);
        if (kept !== ABSENT && kept !== undefined) merged.push(kept as FlowNode);
      } // deleted by the partner and unchanged in the template: stays deleted
      continue;
    }
    if (!l || !t) continue;
    if (!b && !same(l, t)) {
      const kept = conflict({ nodeId: id, property: '*', kind: 'added-both', local: l, theirs: t }, l);
      if (kept !== ABSENT && kept !== undefined) merged.push(kept as FlowNode);
      continue;
    }
    const node: Record<string, unknown> = {};
    const keys = new Set([...Object.keys(l), ...Object.keys(t), ...Object.keys(b ?? {})]);
    for (const key of keys) {
      const bv = b ? (key in b ? b[key] : ABSENT) : ABSENT;
      const lv = key in l ? l[key] : ABSENT;
      const tv = key in t ? t[key] : ABSENT;
      let value: unknown;
      if (same(lv, tv)) value = lv;
      else if (same(lv, bv)) value = tv;
      else if (same(tv, bv)) value = lv;
      else if (LAYOUT.has(key)) value = lv;
      else {
        const shown = (v: unknown) => (v === ABSENT ? undefined : v);
        value = conflict({ nodeId: id, property: key, kind: 'both-changed', base: shown(bv), local: shown(lv), theirs: shown(tv) }, lv);
      }
      if (value !== ABSENT && value !== undefined) node[key] = value;
    }
    merged.push(node as FlowNode);
  }

  const present = new Set(merged.map((node) => node.id));
  const droppedWires: MergeResult['droppedWires'] = [];
  for (const node of merged) {
    if (!Array.isArray(node.wires)) continue;
    node.wires = node.wires.map((port) => port.filter((target) => {
      if (present.has(target)) return true;
      droppedWires.push({ nodeId: node.id, target });
      return false;
    }));
  }
  return { nodes: merged, conflicts, resolved, droppedWires };
}
