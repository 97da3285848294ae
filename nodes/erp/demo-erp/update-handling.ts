// Shared steps of every demo ERP update (REST and SOAP): key check, body check, fingerprint, idempotent apply, lost-response fault.
import { createHash } from 'node:crypto';
import type { LocatedProblem } from '../../sdk/index.js';
import type { FaultInjector } from './faults.js';
import type { DemoErpLedger } from './ledger.js';
import type { ErpStateView, Refusal, UpdatePlan } from './operations.js';

export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export type UpdateResult =
  | { status: number; body: Record<string, unknown>; replayed: boolean; retryAfterSeconds?: number }
  | { status: number; body: { error: string; details: LocatedProblem[] }; replayed: false; retryAfterSeconds?: number };

/** JSON with object keys sorted, so two equal requests hash the same whatever their key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function fingerprintOf(kind: string, body: unknown): string {
  return createHash('sha256').update(kind).update('\n').update(stableStringify(body)).digest('hex');
}

export interface UpdateInput<Body> {
  kind: string;
  idempotencyKey: string | undefined;
  correlationId: string | undefined;
  /** X-Partner-Id: the partner on whose behalf the platform acts (undefined: the distributor itself). */
  partnerId: string | undefined;
  body: unknown;
  check(body: unknown): LocatedProblem[];
  plan(state: ErpStateView, body: Body, partnerId: string | undefined): UpdatePlan | Refusal;
}

export function refusalResult(status: number, error: string, details: LocatedProblem[]): UpdateResult {
  return { status, body: { error, details }, replayed: false };
}

export async function runUpdate<Body>(ledger: DemoErpLedger, faults: FaultInjector, input: UpdateInput<Body>): Promise<UpdateResult> {
  const key = input.idempotencyKey?.trim();
  if (!key) return refusalResult(400, 'Idempotency-Key header is required', [{ path: 'header.Idempotency-Key', message: 'is required for every update' }]);
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) return refusalResult(400, 'Idempotency-Key is too long', [{ path: 'header.Idempotency-Key', message: `must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters` }]);
  if (input.body === undefined || input.body === null || typeof input.body !== 'object' || Array.isArray(input.body)) {
    return refusalResult(400, 'request body must be a JSON object', [{ path: '$', message: 'expected a JSON object (Content-Type: application/json)' }]);
  }
  const problems = input.check(input.body);
  if (problems.length) return refusalResult(400, `invalid ${input.kind}`, problems);

  const body = input.body as Body;
  const partnerId = input.partnerId?.trim() || undefined;
  const outcome = await ledger.apply({
    idempotencyKey: key,
    fingerprint: fingerprintOf(input.kind, body),
    correlationId: input.correlationId?.trim() || null,
    partnerId: partnerId ?? null,
    plan: (state) => input.plan(state, body, partnerId),
  });
  if (outcome.kind === 'refused') return refusalResult(outcome.refusal.status, outcome.refusal.error, outcome.refusal.details);
  if (outcome.kind === 'applied' && faults.loseResponse()) {
    return { ...refusalResult(503, 'injected fault: update applied but the response was lost', [{ path: '$', message: 'retry with the same Idempotency-Key' }]), retryAfterSeconds: 1 };
  }
  return { status: outcome.response.status, body: outcome.response.body, replayed: outcome.kind === 'replayed' };
}
