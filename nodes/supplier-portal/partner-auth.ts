// Partner authentication at intake: API key (hashed in the partner store) or HMAC-SHA256 signature with a replay window.
import type { Clock, InboundRequest, PartnerAuthMethod, PartnerDirectory } from '../sdk/index.js';
import { checkTimestamp, signatureMatches } from './signature.js';

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

export function headerValue(request: InboundRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

async function verifyApiKey(partners: PartnerDirectory, partnerId: string, request: InboundRequest, settings: AuthSettings): Promise<AuthFailure | undefined> {
  const key = headerValue(request, settings.apiKeyHeader);
  if (!key) return { path: `header.${settings.apiKeyHeader}`, message: 'API key header is missing' };
  if (!(await partners.verifyApiKey(partnerId, key))) return { path: `header.${settings.apiKeyHeader}`, message: 'API key is not valid for this partner' };
  return undefined;
}

async function verifyHmac(partners: PartnerDirectory, partnerId: string, request: InboundRequest, settings: AuthSettings, clock: Clock): Promise<AuthFailure | undefined> {
  const timestamp = headerValue(request, settings.timestampHeader);
  const signature = headerValue(request, settings.signatureHeader);
  if (!timestamp) return { path: `header.${settings.timestampHeader}`, message: 'timestamp header is missing' };
  if (!signature) return { path: `header.${settings.signatureHeader}`, message: 'signature header is missing' };
  const fresh = checkTimestamp(timestamp.trim(), clock.now(), settings.replayWindowSeconds);
  if (!fresh.ok) return { path: `header.${settings.timestampHeader}`, message: fresh.message };
  const secret = await partners.hmacSecret(partnerId);
  // One message for "no secret", "suspended" and "wrong signature": the caller learns nothing about the partner.
  if (!secret || !signatureMatches(secret, timestamp.trim(), request.body, signature)) {
    return { path: `header.${settings.signatureHeader}`, message: 'signature does not match the body and timestamp for this partner' };
  }
  return undefined;
}

/** Returns undefined when the request may enter the flow, else the located reason for a 401. */
export async function authenticate(partners: PartnerDirectory, clock: Clock, partnerId: string, request: InboundRequest, settings: AuthSettings): Promise<AuthFailure | undefined> {
  let method = settings.auth;
  if (method === 'none') return undefined;
  if (method === 'partner') {
    const partner = await partners.get(partnerId);
    if (!partner || partner.status !== 'active') return { path: '$', message: 'partner is unknown or suspended' };
    method = partner.authMethod ?? 'api-key';
  }
  return method === 'hmac' ? verifyHmac(partners, partnerId, request, settings, clock) : verifyApiKey(partners, partnerId, request, settings);
}
