// Loads a trace by correlation id and highlights its path on the canvas (traced nodes + the edges between them).
import { useCallback, useMemo, useState } from 'react';
import { useSession } from '../auth/session';
import { errorText } from '../api/client';
import type { TraceDetail } from '../api/types';
import type { TlEdge } from '../canvas/flow-model';
import type { OverlayStore } from '../canvas/overlay-store';

export interface TraceHighlight {
  correlationId: string;
  trace: TraceDetail | null;
  error: string | null;
  loading: boolean;
  tracedEdges: ReadonlySet<string>;
  search(correlationId: string): Promise<void>;
  clear(): void;
}

export function useTraceHighlight(overlays: OverlayStore, edges: TlEdge[]): TraceHighlight {
  const { api } = useSession();
  const [correlationId, setCorrelationId] = useState('');
  const [trace, setTrace] = useState<TraceDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const search = useCallback(async (id: string) => {
    const wanted = id.trim();
    setCorrelationId(wanted);
    if (!wanted) return;
    setLoading(true);
    setError(null);
    try {
      const detail = await api.getTrace(wanted);
      const hops = [...detail.hops].sort((a, b) => a.at - b.at);
      setTrace({ ...detail, hops });
      overlays.setLayer('traced', new Map(hops.map((h) => [h.nodeId, true] as const)));
    } catch (err) {
      setTrace(null);
      setError(errorText(err));
      overlays.clearLayer('traced');
    } finally {
      setLoading(false);
    }
  }, [api, overlays]);

  const clear = useCallback(() => {
    setTrace(null);
    setError(null);
    overlays.clearLayer('traced');
  }, [overlays]);

  const tracedEdges = useMemo(() => {
    const result = new Set<string>();
    if (!trace) return result;
    const firstSeen = new Map<string, number>();
    for (const hop of trace.hops) if (!firstSeen.has(hop.nodeId)) firstSeen.set(hop.nodeId, hop.at);
    for (const edge of edges) {
      const from = firstSeen.get(edge.source);
      const to = firstSeen.get(edge.target);
      if (from !== undefined && to !== undefined && from <= to) result.add(edge.id);
    }
    return result;
  }, [trace, edges]);

  return { correlationId, trace, error, loading, tracedEdges, search, clear };
}
