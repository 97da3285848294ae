// Run-time bound on message fan-out: a message sent more than N times (a loop through link or function nodes) is stopped and reported to Catch.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { NodeRedHooks } from './trace-hooks.js';

/** Sends of one message (_msgid) before it is stopped; generous: a real flow sends a message a few dozen times. */
export const DEFAULT_MAX_SENDS_PER_MESSAGE = 100_000;
/**
 * All messages of one correlation id together may be sent this many times the per-message limit: a split keeps the
 * correlation id (one EDI interchange of thousands of transactions), while a loop that makes new messages keeps it too.
 */
const CORRELATION_FACTOR = 10;
/** Counts cover the last one to two windows, so the guard's memory stays bounded by the traffic of ~20 s. */
const WINDOW_MS = 10_000;
export const FAN_OUT_ERROR_CODE = 'FANOUT_LIMIT';

interface GuardedMessage {
  _msgid?: string;
  correlationId?: string;
  /** Set on the copy handed to Catch, so its own path gets a fresh budget and is never reported twice. */
  fanOutStopped?: { msgid: string | undefined; correlationId: string | undefined; over: 'message' | 'correlation'; limit: number };
  [key: string]: unknown;
}

interface SendEvent {
  msg: GuardedMessage;
  source: { id: string; node?: { error?(error: Error, msg: unknown): void; type?: string } };
}

export interface FanOutGuardOptions {
  logger: Logger;
  maxSendsPerMessage?: number;
  /** Default: 10 x maxSendsPerMessage. */
  maxSendsPerCorrelation?: number;
}

/** TRADELANE_MAX_SENDS_PER_MESSAGE, or the default. Read while resolving the config: the variable leaves process.env at start. */
export function maxSendsFromEnv(env: NodeJS.ProcessEnv): number {
  const value = Number(env.TRADELANE_MAX_SENDS_PER_MESSAGE);
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_MAX_SENDS_PER_MESSAGE;
}

/** Two generations of counters: rotating drops the counts of messages not sent for a whole window. */
class WindowedCounter {
  private current = new Map<string, number>();
  private previous = new Map<string, number>();
  private rotatedAt: number;

  constructor(private readonly now: () => number) {
    this.rotatedAt = now();
  }

  increment(key: string): number {
    const elapsed = this.now() - this.rotatedAt;
    if (elapsed >= WINDOW_MS) {
      // After two quiet windows nothing of the old counts is recent any more.
      this.previous = elapsed >= 2 * WINDOW_MS ? new Map() : this.current;
      this.current = new Map();
      this.rotatedAt = this.now();
    }
    const count = (this.current.get(key) ?? this.previous.get(key) ?? 0) + 1;
    this.current.set(key, count);
    return count;
  }
}

export class FanOutGuard {
  private readonly counts: WindowedCounter;
  private readonly limit: number;
  private readonly correlationLimit: number;

  constructor(private readonly options: FanOutGuardOptions, now: () => number = Date.now) {
    this.counts = new WindowedCounter(now);
    this.limit = options.maxSendsPerMessage ?? DEFAULT_MAX_SENDS_PER_MESSAGE;
    this.correlationLimit = options.maxSendsPerCorrelation ?? CORRELATION_FACTOR * this.limit;
  }

  /**
   * Registered before the trace and delivery hooks: a stopped send is removed from the batch in place, so no later hook
   * counts a delivery that will never happen (the onSend handler receives the array Node-RED routes afterwards).
   */
  install(hooks: NodeRedHooks): () => void {
    hooks.add('onSend.tradelane-fanout', (events: SendEvent[]) => {
      for (let i = events.length - 1; i >= 0; i--) if (!this.allow(events[i]!)) events.splice(i, 1);
    });
    return () => hooks.remove('*.tradelane-fanout');
  }

  /** Counts one send; false when the message is over its budget (the first time, it is reported). */
  allow(event: SendEvent): boolean {
    const { msg } = event;
    const byId = typeof msg._msgid === 'string' ? this.counts.increment(`m:${msg._msgid}`) : 0;
    // The copy reported to Catch shares the correlation id; its path is bounded by its own fresh _msgid.
    const byCorrelation = typeof msg.correlationId === 'string' && !msg.fanOutStopped ? this.counts.increment(`c:${msg.correlationId}`) : 0;
    if (byId <= this.limit && byCorrelation <= this.correlationLimit) return true;
    // Reported once: on the first send over either budget.
    if ((byId === this.limit + 1 || byCorrelation === this.correlationLimit + 1) && !msg.fanOutStopped) this.report(event, byId > this.limit ? 'message' : 'correlation');
    return false;
  }

  private report(event: SendEvent, over: 'message' | 'correlation'): void {
    const { msg, source } = event;
    const limit = over === 'message' ? this.limit : this.correlationLimit;
    const what = over === 'message' ? `message ${msg._msgid ?? ''} (correlation ${msg.correlationId ?? 'none'}) was sent` : `messages of correlation ${msg.correlationId ?? ''} were sent`;
    const text = `${what} more than ${limit} times and ${over === 'message' ? 'was' : 'were'} stopped at node "${source.id}": the flow loops or fans out without bound`;
    this.options.logger.error({ nodeId: source.id, msgid: msg._msgid, correlationId: msg.correlationId, limit }, text);
    const error = Object.assign(new Error(text), { code: FAN_OUT_ERROR_CODE });
    // A fresh _msgid: the error path (Catch -> dead letter) must not inherit the exhausted budget.
    const reported: GuardedMessage = { ...msg, _msgid: randomUUID(), fanOutStopped: { msgid: msg._msgid, correlationId: msg.correlationId, over, limit } };
    try {
      source.node?.error?.(error, reported);
    } catch (thrown) {
      this.options.logger.error({ err: thrown, nodeId: source.id }, 'reporting a stopped message to Catch failed');
    }
  }
}
