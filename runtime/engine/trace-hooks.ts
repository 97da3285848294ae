// Node-RED hooks -> trace ring buffer: correlation IDs on every message, and received/sent/completed/error events.
import { randomUUID } from 'node:crypto';
import type { TradelaneMessage } from '../../nodes/sdk/index.js';
import { TraceEventKind, type TraceRingBuffer } from '../live/trace-buffer.js';
import { completesWithoutDone, type DoneAwareness } from './completion-tracker.js';

/** The slice of Node-RED's hook events we read. */
interface SendEvent {
  msg: TradelaneMessage & { req?: { headers?: Record<string, unknown> }; res?: { _res?: { headersSent?: boolean; setHeader?(name: string, value: string): void } } };
  source: { id: string };
  destination: { id: string; node?: DoneAwareness };
}
interface CompleteEvent {
  msg: TradelaneMessage;
  node: { id: string };
  error?: { message?: string } | string;
}

export interface NodeRedHooks {
  add(hookId: string, handler: (event: never) => void): void;
  remove(hookId: string): void;
}

export const HOOK_LABEL = 'tradelane';

function ensureCorrelationId(msg: SendEvent['msg']): string {
  if (typeof msg.correlationId === 'string' && msg.correlationId) return msg.correlationId;
  // Core `http in` messages: honour the caller's X-Correlation-Id and echo it back.
  const header = msg.req?.headers?.['x-correlation-id'];
  const id = typeof header === 'string' && header ? header.slice(0, 128) : randomUUID();
  msg.correlationId = id;
  const response = msg.res?._res;
  if (response?.setHeader && !response.headersSent) response.setHeader('X-Correlation-Id', id);
  return id;
}

/**
 * Installs the hooks. Every handler takes exactly one parameter: Node-RED treats a two-parameter
 * handler as asynchronous and a zero-parameter one stalls every message.
 */
export function installTraceHooks(hooks: NodeRedHooks, buffer: TraceRingBuffer, now: () => number = Date.now): () => void {
  hooks.add(`onSend.${HOOK_LABEL}`, (events: SendEvent[]) => {
    const at = now();
    for (const event of events) buffer.push(TraceEventKind.Sent, at, event.source.id, ensureCorrelationId(event.msg));
  });
  hooks.add(`preDeliver.${HOOK_LABEL}`, (event: SendEvent) => {
    buffer.push(TraceEventKind.Received, now(), event.destination.id, ensureCorrelationId(event.msg));
  });
  hooks.add(`postReceive.${HOOK_LABEL}`, (event: SendEvent) => {
    // Nodes without a done callback never reach onComplete; their handler has returned, so the hop is over.
    if (completesWithoutDone(event.destination.node)) buffer.push(TraceEventKind.Completed, now(), event.destination.id, event.msg.correlationId);
  });
  hooks.add(`onComplete.${HOOK_LABEL}`, (event: CompleteEvent) => {
    const correlationId = event.msg.correlationId;
    if (event.error) {
      const text = typeof event.error === 'string' ? event.error : event.error.message;
      buffer.push(TraceEventKind.Error, now(), event.node.id, correlationId, text);
    } else {
      buffer.push(TraceEventKind.Completed, now(), event.node.id, correlationId);
    }
  });
  return () => {
    hooks.remove(`*.${HOOK_LABEL}`);
  };
}
