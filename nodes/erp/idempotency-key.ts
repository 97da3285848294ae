// The Idempotency-Key for an ERP update, derived from the document: the configured expression, else partner + document numbers.
import { createHash } from 'node:crypto';
import { NodeError, type CompiledExpression, type TradelaneMessage } from '../sdk/index.js';
import { headerSafe } from './header-values.js';

const MAX_KEY_LENGTH = 255;

const DOCUMENT_NUMBERS: Array<[label: string, field: string]> = [
  ['po', 'poNumber'],
  ['ack', 'ackNumber'],
  ['asn', 'asnNumber'],
  ['inv', 'invoiceNumber'],
  ['shipment', 'shipmentId'],
  ['rma', 'rmaNumber'],
];

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * "demo-supplier:po=PO-1001:ack=A-1" from the partner and the document numbers on the payload. Without any document
 * number the key is a hash of the request, so a retry of the same message still gets the same key.
 */
export function deriveIdempotencyKey(msg: TradelaneMessage, method: string, path: string): string {
  const payload = (msg.payload !== null && typeof msg.payload === 'object' ? msg.payload : {}) as Record<string, unknown>;
  const partner = typeof msg.partnerId === 'string' && msg.partnerId ? msg.partnerId : typeof payload.partnerId === 'string' && payload.partnerId ? payload.partnerId : 'any';
  const numbers = DOCUMENT_NUMBERS
    .filter(([, field]) => typeof payload[field] === 'string' || typeof payload[field] === 'number')
    .map(([label, field]) => `${label}=${String(payload[field])}`);
  if (numbers.length) return [partner, ...numbers].join(':');
  return `${partner}:sha256=${createHash('sha256').update(`${method} ${path}\n${stableStringify(msg.payload)}`).digest('hex')}`;
}

/** Empty is a permanent error; anything else becomes its header-safe form (percent-encoded, hash-suffixed past 255). */
function checkKey(key: string, source: string): string {
  if (!key.trim()) throw new NodeError('ERP_NO_IDEMPOTENCY_KEY', `${source} produced an empty Idempotency-Key`, { retryable: false });
  return headerSafe(key, MAX_KEY_LENGTH);
}

/**
 * The key comes from the document only. msg.idempotencyKey (a partner's Idempotency-Key header, set by intake) is
 * deliberately ignored: a partner could otherwise send one document twice under two keys and have it applied twice.
 */
export async function idempotencyKeyFor(msg: TradelaneMessage, expression: CompiledExpression | undefined, method: string, path: string): Promise<string> {
  if (expression) {
    const value = await expression.evaluate(msg);
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new NodeError('ERP_NO_IDEMPOTENCY_KEY', `idempotencyKeyExpression returned ${value === undefined ? 'nothing' : typeof value}, expected a string`, { retryable: false });
    }
    return checkKey(String(value), 'idempotencyKeyExpression');
  }
  return checkKey(deriveIdempotencyKey(msg, method, path), 'the derived key');
}
