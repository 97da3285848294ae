// Classifies an ERP's HTTP answer (5xx/408/429 retryable, other 4xx permanent, 2xx success) and how it counts for the breaker.
import { NodeError } from '../sdk/index.js';
import type { ErpHttpResponse } from './erp-http.js';
import type { CallOutcome } from './circuit-breaker.js';

/** Retry-After in seconds or as an HTTP date, in milliseconds from now. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** "error at $.poNumber (message)" from an ERP's {error, details:[{path, message}]} answer, so the dead letter says where. */
function located(body: { error: string; details?: unknown }): string {
  const details = Array.isArray(body.details) ? body.details.slice(0, 3) : [];
  const where = details
    .filter((d): d is { path?: unknown; message?: unknown } => d !== null && typeof d === 'object')
    .map((d) => `${String(d.path ?? '$')} (${String(d.message ?? '')})`);
  return where.length ? `${body.error} at ${where.join('; ')}` : body.error;
}

function summary(body: unknown): string {
  if (body !== null && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') return located(body as { error: string; details?: unknown });
  if (typeof body === 'string' && body) return body.length > 200 ? `${body.slice(0, 200)}…` : body;
  return 'no details';
}

/** Returns undefined for 2xx, otherwise the coded error for the status. */
export function classifyHttpStatus(response: ErpHttpResponse, target: string): NodeError | undefined {
  const { status, body } = response;
  if (status >= 200 && status < 300) return undefined;
  const retryAfter = retryAfterMs(response.headers['retry-after']);
  const details: Record<string, unknown> = { status, body };
  if (retryAfter !== undefined) details.retryAfterMs = retryAfter;
  if (status === 429) return new NodeError('ERP_RATE_LIMITED', `${target}: ERP rate limit (429): ${summary(body)}`, { retryable: true, details });
  if (status === 408) return new NodeError('ERP_TIMEOUT', `${target}: ERP request timeout (408): ${summary(body)}`, { retryable: true, details });
  if (status >= 500) return new NodeError('ERP_UNAVAILABLE', `${target}: ERP unavailable (${status}): ${summary(body)}`, { retryable: true, details });
  if (status === 403) return new NodeError('ERP_FORBIDDEN', `${target}: ERP refused the request (403): ${summary(body)}`, { retryable: false, details });
  return new NodeError('ERP_REJECTED', `${target}: ERP rejected the request (${status}): ${summary(body)}`, { retryable: false, details });
}

/** Failures of one message's request that never reached the ERP. */
const UNSENT_CODES = new Set(['ERP_INVALID_HEADER', 'ERP_INVALID_REQUEST']);

/**
 * How a call's result counts for the circuit breaker. Only transport failures, timeouts and 5xx (the retryable
 * errors) count against it. A permanent rejection of one message (4xx other than 408/429, a SOAP Client fault)
 * proves the ERP is up; 429 proves nothing; a request that was never sent says nothing at all.
 */
export function breakerOutcome(error: NodeError | undefined): CallOutcome {
  if (!error) return 'success';
  if (UNSENT_CODES.has(error.code)) return 'unsent';
  if (error.code === 'ERP_RATE_LIMITED') return 'neutral';
  return error.retryable ? 'failure' : 'success';
}
