// Debug-node output of one flow: the runtime's last messages (GET /api/flows/:id/debug), then each socket.io `debug` event live.
// Clearing is local: it hides what arrived before the click, also after a reload of the list.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSession } from '../auth/session';
import { errorText } from '../api/client';
import type { DebugMessage } from '../api/operations-types';
import { getFlowDebug } from './operations-api';

const KEEP = 200;

export interface DebugMessages {
  messages: DebugMessage[];
  error: string | null;
  /** Feed for the editor's live socket. */
  onDebug(message: DebugMessage): void;
  clear(): void;
}

export function useDebugMessages(flowId: string | null): DebugMessages {
  const { api } = useSession();
  const [messages, setMessages] = useState<DebugMessage[]>([]);
  const [error, setError] = useState<string | null>(null);
  const clearedAt = useRef(0);

  useEffect(() => {
    setMessages([]);
    if (!flowId) return;
    let cancelled = false;
    getFlowDebug(api, flowId).then(
      (loaded) => {
        if (cancelled) return;
        // Live events that arrived while loading are newer than the list; keep both without duplicates.
        setMessages((live) => merge(loaded.filter((m) => m.at > clearedAt.current), live));
        setError(null);
      },
      (err: unknown) => { if (!cancelled) setError(errorText(err)); },
    );
    return () => { cancelled = true; };
  }, [api, flowId]);

  const onDebug = useCallback((message: DebugMessage) => {
    if (message.flowId !== flowId) return;
    setMessages((list) => merge(list, [message]));
  }, [flowId]);

  const clear = useCallback(() => {
    clearedAt.current = Date.now();
    setMessages([]);
  }, []);

  return { messages, error, onDebug, clear };
}

const keyOf = (m: DebugMessage) => `${m.nodeId}|${m.at}|${m.correlationId ?? ''}`;

function merge(older: DebugMessage[], newer: DebugMessage[]): DebugMessage[] {
  const seen = new Set(older.map(keyOf));
  const all = [...older, ...newer.filter((m) => !seen.has(keyOf(m)))];
  return all.length > KEEP ? all.slice(all.length - KEEP) : all;
}
