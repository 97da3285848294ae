// Problems shown on nodes: client-side validation plus the last server 400's details, published to the overlay store.
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { NodeCatalogEntry } from '../api/types';
import type { TlEdge, TlNode } from './flow-model';
import type { NodeProblem, OverlayStore } from './overlay-store';
import { validateCanvas } from './validate';

export function useEditorProblems(nodes: TlNode[], edges: TlEdge[], catalog: ReadonlyMap<string, NodeCatalogEntry>, overlays: OverlayStore, enabled: boolean) {
  // A server problem holds while its node is as it was sent: editing the node (e.g. pasting the right key) clears it,
  // otherwise a node that failed to start would block every later deploy until a reload.
  const [server, setServer] = useState<{ problems: ReadonlyMap<string, NodeProblem[]>; sent: ReadonlyMap<string, unknown> }>({ problems: new Map(), sent: new Map() });
  const setServerProblems = useCallback((problems: ReadonlyMap<string, NodeProblem[]>) => {
    setServer({ problems, sent: new Map(nodes.map((node) => [node.id, node.data])) });
  }, [nodes]);
  const serverProblems = useMemo(() => {
    const current = new Map(nodes.map((node) => [node.id, node.data]));
    return new Map([...server.problems].filter(([id]) => !current.has(id) || current.get(id) === server.sent.get(id)));
  }, [nodes, server]);
  // Dragging changes positions every frame; validation only needs to catch up.
  const deferredNodes = useDeferredValue(nodes);
  const deferredEdges = useDeferredValue(edges);
  const clientProblems = useMemo(() => validateCanvas(deferredNodes, deferredEdges, catalog), [deferredNodes, deferredEdges, catalog]);

  const merged = useMemo(() => {
    const result = new Map(clientProblems);
    for (const [id, list] of serverProblems) result.set(id, [...(result.get(id) ?? []), ...list]);
    return result;
  }, [clientProblems, serverProblems]);

  useEffect(() => {
    overlays.setLayer('problems', enabled ? merged : new Map());
  }, [overlays, merged, enabled]);

  const counts = useMemo(() => {
    let errors = 0;
    let warnings = 0;
    for (const list of merged.values()) for (const p of list) {
      if (p.severity === 'error') errors++;
      else warnings++;
    }
    return { errors, warnings };
  }, [merged]);

  return { problems: merged, ...counts, setServerProblems };
}
