// Node-RED flow JSON types as Tradelane stores and deploys them: one tab node plus the nodes on it.

/** One node of a Node-RED flow export. Config properties sit beside the standard ones. */
export interface FlowNode {
  id: string;
  type: string;
  z?: string;
  x?: number;
  y?: number;
  name?: string;
  wires?: string[][];
  // Node-RED nodes carry their config as open-ended sibling properties.
  [property: string]: unknown;
}

/** A deployable flow: the tab and its nodes, as the API and the version history hold it. */
export interface FlowDocument {
  id: string;
  label: string;
  /** The tab node followed by every node whose z is the tab id. */
  nodes: FlowNode[];
}

/** Splits an imported Node-RED array into a FlowDocument; the tab supplies id and label. */
export function toFlowDocument(nodes: FlowNode[], fallbackId: string, fallbackLabel = 'Untitled flow'): FlowDocument {
  const tab = nodes.find((node) => node.type === 'tab');
  const id = tab?.id ?? fallbackId;
  const label = typeof tab?.label === 'string' && tab.label ? tab.label : fallbackLabel;
  const tabNode: FlowNode = { ...(tab ?? {}), id, type: 'tab', label };
  const others = nodes.filter((node) => node.type !== 'tab').map((node) => ({ ...node, z: id }));
  return { id, label, nodes: [tabNode, ...others] };
}
