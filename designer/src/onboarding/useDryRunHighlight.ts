// Marks the nodes a dry run reached (and the wires between them) on the preview canvas.
import { useEffect, useMemo } from 'react';
import type { DryRunReport, InstancePreview } from '../api/template-types';
import type { OverlayStore } from '../canvas/overlay-store';
import { edgeId } from '../canvas/flow-model';

export function useDryRunHighlight(overlays: OverlayStore, preview: InstancePreview | null, report: DryRunReport | null): ReadonlySet<string> {
  const reached = useMemo(() => {
    if (!preview || !report) return new Set<string>();
    return new Set(report.hops.map((hop) => `${preview.flowId}.${hop.localId}`));
  }, [preview, report]);

  useEffect(() => {
    overlays.setLayer('traced', new Map([...reached].map((id) => [id, true] as const)));
  }, [overlays, reached]);

  return useMemo(() => {
    const edges = new Set<string>();
    for (const node of preview?.flow ?? []) {
      if (!reached.has(node.id)) continue;
      (node.wires ?? []).forEach((targets, port) => {
        for (const target of targets ?? []) if (reached.has(target)) edges.add(edgeId(node.id, port, target));
      });
    }
    return edges;
  }, [preview, reached]);
}
