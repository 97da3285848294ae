// Header values for outbound ERP calls: document-derived values are percent-encoded to a safe, stable form; anything else unsendable is a permanent error.
import { createHash } from 'node:crypto';
import { NodeError } from '../sdk/index.js';

/** Visible ASCII except "%" (the escape itself) passes as is; every other byte of the UTF-8 form becomes %XX. */
function isPlainByte(byte: number): boolean {
  return byte >= 0x21 && byte <= 0x7e && byte !== 0x25;
}

const HASH_MARK = '~h=';
const HASH_HEX_LENGTH = 32; // 128 bits of sha256: a collision between two documents' keys is not a practical risk

/**
 * A header-safe form of `raw` of at most `maxLength` characters. ASCII values stay readable and unchanged
 * ("demo-supplier:PO-1001:A-1"), other characters are percent-encoded from UTF-8 ("A-%F0%9F%98%80"), and a value that
 * would grow past maxLength keeps a readable prefix plus a hash of the whole raw value ("…~h=3f2a…"). The same raw
 * value gives the same result every time, so a retry or a replay still sends the same key.
 */
export function headerSafe(raw: string, maxLength: number): string {
  // One piece per character, so a shortened key never ends in half a character.
  const pieces = Array.from(raw, encodeCharacter);
  const encoded = pieces.join('');
  if (encoded.length <= maxLength) return encoded;
  const suffix = `${HASH_MARK}${createHash('sha256').update(raw, 'utf8').digest('hex').slice(0, HASH_HEX_LENGTH)}`;
  let prefix = '';
  for (const piece of pieces) {
    if (prefix.length + piece.length + suffix.length > maxLength) break;
    prefix += piece;
  }
  return `${prefix}${suffix}`;
}

function encodeCharacter(character: string): string {
  let encoded = '';
  for (const byte of Buffer.from(character, 'utf8')) {
    encoded += isPlainByte(byte) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

// The characters undici (and RFC 9110 field values) accept: tab, visible ASCII, space and obs-text. No CR, LF or NUL.
const UNSENDABLE = /[^\t\x20-\x7e\x80-\xff]/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Where an unsendable header was found, for the dead letter: `header.X-Partner-Id`. */
export function invalidHeaderError(name: string, reason: string): NodeError {
  return new NodeError('ERP_INVALID_HEADER', `cannot send header ${name} to the ERP: ${reason}`, {
    retryable: false,
    details: { problems: [{ path: `header.${name}`, message: reason }] },
  });
}

/** Throws a permanent ERP_INVALID_HEADER for the first header that undici would refuse; the request is never sent. */
export function assertSendableHeaders(headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) throw invalidHeaderError(name, 'is not a valid header name');
    if (typeof value !== 'string') throw invalidHeaderError(name, `has no text value (${typeof value})`);
    const bad = UNSENDABLE.exec(value);
    if (bad) throw invalidHeaderError(name, `contains the character U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} at position ${bad.index}`);
  }
}

export const MAX_CORRELATION_ID_LENGTH = 128;

/** X-Correlation-Id as sent: header-safe, so a partner's odd correlation ID is traced, not fatal. */
export function correlationHeader(correlationId: unknown): string {
  return headerSafe(typeof correlationId === 'string' ? correlationId : String(correlationId ?? ''), MAX_CORRELATION_ID_LENGTH);
}

const PARTNER_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * X-Partner-Id as sent. A partner's identity is never rewritten (the ERP checks ownership against it), so a value that
 * is not a plain token fails this one message permanently. Absent means the distributor acts for itself.
 */
export function partnerHeader(partnerId: unknown): string | undefined {
  if (partnerId === undefined || partnerId === null || partnerId === '') return undefined;
  if (typeof partnerId !== 'string' || !PARTNER_ID.test(partnerId)) {
    throw invalidHeaderError('X-Partner-Id', 'msg.partnerId must be 1 to 128 visible ASCII characters');
  }
  return partnerId;
}
