// Evaluates one JSONata expression against sample messages: the preview's core, run inside worker threads by jsonata-preview-pool.ts.
import type { Clock, XrefTables } from '../sdk/index.js';
import { compileJsonata, createJsonataBindings, describeJsonataError, type JsonataErrorInfo, type JsonataExpression } from '../sdk/jsonata.js';
import { engineOf, type JsonataEngineInfo } from '../sdk/jsonata-engine.js';

export type JsonataSampleResult = { ok: true; result: unknown } | { ok: false; error: JsonataErrorInfo };

export interface PreviewBindings {
  /** Serves $xref(table, key); without it $xref fails with a clear message. */
  xref?: XrefTables;
  /** Serves $now(); defaults to the system clock. */
  clock?: Clock;
  /** $partner when a sample carries no partnerId of its own. */
  partnerId?: string;
}

/** Limits for expressions typed live in the designer: a runaway recursion must not hang the runtime. */
const PREVIEW_LIMITS = { timeoutMs: 2000, maxDepth: 500 };

/**
 * Evaluates the expression against each sample (a message: `$` is the message, so fields are `payload.x`), with the
 * same bindings as the transform node. A syntax error is reported, located, for every sample; an evaluation error only
 * for the sample that caused it. Never throws.
 */
export async function evaluateJsonataSamples(expression: string, samples: unknown[], bindings: PreviewBindings = {}): Promise<JsonataSampleResult[]> {
  let compiled: JsonataExpression;
  try {
    compiled = compileJsonata(expression, PREVIEW_LIMITS);
  } catch (thrown) {
    const error = located(thrown, expression);
    return samples.map(() => ({ ok: false, error }));
  }
  const results: JsonataSampleResult[] = [];
  for (const sample of samples) {
    const partnerId = partnerOf(sample) ?? bindings.partnerId;
    try {
      const result = await compiled.evaluate(sample, createJsonataBindings({ partnerId, xref: bindings.xref, clock: bindings.clock }));
      results.push({ ok: true, result: plain(result) });
    } catch (thrown) {
      results.push({ ok: false, error: located(thrown, expression) });
    }
  }
  return results;
}

/**
 * Which engine a node would run the expression on (the compiled closure tree or jsonata-js, and why), or undefined
 * for a syntax error. Only parses and compiles, never evaluates, so it is safe on the server thread.
 */
export function describePreviewEngine(expression: string): JsonataEngineInfo | undefined {
  try {
    return engineOf(compileJsonata(expression));
  } catch {
    return undefined;
  }
}

function partnerOf(sample: unknown): string | undefined {
  if (sample === null || typeof sample !== 'object') return undefined;
  const partnerId = (sample as { partnerId?: unknown }).partnerId;
  return typeof partnerId === 'string' ? partnerId : undefined;
}

/** A NodeError from compileJsonata already carries the located info in details; raw JSONata errors are located here. */
function located(thrown: unknown, expression: string): JsonataErrorInfo {
  const details = (thrown as { details?: unknown } | null)?.details;
  if (details && typeof details === 'object' && 'message' in details) return details as JsonataErrorInfo;
  return describeJsonataError(thrown, expression);
}

/** JSONata marks result sequences with extra array properties; a plain copy serialises predictably. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, plain(entry)]));
  }
  if (typeof value === 'function') return undefined;
  return value;
}
