// Decorates edges for display: animated while their source is active, highlighted on a trace path, marked in a diff.
// Undecorated edges keep their identity so React Flow skips them.
import { useMemo } from 'react';
import type { TlEdge } from './flow-model';

export function useDisplayEdges(
  edges: TlEdge[], activeNodes: ReadonlySet<string>, tracedEdges: ReadonlySet<string>, diffMarks: ReadonlyMap<string, 'added' | 'removed'> | null,
): TlEdge[] {
  return useMemo(() => edges.map((edge) => {
    const classes: string[] = [];
    const active = activeNodes.has(edge.source);
    if (active) classes.push('edge-active');
    if (tracedEdges.has(edge.id)) classes.push('edge-traced');
    const mark = diffMarks?.get(edge.id);
    if (mark) classes.push(`edge-diff-${mark}`);
    if (!classes.length) return edge;
    return { ...edge, animated: active, className: classes.join(' ') };
  }), [edges, activeNodes, tracedEdges, diffMarks]);
}
