// The event envelope a publish node builds and every subscription stores: type, version, key, payload, ids and times.
import { createHash, randomUUID } from 'node:crypto';
import { BUSINESS_KEY_NAMES, type BusinessKeys, type QueuedMessage, type TradelaneMessage } from '../sdk/index.js';
import { toStoredMessage } from '../reliability/stored-message.js';

export interface BusinessEvent {
  id: string;
  topic: string;
  type: string;
  version: number;
  key: string;
  payload: unknown;
  correlationId: string;
  publishedAt: string;
  /** The partner the published message came from (msg.partnerId), so a subscriber acts for the same partner (ERP X-Partner-Id, webhooks). */
  partnerId?: string;
}

/** What msg.event carries on the subscriber side (the payload itself is msg.payload). */
export type EventFacts = Omit<BusinessEvent, 'payload'>;

/**
 * The same publication (same correlation, node, type, key and payload) always gets the same id, so a publisher flow
 * retried after a partial publish re-sends the id subscribers already saw, and an idempotency node on msg.event.id drops it.
 */
export function eventId(parts: { correlationId: string; nodeId: string; type: string; version: number; key: string; payload: unknown }): string {
  const digest = createHash('sha256').update(JSON.stringify([parts.correlationId, parts.nodeId, parts.type, parts.version, parts.key, parts.payload])).digest('hex');
  return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
}

let lastSequence = 0;

/** Strictly increasing within a process and across restarts (microsecond-like, from the clock): publish order for ordered subscriptions. */
export function nextSequence(now: number): number {
  lastSequence = Math.max(lastSequence + 1, now * 1000);
  return lastSequence;
}

/** The message one subscription delivers: the payload as msg.payload, the envelope as msg.event. */
export function subscriptionMessage(event: BusinessEvent, subscription: string, ledgerId: string | undefined, sequence: number): TradelaneMessage {
  const { payload, ...facts } = event;
  return {
    payload: structuredClone(payload),
    correlationId: event.correlationId,
    ...(event.partnerId ? { partnerId: event.partnerId } : {}),
    event: facts,
    subscription,
    eventSequence: sequence,
    ...(ledgerId ? { ledgerId } : {}),
  };
}

/** A queue entry for a log written directly (the subscription is not running here). */
export function queueEntry(queue: string, msg: TradelaneMessage, now: number): QueuedMessage {
  return { id: randomUUID(), queue, message: toStoredMessage(msg), attempts: 0, failures: [], notBefore: now, enqueuedAt: now };
}

export function eventFactsOf(msg: TradelaneMessage | Record<string, unknown>): EventFacts | undefined {
  const event = (msg as { event?: unknown }).event;
  return event && typeof event === 'object' ? event as EventFacts : undefined;
}

export function sequenceOf(message: Record<string, unknown>, fallback: number): number {
  return typeof message.eventSequence === 'number' ? message.eventSequence : fallback;
}

/** Business keys the ledger links documents by, read from the canonical payload's top level. */
export function businessKeysOf(payload: unknown): BusinessKeys {
  const keys: BusinessKeys = {};
  if (!payload || typeof payload !== 'object') return keys;
  for (const name of BUSINESS_KEY_NAMES) {
    const value = (payload as Record<string, unknown>)[name];
    if (typeof value === 'string' && value) keys[name] = value;
  }
  return keys;
}
