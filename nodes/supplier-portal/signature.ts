// HMAC-SHA256 request signatures shared by intake (verify) and webhook out (sign): scheme v2 over method, path, key headers and body.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const DEFAULT_TIMESTAMP_HEADER = 'X-Tradelane-Timestamp';
export const DEFAULT_SIGNATURE_HEADER = 'X-Tradelane-Signature';
const V2_PREFIX = 'v2=';
/** The retired scheme: "sha256=" + HMAC of `${timestamp}.${body}`; it binds neither method, path nor key headers. */
const V1_PREFIX = 'sha256=';

/** What a v2 signature covers. Absent headers are signed as empty strings. */
export interface SignedRequest {
  /** Unix seconds, exactly as sent in the timestamp header. */
  timestamp: string;
  method: string;
  /** The request path as sent, without the query string, e.g. "/partners/acme/po-acks". */
  path: string;
  idempotencyKey?: string;
  correlationId?: string;
  body: Buffer | string;
}

/**
 * The v2 canonical string: `v2:{timestamp}\n{METHOD}\n{path}\n{Idempotency-Key}\n{X-Correlation-Id}\n` followed by the raw body.
 * Header values are the only line-break-free parts (intake refuses other characters), so no field can spill into the next.
 */
export function canonicalPrefix(request: Omit<SignedRequest, 'body'>): string {
  return `v2:${request.timestamp}\n${request.method.toUpperCase()}\n${request.path}\n${request.idempotencyKey ?? ''}\n${request.correlationId ?? ''}\n`;
}

function v2Hex(secret: string, request: SignedRequest): string {
  return createHmac('sha256', secret).update(canonicalPrefix(request)).update(request.body).digest('hex');
}

function v1Hex(secret: string, timestamp: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The signature header value for a request: "v2=" + hex HMAC-SHA256 of the canonical string. */
export function signRequest(secret: string, request: SignedRequest): string {
  return V2_PREFIX + v2Hex(secret, request);
}

/** The retired v1 header value, only for partners whose compatibility switch is on. */
export function signLegacyV1(secret: string, timestamp: string, body: Buffer | string): string {
  return V1_PREFIX + v1Hex(secret, timestamp, body);
}

export type SignatureScheme = 'v2' | 'v1';

export interface ParsedSignature {
  scheme: SignatureScheme;
  hex: string;
}

/** Reads "v2=<64 hex>" or "sha256=<64 hex>"; undefined for anything else. */
export function parseSignature(received: string): ParsedSignature | undefined {
  const value = received.trim();
  const scheme: SignatureScheme | undefined = value.startsWith(V2_PREFIX) ? 'v2' : value.startsWith(V1_PREFIX) ? 'v1' : undefined;
  if (!scheme) return undefined;
  const hex = value.slice(scheme === 'v2' ? V2_PREFIX.length : V1_PREFIX.length).toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? { scheme, hex } : undefined;
}

function sameHex(expected: string, received: string): boolean {
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(received, 'hex'));
}

/** Constant-time check of a parsed signature against the request, in the scheme it claims. */
export function signatureMatches(secret: string, request: SignedRequest, signature: ParsedSignature): boolean {
  const expected = signature.scheme === 'v2' ? v2Hex(secret, request) : v1Hex(secret, request.timestamp, request.body);
  return sameHex(expected, signature.hex);
}

/** For receivers (partners verifying our webhooks, tests): true only for a well-formed v2 signature over this request. */
export function verifyV2Signature(secret: string, request: SignedRequest, received: string): boolean {
  const signature = parseSignature(received);
  return signature?.scheme === 'v2' && signatureMatches(secret, request, signature);
}

export type TimestampCheck = { ok: true } | { ok: false; message: string };

/** Accepts Unix seconds within ±windowSeconds of now; anything else is a replay or a broken clock. */
export function checkTimestamp(timestamp: string, nowMs: number, windowSeconds: number): TimestampCheck {
  if (!/^\d{9,12}$/.test(timestamp)) return { ok: false, message: 'timestamp must be Unix time in seconds' };
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew > windowSeconds) return { ok: false, message: `timestamp is ${Math.round(skew)} s away from the server time; the replay window is ${windowSeconds} s` };
  return { ok: true };
}
