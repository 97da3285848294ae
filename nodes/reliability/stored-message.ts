// Converts a live message to the JSON-safe form queues and dead letters store, and back into a message to deliver.
import type { TradelaneMessage } from '../sdk/index.js';

/** Properties that only make sense in this process, or describe a past failure, and are never stored. */
const TRANSIENT = new Set(['req', 'res', '_msgid', '_delivery', 'error', '_error', 'failure', 'failures']);

export function toStoredMessage(msg: TradelaneMessage): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(msg)) if (!TRANSIENT.has(key) && value !== undefined) kept[key] = value;
  // A JSON round trip drops functions and sockets and turns class instances into plain data, as a store would.
  return JSON.parse(JSON.stringify(kept)) as Record<string, unknown>;
}

/** A fresh message from stored data; the correlation ID is always present. */
export function fromStoredMessage(stored: Record<string, unknown>, correlationId: string): TradelaneMessage {
  return { ...structuredClone(stored), correlationId, payload: stored.payload };
}
