// HMAC-SHA256 request signatures shared by intake (verify) and webhook out (sign): "sha256=<hex>" over `${timestamp}.${body}`.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const DEFAULT_TIMESTAMP_HEADER = 'X-Tradelane-Timestamp';
export const DEFAULT_SIGNATURE_HEADER = 'X-Tradelane-Signature';
const PREFIX = 'sha256=';

/** The signature header value for a body sent at `timestamp` (Unix seconds, as a string). */
export function signBody(secret: string, timestamp: string, body: Buffer | string): string {
  return PREFIX + createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** Constant-time comparison of a received signature header with the expected one; false for any malformed value. */
export function signatureMatches(secret: string, timestamp: string, body: Buffer | string, received: string): boolean {
  const value = received.trim();
  if (!value.startsWith(PREFIX)) return false;
  const hex = value.slice(PREFIX.length);
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return false;
  const expected = Buffer.from(signBody(secret, timestamp, body).slice(PREFIX.length), 'hex');
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}

export type TimestampCheck = { ok: true } | { ok: false; message: string };

/** Accepts Unix seconds within ±windowSeconds of now; anything else is a replay or a broken clock. */
export function checkTimestamp(timestamp: string, nowMs: number, windowSeconds: number): TimestampCheck {
  if (!/^\d{9,12}$/.test(timestamp)) return { ok: false, message: 'timestamp must be Unix time in seconds' };
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew > windowSeconds) return { ok: false, message: `timestamp is ${Math.round(skew)} s away from the server time; the replay window is ${windowSeconds} s` };
  return { ok: true };
}
