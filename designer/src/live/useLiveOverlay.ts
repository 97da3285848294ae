// Turns live events into canvas state: counters and status badges per node, which nodes are active right now
// (their edges animate), and the recent messages per node shown when a node is clicked.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveNodeStats, LiveStats, LiveTraceEvent, NodeStatus } from '../api/types';
import type { OverlayStore } from '../canvas/overlay-store';
import { useLiveSocket, type LiveHandlers } from './useLiveSocket';

const ACTIVE_WINDOW_MS = 1500;
const SWEEP_MS = 400;
const RECENT_PER_NODE = 25;

export interface LiveOverlay {
  connected: boolean;
  activeNodes: ReadonlySet<string>;
  recentFor(nodeId: string): LiveTraceEvent[];
  /** Changes whenever recent messages change, so panels can re-read them. */
  recentVersion: number;
}

/** `extra`: more handlers on the same socket (the debug sidebar's `onDebug`), so the editor opens one connection. */
export function useLiveOverlay(token: string | null, overlays: OverlayStore, nodeIds: ReadonlySet<string>, extra: Pick<LiveHandlers, 'onDebug'> = {}): LiveOverlay {
  const lastSeen = useRef(new Map<string, number>());
  const recent = useRef(new Map<string, LiveTraceEvent[]>());
  const [activeNodes, setActiveNodes] = useState<ReadonlySet<string>>(new Set());
  const [recentVersion, setRecentVersion] = useState(0);
  const idsRef = useRef(nodeIds);
  idsRef.current = nodeIds;

  const onStats = useCallback((stats: LiveStats) => {
    const mine = new Map<string, LiveNodeStats>();
    for (const [id, value] of Object.entries(stats.nodes ?? {})) if (idsRef.current.has(id)) mine.set(id, value);
    if (mine.size) overlays.patchLayer('stats', mine);
  }, [overlays]);

  const onStatus = useCallback((nodeId: string, status: NodeStatus) => {
    if (idsRef.current.has(nodeId)) overlays.patchLayer('status', new Map([[nodeId, status]]));
  }, [overlays]);

  const onTrace = useCallback((events: LiveTraceEvent[]) => {
    let touched = false;
    const now = Date.now();
    for (const event of events) {
      if (!idsRef.current.has(event.nodeId)) continue;
      touched = true;
      lastSeen.current.set(event.nodeId, now);
      const list = recent.current.get(event.nodeId) ?? [];
      list.unshift(event);
      if (list.length > RECENT_PER_NODE) list.length = RECENT_PER_NODE;
      recent.current.set(event.nodeId, list);
    }
    if (touched) setRecentVersion((v) => v + 1);
  }, []);

  const connected = useLiveSocket(token, { onStats, onStatus, onTrace, onDebug: extra.onDebug });

  useEffect(() => {
    const timer = window.setInterval(() => {
      const now = Date.now();
      const active = new Set<string>();
      for (const [id, at] of lastSeen.current) {
        if (now - at <= ACTIVE_WINDOW_MS) active.add(id);
        else lastSeen.current.delete(id);
      }
      setActiveNodes((previous) => (sameSet(previous, active) ? previous : active));
    }, SWEEP_MS);
    return () => window.clearInterval(timer);
  }, []);

  const recentFor = useCallback((nodeId: string) => recent.current.get(nodeId) ?? [], []);
  return { connected, activeNodes, recentFor, recentVersion };
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const value of a) if (!b.has(value)) return false;
  return true;
}
