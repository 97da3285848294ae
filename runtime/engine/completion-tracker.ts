// Tracks when a dispatched message's whole downstream path has completed, from Node-RED hooks: one Map lookup per event.
import type { DeliveryOutcome, DeliveryTracker, DispatchOptions, Failure, TradelaneMessage } from '../../nodes/sdk/index.js';
import type { NodeRedHooks } from './trace-hooks.js';

/** Message property holding the delivery tokens; an array survives Node-RED's deep clones for extra wires, Catch and Complete. */
export const DELIVERY_PROPERTY = '_delivery';
export const DELIVERY_HOOK_LABEL = 'tradelane-delivery';
const DEFAULT_TIMEOUT_MS = 5 * 60 * 1000;

interface TrackedMessage {
  [DELIVERY_PROPERTY]?: unknown;
  failure?: Failure;
}
interface DeliverEvent {
  msg: TrackedMessage;
  destination?: { id: string; node?: DoneAwareness };
}
/** Node-RED's SendEvent as onSend sees it; the source node's flow resolves the destination. */
interface SendEvent {
  msg: TrackedMessage;
  source?: { id: string; node?: { type?: string; _flow?: { getNode?(id: string): unknown } } };
  destination: { id: string };
}
interface CompleteEvent {
  msg: TrackedMessage;
  node: { id: string; node?: { type?: string } };
  error?: { message?: string; code?: unknown } | string;
}

interface Pending {
  /** Hops handed to a node and not yet completed. */
  outstanding: number;
  failure?: Failure;
  settleQueued: boolean;
  timer?: NodeJS.Timeout;
  resolve(outcome: DeliveryOutcome): void;
}

/**
 * Node-RED counts the input handlers that take a `done` callback in `_expectedDoneCount`. Nodes whose handlers take
 * none (core `switch`, `change` in some versions, many contributed nodes) never fire onComplete, so their hop is
 * complete when their handler has returned (postReceive): their sends happened synchronously inside it.
 */
export interface DoneAwareness {
  _expectedDoneCount?: number;
}

export function completesWithoutDone(node: DoneAwareness | undefined): boolean {
  return node?._expectedDoneCount === 0;
}

function tokensOf(msg: TrackedMessage | undefined): string[] | undefined {
  const tokens = msg?.[DELIVERY_PROPERTY];
  return Array.isArray(tokens) && tokens.length ? (tokens as string[]) : undefined;
}

/**
 * Counting rules. onSend (synchronous inside the sender's send(), so before the sender's done()) adds one hop per send
 * event; a destination that does not exist (e.g. not started yet) fails the delivery instead, because Node-RED drops such
 * a message silently. preDeliver remembers the routed message object; onReceive adds one only for messages that arrive
 * without routing (Catch, Complete, link nodes call receive() directly); onComplete removes one and records the first
 * error. A delivery settles when its count reaches zero, checked in a microtask because Node-RED hands an error to Catch
 * nodes right after the onComplete hook, in the same tick.
 */
export class CompletionTracker implements DeliveryTracker {
  private readonly pending = new Map<string, Pending>();
  private readonly routed = new WeakMap<object, number>();
  private sequence = 0;
  private readonly prefix = `d${Date.now().toString(36)}`;

  constructor(private readonly now: () => number = Date.now, private readonly defaultTimeoutMs = DEFAULT_TIMEOUT_MS) {}

  /** Registers the hooks (each handler takes exactly one parameter); returns the function that removes them. */
  install(hooks: NodeRedHooks): () => void {
    hooks.add(`onSend.${DELIVERY_HOOK_LABEL}`, (events: SendEvent[]) => {
      for (const event of events) {
        const tokens = tokensOf(event.msg);
        if (!tokens) continue;
        const flow = event.source?.node?._flow;
        if (flow?.getNode && !flow.getNode(event.destination.id)) {
          this.fail(tokens, { code: 'NOT_DELIVERED', message: `node "${event.destination.id}" is not running; the message could not be delivered`, retryable: true, nodeId: event.source?.id ?? '', nodeType: event.source?.node?.type ?? '', at: new Date(this.now()).toISOString() });
          continue;
        }
        this.adjust(tokens, 1);
      }
    });
    hooks.add(`preDeliver.${DELIVERY_HOOK_LABEL}`, (event: DeliverEvent) => {
      if (!tokensOf(event.msg)) return;
      this.routed.set(event.msg, (this.routed.get(event.msg) ?? 0) + 1);
    });
    hooks.add(`onReceive.${DELIVERY_HOOK_LABEL}`, (event: DeliverEvent) => {
      const tokens = tokensOf(event.msg);
      if (!tokens) return;
      const routed = this.routed.get(event.msg);
      if (routed) {
        if (routed === 1) this.routed.delete(event.msg);
        else this.routed.set(event.msg, routed - 1);
        return;
      }
      this.adjust(tokens, 1);
    });
    hooks.add(`postReceive.${DELIVERY_HOOK_LABEL}`, (event: DeliverEvent) => {
      const tokens = tokensOf(event.msg);
      if (tokens && completesWithoutDone(event.destination?.node)) this.adjust(tokens, -1);
    });
    hooks.add(`onComplete.${DELIVERY_HOOK_LABEL}`, (event: CompleteEvent) => {
      const tokens = tokensOf(event.msg);
      if (!tokens) return;
      if (event.error) this.fail(tokens, this.failureOf(event));
      this.adjust(tokens, -1);
    });
    return () => hooks.remove(`*.${DELIVERY_HOOK_LABEL}`);
  }

  get outstandingDeliveries(): number {
    return this.pending.size;
  }

  dispatch(msg: TradelaneMessage, send: (msg: TradelaneMessage) => void, options: DispatchOptions = {}): Promise<DeliveryOutcome> {
    const token = `${this.prefix}.${++this.sequence}`;
    const outer = options.mode === 'isolate' ? undefined : tokensOf(msg as TrackedMessage);
    const copy: TradelaneMessage = { ...msg, [DELIVERY_PROPERTY]: outer ? [...outer, token] : [token] };
    return new Promise<DeliveryOutcome>((resolve) => {
      const pending: Pending = { outstanding: 0, settleQueued: false, resolve };
      this.pending.set(token, pending);
      const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
      pending.timer = setTimeout(() => {
        if (this.pending.get(token) !== pending) return;
        pending.failure ??= {
          code: 'ACK_TIMEOUT', message: `the downstream path did not complete within ${timeoutMs} ms`, retryable: true,
          nodeId: '', nodeType: '', at: new Date(this.now()).toISOString(),
        };
        this.settle(token, pending);
      }, timeoutMs);
      pending.timer.unref();
      try {
        send(copy);
      } catch (error) {
        pending.failure ??= { code: 'DISPATCH_FAILED', message: error instanceof Error ? error.message : String(error), retryable: true, nodeId: '', nodeType: '', at: new Date(this.now()).toISOString() };
      }
      // Nothing wired (or a send that threw): nothing will complete, so settle now.
      if (pending.outstanding <= 0) this.queueSettle(token, pending);
    });
  }

  private fail(tokens: string[], failure: Failure): void {
    for (const token of tokens) {
      const pending = this.pending.get(token);
      if (pending && !pending.failure) pending.failure = failure;
    }
  }

  private adjust(tokens: string[], delta: number): void {
    for (const token of tokens) {
      const pending = this.pending.get(token);
      if (!pending) continue;
      pending.outstanding += delta;
      if (pending.outstanding <= 0) this.queueSettle(token, pending);
    }
  }

  private queueSettle(token: string, pending: Pending): void {
    if (pending.settleQueued) return;
    pending.settleQueued = true;
    queueMicrotask(() => {
      pending.settleQueued = false;
      if (pending.outstanding <= 0) this.settle(token, pending);
    });
  }

  private settle(token: string, pending: Pending): void {
    if (this.pending.get(token) !== pending) return;
    this.pending.delete(token);
    clearTimeout(pending.timer);
    pending.resolve(pending.failure ? { ok: false, failure: pending.failure } : { ok: true });
  }

  private failureOf(event: CompleteEvent): Failure {
    const structured = event.msg.failure;
    if (structured && typeof structured === 'object' && structured.nodeId === event.node.id) return { ...structured };
    const error = event.error;
    const message = typeof error === 'string' ? error : error?.message ?? 'node failed';
    const code = typeof error === 'object' && typeof error.code === 'string' ? error.code : 'NODE_FAILED';
    // Errors from nodes outside the SDK carry no retry hint; retrying them is the safe default (they end in the dead letter).
    return { code, message, retryable: true, nodeId: event.node.id, nodeType: event.node.node?.type ?? '', at: new Date(this.now()).toISOString() };
  }
}
