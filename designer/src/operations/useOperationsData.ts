// Loads what the dashboard shows (overview, SLA board, overdue list) for a time range, and reloads it on the socket.io
// `operations` event (at most once a second) and every 10 s as a fallback when events are missed.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSession } from '../auth/session';
import { errorText } from '../api/client';
import type { OperationsOverview, OverdueList, SlaSummary } from '../api/operations-types';
import { useLiveSocket } from '../live/useLiveSocket';
import { getOverdue, getOverview, getSlaSummary } from './operations-api';
import { windowOf, type RangeId } from './time-range';

const POLL_MS = 10_000;
const MIN_GAP_MS = 1000;

export interface OperationsData {
  overview?: OperationsOverview;
  sla?: SlaSummary;
  overdue?: OverdueList;
  /** One message per part that failed to load; the other parts still show. */
  errors: string[];
  loading: boolean;
  connected: boolean;
  /** How many times fresh data arrived, for the "updated" indicator. */
  updates: number;
  reload(): void;
}

interface Loaded {
  overview?: OperationsOverview;
  sla?: SlaSummary;
  overdue?: OverdueList;
  errors: string[];
}

export function useOperationsData(range: RangeId): OperationsData {
  const { api, token } = useSession();
  const [loaded, setLoaded] = useState<Loaded>({ errors: [] });
  const [loading, setLoading] = useState(true);
  const [updates, setUpdates] = useState(0);
  const lastLoad = useRef(0);
  const pending = useRef<number | null>(null);

  const load = useCallback(async () => {
    lastLoad.current = Date.now();
    const window = windowOf(range);
    const [overview, sla, overdue] = await Promise.allSettled([getOverview(api, window), getSlaSummary(api, window), getOverdue(api)]);
    const errors = [overview, sla, overdue].flatMap((r, i) => (r.status === 'rejected' ? [`${PARTS[i]}: ${errorText(r.reason)}`] : []));
    setLoaded((previous) => ({
      overview: overview.status === 'fulfilled' ? overview.value : previous.overview,
      sla: sla.status === 'fulfilled' ? sla.value : previous.sla,
      overdue: overdue.status === 'fulfilled' ? overdue.value : previous.overdue,
      errors,
    }));
    setLoading(false);
    setUpdates((n) => n + 1);
  }, [api, range]);

  /** Coalesces bursts of events into one reload per second. */
  const schedule = useCallback(() => {
    if (pending.current !== null) return;
    const wait = Math.max(0, lastLoad.current + MIN_GAP_MS - Date.now());
    pending.current = window.setTimeout(() => { pending.current = null; void load(); }, wait);
  }, [load]);

  useEffect(() => {
    setLoading(true);
    void load();
    const timer = window.setInterval(() => void load(), POLL_MS);
    return () => {
      window.clearInterval(timer);
      if (pending.current !== null) window.clearTimeout(pending.current);
      pending.current = null;
    };
  }, [load]);

  const connected = useLiveSocket(token, { onOperations: schedule });
  return { ...loaded, loading, connected, updates, reload: schedule };
}

const PARTS = ['Overview', 'SLA board', 'Overdue list'];
