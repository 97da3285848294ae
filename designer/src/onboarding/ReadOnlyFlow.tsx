// A generated flow on the canvas, read-only: the editor's canvas and node components with no-op edit actions.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ReactFlowProvider, applyNodeChanges, type NodeChange } from '@xyflow/react';
import type { NodeCatalogEntry, NodeRedNode } from '../api/types';
import { EditorContext } from '../canvas/editor-context';
import { FlowCanvas, type CanvasActions } from '../canvas/FlowCanvas';
import { fromNodeRed, type TlNode } from '../canvas/flow-model';
import type { OverlayStore } from '../canvas/overlay-store';

interface ReadOnlyFlowProps {
  flow: NodeRedNode[];
  catalog: ReadonlyMap<string, NodeCatalogEntry>;
  overlays: OverlayStore;
  /** Edge ids to highlight (the dry run's path). */
  highlightedEdges?: ReadonlySet<string>;
}

const noop = () => {};
const EDIT_NOOPS = {
  onConnect: noop, onDropNode: noop, beforeChange: noop, undo: noop, redo: noop, copy: noop, paste: noop,
  cut: noop, selectAll: noop, deleteSelection: noop, toggleDisabled: noop, arrange: noop,
};

export function ReadOnlyFlow(props: ReadOnlyFlowProps) {
  return (
    <ReactFlowProvider>
      <ReadOnlyFlowInner {...props} />
    </ReactFlowProvider>
  );
}

function ReadOnlyFlowInner({ flow, catalog, overlays, highlightedEdges }: ReadOnlyFlowProps) {
  const model = useMemo(() => fromNodeRed(flow, 'Preview'), [flow]);
  const [nodes, setNodes] = useState<TlNode[]>(model.nodes);
  useEffect(() => setNodes(model.nodes), [model]);
  // Selection and measured sizes still have to reach React Flow; nothing else changes.
  const onNodesChange = useCallback((changes: NodeChange<TlNode>[]) => {
    setNodes((current) => applyNodeChanges(changes.filter((c) => c.type === 'select' || c.type === 'dimensions'), current));
  }, []);
  const edges = useMemo(() => model.edges.map((edge) => (highlightedEdges?.has(edge.id) ? { ...edge, className: 'edge-traced', animated: true } : edge)), [model, highlightedEdges]);
  const context = useMemo(() => ({ catalog, overlays }), [catalog, overlays]);
  // Find still works on a preview: it selects the match (the preview already shows the whole flow).
  const actions = useMemo<CanvasActions>(() => ({
    ...EDIT_NOOPS,
    revealNode: (nodeId: string) => setNodes((current) => current.map((n) => ({ ...n, selected: n.id === nodeId }))),
  }), []);
  const nodeColor = useCallback((node: TlNode) => catalog.get(node.data.nodeType)?.color ?? '#9aa4b5', [catalog]);

  return (
    <EditorContext.Provider value={context}>
      <div className="wizard-canvas">
        <FlowCanvas nodes={nodes} edges={edges} readOnly onNodesChange={onNodesChange} onEdgesChange={noop} onSelectionChange={noop}
          actions={actions} nodeColor={nodeColor} openKey={model} opening="fit" />
      </div>
    </EditorContext.Provider>
  );
}
