// The React Flow canvas: drop from the palette, wiring, selection, delete, keyboard shortcuts, minimap and controls.
import { useCallback, useEffect, type DragEvent } from 'react';
import {
  Background, Controls, MiniMap, ReactFlow, useReactFlow,
  type Connection, type EdgeChange, type NodeChange, type OnSelectionChangeParams,
} from '@xyflow/react';
import type { TlEdge, TlNode } from './flow-model';
import { TlNodeView } from './TlNodeView';
import { DRAG_MIME } from './Palette';

const nodeTypes = { tl: TlNodeView };
const DELETE_KEYS = ['Delete', 'Backspace'];

export interface CanvasActions {
  onConnect(connection: Connection): void;
  onDropNode(type: string, position: { x: number; y: number }): void;
  beforeChange(): void;
  undo(): void;
  redo(): void;
  copy(): void;
  paste(): void;
}

interface FlowCanvasProps {
  nodes: TlNode[];
  edges: TlEdge[];
  readOnly: boolean;
  onNodesChange(changes: NodeChange<TlNode>[]): void;
  onEdgesChange(changes: EdgeChange<TlEdge>[]): void;
  onSelectionChange(params: OnSelectionChangeParams): void;
  onNodeClick?(nodeId: string): void;
  actions: CanvasActions;
  nodeColor(node: TlNode): string;
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('.monaco-editor') !== null;
}

export function FlowCanvas({ nodes, edges, readOnly, onNodesChange, onEdgesChange, onSelectionChange, onNodeClick, actions, nodeColor }: FlowCanvasProps) {
  const { screenToFlowPosition, fitView } = useReactFlow();

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isTypingTarget(event.target) || !(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      if (readOnly && key !== 'c') return;
      if (key === 'z' && !event.shiftKey) actions.undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') actions.redo();
      else if (key === 'c') actions.copy();
      else if (key === 'v') actions.paste();
      else return;
      event.preventDefault();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [actions, readOnly]);

  useEffect(() => {
    // Fit once after the first nodes arrive (load, version switch).
    if (nodes.length) window.requestAnimationFrame(() => void fitView({ padding: 0.15, maxZoom: 1.2 }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the canvas goes from empty to filled
  }, [nodes.length === 0]);

  const onDragOver = useCallback((event: DragEvent) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  }, []);

  const onDrop = useCallback((event: DragEvent) => {
    event.preventDefault();
    const type = event.dataTransfer.getData(DRAG_MIME) || event.dataTransfer.getData('text/plain');
    if (!type || readOnly) return;
    actions.onDropNode(type, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  }, [actions, readOnly, screenToFlowPosition]);

  const onBeforeDelete = useCallback(async () => {
    if (readOnly) return false;
    actions.beforeChange();
    return true;
  }, [actions, readOnly]);

  return (
    <div className="canvas-wrap" onDragOver={onDragOver} onDrop={onDrop} aria-label="Flow canvas" role="region">
      <ReactFlow<TlNode, TlEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={readOnly ? undefined : actions.onConnect}
        onSelectionChange={onSelectionChange}
        onNodeClick={onNodeClick ? (_, node) => onNodeClick(node.id) : undefined}
        onNodeDragStart={readOnly ? undefined : () => actions.beforeChange()}
        onBeforeDelete={onBeforeDelete}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={readOnly ? null : DELETE_KEYS}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionOnDrag={false}
        onlyRenderVisibleElements
        minZoom={0.05}
        maxZoom={2.5}
        defaultEdgeOptions={{ type: 'default' }}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} size={1} />
        <MiniMap<TlNode> pannable zoomable ariaLabel="Minimap" nodeColor={nodeColor} />
        <Controls aria-label="Zoom controls" />
      </ReactFlow>
    </div>
  );
}
