// Snapshot undo/redo for the canvas (xyflow's undo-redo pattern): take a snapshot before each change.
import { useCallback, useMemo, useRef, useState } from 'react';

const LIMIT = 100;

export interface UndoHistory {
  takeSnapshot(): void;
  undo(): void;
  redo(): void;
  canUndo: boolean;
  canRedo: boolean;
  reset(): void;
  version: number;
}

export function useUndoHistory<S>(read: () => S, write: (snapshot: S) => void): UndoHistory {
  const past = useRef<S[]>([]);
  const future = useRef<S[]>([]);
  const [version, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);

  const takeSnapshot = useCallback(() => {
    past.current = [...past.current.slice(-LIMIT + 1), read()];
    future.current = [];
    bump();
  }, [read]);

  const undo = useCallback(() => {
    const previous = past.current.at(-1);
    if (previous === undefined) return;
    past.current = past.current.slice(0, -1);
    future.current = [...future.current, read()];
    write(previous);
    bump();
  }, [read, write]);

  const redo = useCallback(() => {
    const next = future.current.at(-1);
    if (next === undefined) return;
    future.current = future.current.slice(0, -1);
    past.current = [...past.current, read()];
    write(next);
    bump();
  }, [read, write]);

  const reset = useCallback(() => {
    past.current = [];
    future.current = [];
    bump();
  }, []);

  const canUndo = past.current.length > 0;
  const canRedo = future.current.length > 0;
  // version makes the memo refresh whenever the stacks change.
  return useMemo(() => ({ takeSnapshot, undo, redo, canUndo, canRedo, reset, version }), [takeSnapshot, undo, redo, canUndo, canRedo, reset, version]);
}
