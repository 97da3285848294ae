// OAuth 2.0 client credentials (RFC 6749 §4.4): fetches a bearer token, caches it until shortly before it expires, and forgets it when the API refuses it.
import type { Agent } from 'undici';
import { NodeError, type Clock } from '../sdk/index.js';
import { sendWebhook } from './webhook-http.js';

export interface ClientCredentials {
  tokenUrl: URL;
  clientId: string;
  clientSecret: string;
  scope: string;
  /** basic: client id and secret in an Authorization header (the RFC's default); body: as form fields. */
  clientAuth: 'basic' | 'body';
  timeoutMs: number;
}

/** A token is renewed this long before the expiry the server gave, so no request goes out with one about to lapse. */
const RENEW_BEFORE_MS = 30_000;
/** Token answers carry JWTs of a few kilobytes; far more is no token answer. */
const MAX_TOKEN_ANSWER_CHARS = 64 * 1024;
/** When the server names no lifetime: RFC 6749 leaves it open; an hour is the common default. */
const DEFAULT_LIFETIME_S = 3600;

export class ClientCredentialsToken {
  private cached: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly agent: Agent, private readonly clock: Clock, private readonly credentials: ClientCredentials) {}

  /** The current token, fetched once for concurrent callers. */
  async get(): Promise<string> {
    if (this.cached && this.clock.now() < this.cached.renewAt) return this.cached.token;
    this.pending ??= this.fetch().finally(() => { this.pending = undefined; });
    return this.pending;
  }

  /** The API answered 401: the token was revoked or expired early. */
  forget(): void {
    this.cached = undefined;
  }

  private async fetch(): Promise<string> {
    const { tokenUrl, clientId, clientSecret, scope, clientAuth, timeoutMs } = this.credentials;
    const form = new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
    if (clientAuth === 'basic') headers.Authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
    else { form.set('client_id', clientId); form.set('client_secret', clientSecret); }
    const answer = await sendWebhook(this.agent, tokenUrl, headers, form.toString(), timeoutMs, { prefix: 'PORTAL', keepChars: MAX_TOKEN_ANSWER_CHARS });
    const body = parseJson(answer.text);
    if (answer.status >= 500 || answer.status === 429) {
      throw new NodeError('PORTAL_UNAVAILABLE', `the token endpoint ${tokenUrl.origin}${tokenUrl.pathname} answered ${answer.status}`, { retryable: true, details: { status: answer.status } });
    }
    const token = typeof body?.access_token === 'string' ? body.access_token : undefined;
    if (answer.status !== 200 || !token) {
      const reason = typeof body?.error === 'string' ? `${body.error}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''}` : `status ${answer.status}`;
      throw new NodeError('PORTAL_AUTH_FAILED', `the token endpoint refused client ${clientId}: ${reason}`, { retryable: false, details: [{ path: 'clientId', message: reason }] });
    }
    const lifetime = typeof body?.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_LIFETIME_S;
    this.cached = { token, renewAt: this.clock.now() + Math.max(0, lifetime * 1000 - RENEW_BEFORE_MS) };
    return token;
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}
