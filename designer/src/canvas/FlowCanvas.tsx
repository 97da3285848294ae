// The React Flow canvas: drop from the palette, wiring, selection, delete, keyboard shortcuts, context menu, find, minimap and controls.
import { useCallback, useEffect, useRef, useState, type DragEvent, type MouseEvent as ReactMouseEvent } from 'react';
import {
  Background, Controls, MiniMap, ReactFlow, useReactFlow,
  type Connection, type EdgeChange, type NodeChange, type OnSelectionChangeParams,
} from '@xyflow/react';
import type { TlEdge, TlNode } from './flow-model';
import { TlNodeView } from './TlNodeView';
import { DRAG_MIME } from './Palette';
import { boundsOf, centredOn, openingViewport, rectOfNode } from './placement';
import { CanvasContextMenu } from './CanvasContextMenu';
import { FindBar } from './FindBar';
import { canvasMenuItems } from './canvas-menu-items';

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
  cut(): void;
  selectAll(): void;
  deleteSelection(): void;
  toggleDisabled(): void;
  arrange(): void;
  /** Selects one node and brings it into view (find). */
  revealNode(nodeId: string): void;
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
  /** Changes on every load of a flow: the canvas then sets its readable opening view (and only then). */
  openKey: unknown;
  /** 'fit' shows the whole flow however small (read-only previews); the editor opens at a readable zoom. */
  opening?: 'readable' | 'fit';
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('.monaco-editor') !== null;
}

export function FlowCanvas({ nodes, edges, readOnly, onNodesChange, onEdgesChange, onSelectionChange, onNodeClick, actions, nodeColor, openKey, opening = 'readable' }: FlowCanvasProps) {
  const { screenToFlowPosition, getNodes, setViewport, fitView } = useReactFlow<TlNode, TlEdge>();
  const wrap = useRef<HTMLDivElement>(null);
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);
  const [finding, setFinding] = useState(false);
  const closeMenu = useCallback(() => setMenuAt(null), []);
  const closeFind = useCallback(() => setFinding(false), []);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      // Ctrl+F opens our find bar even from the canvas's own inputs; the browser's page search finds nothing on a canvas.
      if (key === 'f' && !event.shiftKey) { event.preventDefault(); setFinding(true); return; }
      if (isTypingTarget(event.target)) return;
      if (readOnly && key !== 'c') return;
      if (key === 'z' && !event.shiftKey) actions.undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') actions.redo();
      else if (key === 'c') actions.copy();
      else if (key === 'v') actions.paste();
      else if (key === 'x') actions.cut();
      else if (key === 'a') actions.selectAll();
      else return;
      event.preventDefault();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [actions, readOnly]);

  useEffect(() => {
    // After a load only (never after a drop or an add): a readable zoom, not a fit that shrinks big flows to dots.
    // Two frames: React Flow measures the new nodes in the first.
    let frame = window.requestAnimationFrame(() => {
      frame = window.requestAnimationFrame(() => {
        if (opening === 'fit') return void fitView({ padding: 0.15, maxZoom: 1.2 });
        const bounds = boundsOf(getNodes().map(rectOfNode));
        const pane = wrap.current?.getBoundingClientRect();
        if (bounds && pane) void setViewport(openingViewport(bounds, { width: pane.width, height: pane.height }));
      });
    });
    return () => window.cancelAnimationFrame(frame);
  }, [openKey, opening, getNodes, setViewport, fitView]);

  const onDragOver = useCallback((event: DragEvent) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  }, []);

  const onDrop = useCallback((event: DragEvent) => {
    event.preventDefault();
    const type = event.dataTransfer.getData(DRAG_MIME) || event.dataTransfer.getData('text/plain');
    if (!type || readOnly) return;
    // The node's centre lands under the cursor; the view stays where it is.
    actions.onDropNode(type, centredOn(screenToFlowPosition({ x: event.clientX, y: event.clientY })));
  }, [actions, readOnly, screenToFlowPosition]);

  const onBeforeDelete = useCallback(async () => {
    if (readOnly) return false;
    actions.beforeChange();
    return true;
  }, [actions, readOnly]);

  const openMenu = useCallback((event: ReactMouseEvent | MouseEvent) => {
    event.preventDefault();
    const box = wrap.current?.getBoundingClientRect();
    setMenuAt({ x: event.clientX - (box?.left ?? 0), y: event.clientY - (box?.top ?? 0) });
  }, []);

  const onNodeContextMenu = useCallback((event: ReactMouseEvent, node: TlNode) => {
    // As in Node-RED: right-clicking a node outside the selection makes it the selection.
    if (!node.selected) onNodesChange(nodes.map((n) => ({ type: 'select', id: n.id, selected: n.id === node.id })));
    openMenu(event);
  }, [nodes, onNodesChange, openMenu]);

  return (
    <div ref={wrap} className="canvas-wrap" onDragOver={onDragOver} onDrop={onDrop} aria-label="Flow canvas" role="region">
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
        onNodeContextMenu={onNodeContextMenu}
        onPaneContextMenu={openMenu}
        onSelectionContextMenu={openMenu}
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
      {finding && <FindBar nodes={nodes} onReveal={actions.revealNode} onClose={closeFind} />}
      {menuAt && <CanvasContextMenu at={menuAt} items={canvasMenuItems(nodes, actions, readOnly, () => setFinding(true))} onClose={closeMenu} />}
    </div>
  );
}
