// How many output ports a node has and what they are called: the descriptor's outputs, widened by
// Node-RED's per-node `outputs` property (function, switch) and by the wires the node already has.
import type { NodeCatalogEntry } from '../api/types';
import type { TlNodeData } from './flow-model';

export function outputPorts(descriptor: NodeCatalogEntry | undefined, data: TlNodeData): { label: string }[] {
  const declared = descriptor?.outputs ?? [];
  const configured = typeof data.config.outputs === 'number' ? data.config.outputs : 0;
  const count = Math.max(declared.length, configured, data.portCount ?? 0, descriptor ? 0 : 1);
  return Array.from({ length: count }, (_, i) => declared[i] ?? { label: `output ${i + 1}` });
}
