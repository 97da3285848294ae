// Converts a live message to the JSON-safe form queues and dead letters store, and back into a message to deliver.
import type { TradelaneMessage } from '../sdk/index.js';

/** Properties that only make sense in this process, or describe a past failure, and are never stored. */
const TRANSIENT = new Set(['req', 'res', '_msgid', '_delivery', 'error', '_error', 'failure', 'failures']);

/**
 * The JSON text a stored message was parsed from, kept as a non-enumerable property: the embedded queue log
 * (runtime/store/queue-store.ts, which names the same registered symbol) writes it as it is, and delivery parses it
 * instead of cloning, so a queued message is serialized once. JSON, structuredClone and spreads all ignore it.
 */
const STORED_MESSAGE_JSON = Symbol.for('tradelane.storedMessageJson');

type WithStoredJson = Record<string, unknown> & { [STORED_MESSAGE_JSON]?: unknown };

export function toStoredMessage(msg: TradelaneMessage): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(msg)) if (!TRANSIENT.has(key) && value !== undefined) kept[key] = value;
  // A JSON round trip drops functions and sockets and turns class instances into plain data, as a store would.
  const json = JSON.stringify(kept);
  const stored = JSON.parse(json) as Record<string, unknown>;
  // Only this fresh object carries the text; nobody else holds it, and stored messages are never modified.
  Object.defineProperty(stored, STORED_MESSAGE_JSON, { value: json });
  return stored;
}

/** A fresh message from stored data, sharing nothing with it; the correlation ID is always present. */
export function fromStoredMessage(stored: Record<string, unknown>, correlationId: string): TradelaneMessage {
  const json = (stored as WithStoredJson)[STORED_MESSAGE_JSON];
  const copy = typeof json === 'string' ? JSON.parse(json) as Record<string, unknown> : structuredClone(stored);
  return { ...copy, correlationId, payload: copy.payload };
}
