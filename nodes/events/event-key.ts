// Reads an event's key from the message: a message path (payload.poNumber) or a JSONata expression over the message.
import { compileJsonata, evaluateJsonata, NodeError, type JsonataExpression, type TradelaneMessage } from '../sdk/index.js';
import { getPath, parsePath } from '../canonical/message-path.js';

export type KeyKind = 'path' | 'jsonata';

export interface KeyReader {
  (msg: TradelaneMessage): Promise<string>;
}

function missing(where: string, found: unknown): NodeError {
  const what = found === undefined || found === null || found === '' ? 'is empty or missing' : `is a ${Array.isArray(found) ? 'list' : typeof found}, not a string or number`;
  return new NodeError('EVENT_KEY_MISSING', `the event key ${where} ${what}`, { retryable: false, details: [{ path: where, message: `the event key ${what}` }] });
}

function asKey(value: unknown, where: string): string {
  if (typeof value === 'string' && value) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw missing(where, value);
}

/** Compiles the key once (at start), so a bad path or expression fails the deploy, not each message. */
export function compileKeyReader(kind: KeyKind, source: string): KeyReader {
  if (kind === 'path') {
    const segments = parsePath(source);
    const where = `$.${source.trim().replace(/^msg\./, '')}`;
    return async (msg) => asKey(getPath(msg, segments), where);
  }
  const compiled: JsonataExpression = compileJsonata(source, { context: 'key' });
  return async (msg) => asKey(await evaluateJsonata(compiled, source, msg, {}, 'key'), `key expression ${source}`);
}
