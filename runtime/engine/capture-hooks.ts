// Per-node message data from the engine's hooks: with `errors` keep a reference to each in-flight input and store it only when the node errors; with `all` store every input and output.
import type { TradelaneMessage } from '../../nodes/sdk/index.js';
import type { CapturePolicy } from '../config.js';
import type { NodeRedHooks } from './trace-hooks.js';
import { completesWithoutDone, type DoneAwareness } from './completion-tracker.js';

export const CAPTURE_HOOK_LABEL = 'tradelane-capture';

interface SendEvent {
  msg: TradelaneMessage;
  source: { id: string; port?: number };
  destination: { id: string; node?: DoneAwareness };
}
interface CompleteEvent {
  msg: TradelaneMessage;
  node: { id: string };
  error?: { message?: string } | string;
}

/** What the capture hands on: a raw value (not yet masked or serialised) for one node's input or one output port. */
export interface CaptureEvent {
  correlationId: string;
  nodeId: string;
  partnerId?: string;
  at: number;
  input?: unknown;
  output?: { port: number; value: unknown };
  error?: string;
}

export interface CaptureSink {
  /** 'all' serialises here, at once (a later node may change the object); 'errors' only calls it for failed inputs. */
  capture(event: CaptureEvent): void;
}

/** In-flight inputs remembered under 'errors'; the oldest are forgotten first (a node that never completes cannot grow it). */
const MAX_IN_FLIGHT = 10_000;

const errorText = (error: CompleteEvent['error']) => (typeof error === 'string' ? error : error?.message ?? 'error');
const partnerOf = (msg: TradelaneMessage) => (typeof msg.partnerId === 'string' ? { partnerId: msg.partnerId } : {});

export function installCaptureHooks(hooks: NodeRedHooks, policy: CapturePolicy, sink: CaptureSink, now: () => number = Date.now): () => void {
  if (policy === 'off') return () => undefined;
  if (policy === 'all') {
    hooks.add(`preDeliver.${CAPTURE_HOOK_LABEL}`, (event: SendEvent) => {
      sink.capture({ correlationId: event.msg.correlationId, nodeId: event.destination.id, ...partnerOf(event.msg), at: now(), input: event.msg.payload });
    });
    hooks.add(`onSend.${CAPTURE_HOOK_LABEL}`, (events: SendEvent[]) => {
      const at = now();
      for (const event of events) sink.capture({ correlationId: event.msg.correlationId, nodeId: event.source.id, ...partnerOf(event.msg), at, output: { port: event.source.port ?? 0, value: event.msg.payload } });
    });
    hooks.add(`onComplete.${CAPTURE_HOOK_LABEL}`, (event: CompleteEvent) => {
      if (event.error) sink.capture({ correlationId: event.msg.correlationId, nodeId: event.node.id, ...partnerOf(event.msg), at: now(), error: errorText(event.error) });
    });
  } else {
    // A reference, not a copy: no clone and no serialisation per message. Nodes replace msg.payload rather than edit it in place, so it still shows the input.
    const inFlight = new Map<string, { payload: unknown; at: number }>();
    hooks.add(`preDeliver.${CAPTURE_HOOK_LABEL}`, (event: SendEvent) => {
      if (inFlight.size >= MAX_IN_FLIGHT) inFlight.delete(inFlight.keys().next().value!);
      inFlight.set(`${event.msg.correlationId}\u0000${event.destination.id}`, { payload: event.msg.payload, at: now() });
    });
    hooks.add(`postReceive.${CAPTURE_HOOK_LABEL}`, (event: SendEvent) => {
      // Nodes without a done callback never reach onComplete: their hop is over once the handler returned.
      if (completesWithoutDone(event.destination.node)) inFlight.delete(`${event.msg.correlationId}\u0000${event.destination.id}`);
    });
    hooks.add(`onComplete.${CAPTURE_HOOK_LABEL}`, (event: CompleteEvent) => {
      const key = `${event.msg.correlationId}\u0000${event.node.id}`;
      const entry = inFlight.get(key);
      inFlight.delete(key);
      if (!event.error) return;
      sink.capture({ correlationId: event.msg.correlationId, nodeId: event.node.id, ...partnerOf(event.msg), at: entry?.at ?? now(), input: entry ? entry.payload : event.msg.payload, error: errorText(event.error) });
    });
  }
  return () => hooks.remove(`*.${CAPTURE_HOOK_LABEL}`);
}
