// Per-node overlay state (problems, live counters, status, diff, trace) kept outside the flow document,
// so a stats tick re-renders only the nodes whose overlay changed and never touches undo history.
import { useCallback, useSyncExternalStore } from 'react';
import type { LiveNodeStats, NodeStatus } from '../api/types';

export type DiffMark = 'added' | 'removed' | 'changed';

export interface NodeProblem {
  message: string;
  severity: 'error' | 'warning';
  path?: string;
}

export interface NodeOverlay {
  problems?: NodeProblem[];
  stats?: LiveNodeStats;
  status?: NodeStatus;
  diff?: DiffMark;
  traced?: boolean;
}

type LayerKey = keyof NodeOverlay;
type Listener = () => void;

const EMPTY: NodeOverlay = Object.freeze({});

export class OverlayStore {
  private readonly layers = new Map<LayerKey, Map<string, unknown>>();
  private readonly cache = new Map<string, NodeOverlay>();
  private readonly listeners = new Set<Listener>();

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get(nodeId: string): NodeOverlay {
    const cached = this.cache.get(nodeId);
    if (cached) return cached;
    let overlay: NodeOverlay | undefined;
    for (const [key, layer] of this.layers) {
      if (!layer.has(nodeId)) continue;
      overlay ??= {};
      (overlay as Record<string, unknown>)[key] = layer.get(nodeId);
    }
    const result = overlay ?? EMPTY;
    this.cache.set(nodeId, result);
    return result;
  }

  layer<K extends LayerKey>(key: K): ReadonlyMap<string, NonNullable<NodeOverlay[K]>> {
    let layer = this.layers.get(key);
    if (!layer) {
      layer = new Map();
      this.layers.set(key, layer);
    }
    return layer as ReadonlyMap<string, NonNullable<NodeOverlay[K]>>;
  }

  /** Replaces one layer; only nodes present in the old or new layer are invalidated. */
  setLayer<K extends LayerKey>(key: K, values: ReadonlyMap<string, NonNullable<NodeOverlay[K]>>): void {
    const previous = this.layers.get(key);
    if (previous) for (const id of previous.keys()) this.cache.delete(id);
    for (const id of values.keys()) this.cache.delete(id);
    this.layers.set(key, new Map(values));
    this.emit();
  }

  /** Updates some entries of one layer, leaving the others. */
  patchLayer<K extends LayerKey>(key: K, values: ReadonlyMap<string, NonNullable<NodeOverlay[K]>>): void {
    // A new map object, so panels watching the whole layer see the change.
    const layer = new Map<string, unknown>(this.layers.get(key) ?? []);
    for (const [id, value] of values) {
      layer.set(id, value);
      this.cache.delete(id);
    }
    this.layers.set(key, layer);
    this.emit();
  }

  clearLayer(key: LayerKey): void {
    this.setLayer(key, new Map());
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

export function useNodeOverlay(store: OverlayStore, nodeId: string): NodeOverlay {
  const getSnapshot = useCallback(() => store.get(nodeId), [store, nodeId]);
  return useSyncExternalStore(store.subscribe, getSnapshot, getSnapshot);
}

/** Re-renders when any node of the layer changes; for panels, not for node components. */
export function useOverlayLayer<K extends LayerKey>(store: OverlayStore, key: K): ReadonlyMap<string, NonNullable<NodeOverlay[K]>> {
  const getSnapshot = useCallback(() => store.layer(key), [store, key]);
  return useSyncExternalStore(store.subscribe, getSnapshot, getSnapshot);
}
