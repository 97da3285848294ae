// Canvas commands bound to the flow document: select all, cut, enable/disable and arrange, each one undo step.
import { useMemo } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { FlowDocument } from './useFlowDocument';
import type { TlEdge, TlNode } from './flow-model';
import { arrange, selectAll, toggleDisabled } from './canvas-commands';
import { boundsOf, openingViewport, rectOfNode } from './placement';

export interface CanvasCommands {
  selectAll(): void;
  /** Copies the selection, then deletes it; answers how many nodes were cut. */
  cut(): number;
  deleteSelection(): void;
  /** Disables the selected nodes, or enables them when all are disabled; answers how many changed. */
  toggleDisabled(): number;
  arrange(): void;
}

export function useCanvasCommands(doc: FlowDocument, notify: (text: string) => void): CanvasCommands {
  const { deleteElements, setViewport } = useReactFlow<TlNode, TlEdge>();
  const { setNodes, markChanged, copySelection } = doc;

  return useMemo<CanvasCommands>(() => {
    const selectedNodes = () => doc.nodes.filter((node) => node.selected);
    const deleteSelection = () => void deleteElements({ nodes: selectedNodes(), edges: doc.edges.filter((edge) => edge.selected) });
    return {
      selectAll: () => setNodes(selectAll),
      deleteSelection,
      cut: () => {
        const count = copySelection();
        if (count) deleteSelection();
        return count;
      },
      toggleDisabled: () => {
        const ids = new Set(selectedNodes().map((node) => node.id));
        if (!ids.size) return 0;
        markChanged();
        setNodes((nodes) => toggleDisabled(nodes, ids));
        return ids.size;
      },
      arrange: () => {
        if (!doc.nodes.length) return;
        markChanged();
        const arranged = arrange(doc.nodes, doc.edges);
        setNodes(arranged);
        const selected = selectedNodes().length;
        notify(`Arranged ${selected >= 2 ? `the ${selected} selected nodes` : 'the flow'}: undo (Ctrl+Z) puts the nodes back`);
        // The view the editor opens at (fitted when readable, else readable from the top-left), not a fit that shrinks
        // a long arranged flow to dots.
        const bounds = boundsOf(arranged.map(rectOfNode));
        const pane = document.querySelector('.canvas-wrap')?.getBoundingClientRect();
        if (bounds && pane) void setViewport(openingViewport(bounds, { width: pane.width, height: pane.height }), { duration: 300 });
      },
    };
  }, [doc.nodes, doc.edges, setNodes, markChanged, copySelection, deleteElements, setViewport, notify]);
}
