// Problems shown on nodes: client-side validation plus the last server 400's details, published to the overlay store.
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { NodeCatalogEntry } from '../api/types';
import type { TlEdge, TlNode } from './flow-model';
import type { NodeProblem, OverlayStore } from './overlay-store';
import { validateCanvas } from './validate';

export function useEditorProblems(nodes: TlNode[], edges: TlEdge[], catalog: ReadonlyMap<string, NodeCatalogEntry>, overlays: OverlayStore, enabled: boolean) {
  const [serverProblems, setServerProblems] = useState<ReadonlyMap<string, NodeProblem[]>>(new Map());
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
