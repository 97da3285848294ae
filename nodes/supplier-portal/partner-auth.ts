// Partner authentication at intake: API key (checked on the head, before the body) or a v2 HMAC signature with a replay window and cache.
import type { Clock, InboundHead, InboundRequest, PartnerAuthMethod, PartnerDirectory } from '../sdk/index.js';
import type { ReplayGuard } from './replay-guard.js';
import { checkTimestamp, parseSignature, signatureMatches, type ParsedSignature } from './signature.js';

export interface AuthSettings {
  /** "partner" follows the auth method stored with the partner. */
  auth: PartnerAuthMethod | 'partner' | 'none';
  apiKeyHeader: string;
  timestampHeader: string;
  signatureHeader: string;
  replayWindowSeconds: number;
}

export interface AuthFailure {
  path: string;
  message: string;
}

export interface AuthContext {
  partners: PartnerDirectory;
  clock: Clock;
  partnerId: string;
  settings: AuthSettings;
}

/** What the head check found for an HMAC request: everything but the body-dependent comparison. */
interface SignedHead {
  secret: string;
  timestamp: string;
  signature: ParsedSignature;
}

type HeadResult = { failure: AuthFailure } | { method: 'none' | 'api-key' } | { method: 'hmac'; signed: SignedHead };

export function headerValue(request: InboundHead, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

async function checkApiKey(context: AuthContext, request: InboundHead): Promise<HeadResult> {
  const { apiKeyHeader } = context.settings;
  const key = headerValue(request, apiKeyHeader);
  if (!key) return { failure: { path: `header.${apiKeyHeader}`, message: 'API key header is missing' } };
  if (!(await context.partners.verifyApiKey(context.partnerId, key))) return { failure: { path: `header.${apiKeyHeader}`, message: 'API key is not valid for this partner' } };
  return { method: 'api-key' };
}

const MISMATCH = 'signature does not match the request (v2: timestamp, method, path, Idempotency-Key, X-Correlation-Id and body) for this partner';

async function checkSignedHead(context: AuthContext, request: InboundHead): Promise<HeadResult> {
  const { timestampHeader, signatureHeader, replayWindowSeconds } = context.settings;
  const timestamp = headerValue(request, timestampHeader)?.trim();
  const received = headerValue(request, signatureHeader);
  if (!timestamp) return { failure: { path: `header.${timestampHeader}`, message: 'timestamp header is missing' } };
  if (!received) return { failure: { path: `header.${signatureHeader}`, message: 'signature header is missing' } };
  const fresh = checkTimestamp(timestamp, context.clock.now(), replayWindowSeconds);
  if (!fresh.ok) return { failure: { path: `header.${timestampHeader}`, message: fresh.message } };
  const signature = parseSignature(received);
  if (!signature) return { failure: { path: `header.${signatureHeader}`, message: 'signature must be "v2=" followed by 64 hex digits' } };
  const partner = await context.partners.get(context.partnerId);
  if (signature.scheme === 'v1' && !partner?.legacyV1Signatures) {
    return { failure: { path: `header.${signatureHeader}`, message: 'the v1 signature scheme ("sha256=") is retired; sign with v2 as described in docs/partners.md' } };
  }
  const secret = await context.partners.hmacSecret(context.partnerId);
  // One message for "no secret", "suspended" and "unknown": the caller learns nothing about the partner.
  if (!secret) return { failure: { path: `header.${signatureHeader}`, message: MISMATCH } };
  return { method: 'hmac', signed: { secret, timestamp, signature } };
}

/** Every check that needs only the request line and headers; the API key is verified in full here. */
export async function authenticateHead(context: AuthContext, request: InboundHead): Promise<HeadResult> {
  let method = context.settings.auth;
  if (method === 'none') return { method: 'none' };
  if (method === 'partner') {
    const partner = await context.partners.get(context.partnerId);
    if (!partner || partner.status !== 'active') return { failure: { path: '$', message: 'partner is unknown or suspended' } };
    method = partner.authMethod ?? 'api-key';
  }
  return method === 'hmac' ? checkSignedHead(context, request) : checkApiKey(context, request);
}

function verifySignedBody(context: AuthContext, request: InboundRequest, signed: SignedHead): AuthFailure | undefined {
  const parts = {
    timestamp: signed.timestamp,
    method: request.method,
    path: request.path,
    idempotencyKey: headerValue(request, 'idempotency-key'),
    correlationId: headerValue(request, 'x-correlation-id'),
    body: request.body,
  };
  if (signatureMatches(signed.secret, parts, signed.signature)) return undefined;
  return { path: `header.${context.settings.signatureHeader}`, message: MISMATCH };
}

async function refuseReplay(context: AuthContext, replay: ReplayGuard, signed: SignedHead): Promise<AuthFailure | undefined> {
  if (await replay.firstUse(context.partnerId, signed.signature.hex, Number(signed.timestamp), context.settings.replayWindowSeconds)) return undefined;
  return {
    path: `header.${context.settings.signatureHeader}`,
    message: `this signature was already used within the ${context.settings.replayWindowSeconds} s replay window; sign every request anew (new timestamp, Idempotency-Key or X-Correlation-Id)`,
  };
}

/** The full check on a request with its body: head checks again (they are cheap), then signature and replay for HMAC. */
export async function authenticate(context: AuthContext, request: InboundRequest, replay: ReplayGuard): Promise<AuthFailure | undefined> {
  const head = await authenticateHead(context, request);
  if ('failure' in head) return head.failure;
  if (head.method !== 'hmac') return undefined;
  return verifySignedBody(context, request, head.signed) ?? refuseReplay(context, replay, head.signed);
}
