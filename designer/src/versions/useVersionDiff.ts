// Loads two versions and their diff (server first, computed locally as a fallback) for the canvas diff mode.
import { useCallback, useState } from 'react';
import { useSession } from '../auth/session';
import { errorText } from '../api/client';
import type { FlowDiff } from '../api/types';
import { buildDiffCanvas, computeDiff, type DiffCanvas } from './diff-model';

export interface ActiveDiff {
  from: number;
  to: number;
  diff: FlowDiff;
  canvas: DiffCanvas;
}

export function useVersionDiff(flowId: string | null) {
  const { api } = useSession();
  const [active, setActive] = useState<ActiveDiff | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const compare = useCallback(async (a: number, b: number) => {
    if (!flowId) return;
    const [from, to] = a < b ? [a, b] : [b, a];
    setLoading(true);
    setError(null);
    try {
      const [fromVersion, toVersion] = await Promise.all([api.getVersion(flowId, from), api.getVersion(flowId, to)]);
      let diff: FlowDiff;
      try {
        diff = await api.diff(flowId, from, to);
      } catch {
        diff = computeDiff(fromVersion.flow, toVersion.flow, from, to);
      }
      setActive({ from, to, diff, canvas: buildDiffCanvas(toVersion.flow, diff) });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  }, [api, flowId]);

  const exit = useCallback(() => setActive(null), []);
  return { active, error, loading, compare, exit };
}
