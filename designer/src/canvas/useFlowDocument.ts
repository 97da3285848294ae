// The flow being edited: canvas nodes and edges, the tab and config nodes, undo/redo, copy/paste and import.
import { useCallback, useMemo, useRef, useState } from 'react';
import { addEdge, useEdgesState, useNodesState, type Connection, type XYPosition } from '@xyflow/react';
import type { NodeCatalogEntry, NodeRedNode } from '../api/types';
import { emptyFlow, fromNodeRed, makeEdge, portOfHandle, remapForInsert, toNodeRed, type FlowModel, type TlEdge, type TlNode } from './flow-model';
import { outputPorts } from './ports';
import { useUndoHistory } from './useUndoHistory';
import { defaultsFor } from '../properties/schema-defaults';
import { newNodeId } from '../util/ids';
import { PLACEMENT_STEP, pasteOffset, rectOfNode } from './placement';

interface Snapshot {
  nodes: TlNode[];
  edges: TlEdge[];
  label: string;
}

export function useFlowDocument(catalog: ReadonlyMap<string, NodeCatalogEntry>) {
  const [nodes, setNodes, onNodesChange] = useNodesState<TlNode>([]);
  const [edges, setEdges, onEdgesChange] = useEdgesState<TlEdge>([]);
  const [tab, setTab] = useState<NodeRedNode>(() => emptyFlow().tab);
  const [configNodes, setConfigNodes] = useState<NodeRedNode[]>([]);
  const [dirty, setDirty] = useState(false);
  /** Counts loads, so the canvas sets its opening view once per load and never when a node is merely added. */
  const [loadCount, setLoadCount] = useState(0);
  const clipboard = useRef<{ nodes: TlNode[]; edges: TlEdge[] } | null>(null);

  const current = useRef<Snapshot>({ nodes, edges, label: String(tab.label ?? '') });
  current.current = { nodes, edges, label: String(tab.label ?? '') };

  const read = useCallback(() => current.current, []);
  const write = useCallback((snapshot: Snapshot) => {
    setNodes(snapshot.nodes);
    setEdges(snapshot.edges);
    setTab((t) => ({ ...t, label: snapshot.label }));
    setDirty(true);
  }, [setNodes, setEdges]);
  const history = useUndoHistory(read, write);
  const { reset: resetHistory, takeSnapshot } = history;

  const load = useCallback((flow: NodeRedNode[] | null, label?: string) => {
    const model = flow ? fromNodeRed(flow) : emptyFlow(label);
    setTab(model.tab);
    setNodes(model.nodes);
    setEdges(model.edges);
    setConfigNodes(model.configNodes);
    resetHistory();
    setDirty(false);
    setLoadCount((n) => n + 1);
  }, [setNodes, setEdges, resetHistory]);

  const markChanged = useCallback(() => {
    takeSnapshot();
    setDirty(true);
  }, [takeSnapshot]);

  const connect = useCallback((connection: Connection) => {
    if (!connection.source || !connection.target) return;
    markChanged();
    const edge = makeEdge(connection.source, portOfHandle(connection.sourceHandle), connection.target);
    setEdges((eds) => (eds.some((e) => e.id === edge.id) ? eds : addEdge(edge, eds)));
  }, [markChanged, setEdges]);

  const addNode = useCallback((type: string, position: XYPosition) => {
    markChanged();
    const descriptor = catalog.get(type);
    const node: TlNode = {
      id: newNodeId(),
      type: 'tl',
      position,
      selected: true,
      data: { nodeType: type, name: '', config: descriptor ? defaultsFor(descriptor.configSchema) : {} },
    };
    setNodes((nds) => [...nds.map((n) => (n.selected ? { ...n, selected: false } : n)), node]);
    return node.id;
  }, [catalog, markChanged, setNodes]);

  const updateNode = useCallback((id: string, patch: { name?: string; config?: Record<string, unknown> }) => {
    setNodes((nds) => nds.map((n) => (n.id === id ? { ...n, data: { ...n.data, ...patch } } : n)));
    setDirty(true);
  }, [setNodes]);

  const setLabel = useCallback((label: string) => {
    setTab((t) => ({ ...t, label }));
    setDirty(true);
  }, []);

  const copySelection = useCallback(() => {
    const selected = current.current.nodes.filter((n) => n.selected);
    if (!selected.length) return 0;
    const ids = new Set(selected.map((n) => n.id));
    clipboard.current = {
      nodes: structuredClone(selected),
      edges: current.current.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    };
    return selected.length;
  }, []);

  const insert = useCallback((incoming: { nodes: TlNode[]; edges: TlEdge[] }, alwaysNewIds: boolean, offset: XYPosition) => {
    markChanged();
    const existing = new Set(current.current.nodes.map((n) => n.id));
    const mapped = remapForInsert(incoming.nodes, incoming.edges, existing, { alwaysNewIds, offset });
    setNodes((nds) => [...nds.map((n) => (n.selected ? { ...n, selected: false } : n)), ...mapped.nodes]);
    setEdges((eds) => [...eds, ...mapped.edges]);
    return mapped.nodes.length;
  }, [markChanged, setNodes, setEdges]);

  const paste = useCallback(() => {
    if (!clipboard.current) return 0;
    // Each paste lands one step further than any copy already on the canvas, so copies never stack.
    const offset = pasteOffset(clipboard.current.nodes.map((n) => n.position), current.current.nodes.map((n) => n.position), PLACEMENT_STEP);
    return insert(clipboard.current, true, offset);
  }, [insert]);

  /** Where every node sits now (measured size where React Flow has one). */
  const occupiedRects = useCallback(() => current.current.nodes.map(rectOfNode), []);

  /** Adds the nodes of a Node-RED export to the canvas; config nodes are kept too. */
  const importFlow = useCallback((flow: NodeRedNode[]) => {
    const model = fromNodeRed(flow);
    setConfigNodes((existing) => [...existing, ...model.configNodes.filter((c) => !existing.some((e) => e.id === c.id))]);
    return insert(model, false, { x: 0, y: 0 });
  }, [insert]);

  const outputCount = useCallback((node: TlNode) => outputPorts(catalog.get(node.data.nodeType), node.data).length, [catalog]);

  const exportFlow = useCallback((): NodeRedNode[] => {
    const model: FlowModel = { tab, nodes: current.current.nodes, edges: current.current.edges, configNodes };
    return toNodeRed(model, outputCount);
  }, [tab, configNodes, outputCount]);

  return useMemo(() => ({
    nodes, edges, tab, dirty, history, loadCount, occupiedRects,
    onNodesChange, onEdgesChange, setNodes, setEdges, setDirty,
    load, connect, addNode, updateNode, setLabel, markChanged, copySelection, paste, importFlow, exportFlow,
  }), [nodes, edges, tab, dirty, history, loadCount, occupiedRects, onNodesChange, onEdgesChange, setNodes, setEdges, load, connect, addNode, updateNode, setLabel, markChanged, copySelection, paste, importFlow, exportFlow]);
}

export type FlowDocument = ReturnType<typeof useFlowDocument>;
