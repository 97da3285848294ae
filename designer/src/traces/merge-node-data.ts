// Folds the runtime's per-send entries into one per node visit: Node-RED reports a send once per wire destination, so a node
// wired to two nodes arrives as a second entry with the same output and no input.
import type { NodeMessageData } from '../api/operations-types';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Whether `later` only repeats or completes the outputs of `earlier` (same node, no input of its own). */
function foldsInto(earlier: NodeMessageData, later: NodeMessageData): boolean {
  if (earlier.nodeId !== later.nodeId || later.input !== undefined || later.error !== undefined) return false;
  const before = earlier.outputs ?? [];
  return (later.outputs ?? []).every((output, port) => output === null || before[port] == null || same(before[port], output));
}

function fold(earlier: NodeMessageData, later: NodeMessageData): NodeMessageData {
  const outputs = [...(earlier.outputs ?? [])];
  (later.outputs ?? []).forEach((output, port) => { if (output !== null && outputs[port] == null) outputs[port] = output; });
  return { ...earlier, outputs };
}

/** Entries in time order, each node visit once. */
export function mergeNodeData(nodes: readonly NodeMessageData[]): NodeMessageData[] {
  const merged: NodeMessageData[] = [];
  for (const node of [...nodes].sort((a, b) => a.at - b.at)) {
    const index = merged.findLastIndex((entry) => entry.nodeId === node.nodeId);
    if (index >= 0 && foldsInto(merged[index]!, node)) merged[index] = fold(merged[index]!, node);
    else merged.push(node);
  }
  return merged;
}
