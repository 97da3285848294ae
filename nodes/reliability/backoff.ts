// Retry delays: exponential backoff with full jitter, capped, and never shorter than a Retry-After the backend asked for.
import type { Failure } from '../sdk/index.js';

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Delay before attempt `attempt + 1`, after `attempt` failed attempts (attempt >= 1). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, failure?: Failure, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
  const jittered = Math.floor(random() * ceiling);
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterOf(failure)));
}

function retryAfterOf(failure: Failure | undefined): number {
  const details = failure?.details as { retryAfterMs?: unknown } | undefined;
  const value = details?.retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

export const backoffSchemaProperties = {
  baseDelayMs: { type: 'integer', minimum: 1, maximum: 3_600_000, default: 1000, title: 'Backoff base (ms)', description: 'Ceiling of the first retry delay; doubles with every attempt.' },
  maxDelayMs: { type: 'integer', minimum: 1, maximum: 86_400_000, default: 60_000, title: 'Backoff maximum (ms)', description: 'No retry waits longer than this.' },
} as const;
