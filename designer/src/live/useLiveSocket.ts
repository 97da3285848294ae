// socket.io connection to the runtime (auth by token); forwards trace, node-status, stats, operations and debug events.
import { useEffect, useRef, useState } from 'react';
import { io } from 'socket.io-client';
import type { LiveStats, LiveTraceEvent, NodeStatus } from '../api/types';
import type { DebugMessage, OperationsEvent } from '../api/operations-types';

export interface LiveHandlers {
  onTrace?(events: LiveTraceEvent[]): void;
  onStatus?(nodeId: string, status: NodeStatus): void;
  onStats?(stats: LiveStats): void;
  onOperations?(event: OperationsEvent): void;
  onDebug?(message: DebugMessage): void;
}

export function useLiveSocket(token: string | null, handlers: LiveHandlers): boolean {
  const [connected, setConnected] = useState(false);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  useEffect(() => {
    if (!token) return;
    const socket = io({ path: '/socket.io', auth: { token }, transports: ['websocket', 'polling'] });
    socket.on('connect', () => setConnected(true));
    socket.on('disconnect', () => setConnected(false));
    socket.on('trace', (batch: LiveTraceEvent[] | LiveTraceEvent) => handlersRef.current.onTrace?.(Array.isArray(batch) ? batch : [batch]));
    socket.on('node-status', (event: { nodeId: string; status: NodeStatus }) => handlersRef.current.onStatus?.(event.nodeId, event.status ?? {}));
    socket.on('stats', (stats: LiveStats) => handlersRef.current.onStats?.(stats));
    socket.on('operations', (event: OperationsEvent) => handlersRef.current.onOperations?.(event));
    socket.on('debug', (message: DebugMessage) => handlersRef.current.onDebug?.(message));
    return () => {
      socket.disconnect();
    };
  }, [token]);

  return connected;
}
