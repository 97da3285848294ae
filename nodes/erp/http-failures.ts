// Classifies an ERP's HTTP answer: 5xx/408/429 are retryable, other 4xx are permanent rejections, 2xx is success.
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

function summary(body: unknown): string {
  if (body !== null && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') return (body as { error: string }).error;
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
  return new NodeError('ERP_REJECTED', `${target}: ERP rejected the request (${status}): ${summary(body)}`, { retryable: false, details });
}

/** How a call's result counts for the circuit breaker: a rejection proves the ERP is up; 429 proves nothing. */
export function breakerOutcome(error: NodeError | undefined): CallOutcome {
  if (!error) return 'success';
  if (error.code === 'ERP_RATE_LIMITED') return 'neutral';
  return error.retryable ? 'failure' : 'success';
}
