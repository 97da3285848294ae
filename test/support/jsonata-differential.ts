// Runs one expression on jsonata-js and on the compiled engine and compares the outcomes (same value, or same error code).
import jsonata from 'jsonata';
import { compileAst, enginesReady, isCodedError } from '../../nodes/sdk/jsonata-compiler/index.js';
import { createEngineExpression } from '../../nodes/sdk/jsonata-engine.js';

export type Outcome = { kind: 'value'; value: unknown } | { kind: 'error'; code: string; token?: string; message?: string };

export interface CompiledOutcome {
  outcome: Outcome;
  /** compiled: the closure tree answered; fallback: the expression is outside the subset; rescued: a non-JSONata failure re-ran on jsonata-js. */
  path: 'compiled' | 'fallback' | 'rescued';
  reason?: string;
}

export interface Limits {
  timeout?: number;
  stack?: number;
}

function errorOutcome(thrown: unknown): Outcome {
  if (isCodedError(thrown)) return { kind: 'error', code: thrown.code, ...(thrown.token !== undefined ? { token: String(thrown.token) } : {}) };
  return { kind: 'error', code: 'NOT-JSONATA', message: String((thrown as Error)?.message ?? thrown) };
}

export async function runJsonataJs(expr: string, data: unknown, bindings: Record<string, unknown>, limits?: Limits): Promise<Outcome> {
  try {
    const expression = jsonata(expr, limits && (limits.timeout || limits.stack) ? limits : undefined);
    return { kind: 'value', value: await expression.evaluate(structuredClone(data), structuredClone(bindings)) };
  } catch (thrown) {
    return errorOutcome(thrown);
  }
}

/** The compiled engine as production runs it, minus the rescue of JSONata-coded errors (those are compared raw here). */
export async function runCompiled(expr: string, data: unknown, bindings: Record<string, unknown>, limits?: Limits): Promise<CompiledOutcome> {
  await enginesReady();
  let ast;
  try {
    ast = jsonata(expr).ast();
  } catch (thrown) {
    return { outcome: errorOutcome(thrown), path: 'compiled' };
  }
  const compiled = compileAst(ast as never, limits);
  if (!compiled.ok) return { outcome: await runJsonataJs(expr, data, bindings, limits), path: 'fallback', reason: compiled.reason };
  try {
    return { outcome: { kind: 'value', value: await compiled.program.run(structuredClone(data), structuredClone(bindings)) }, path: 'compiled' };
  } catch (thrown) {
    if (isCodedError(thrown)) return { outcome: errorOutcome(thrown), path: 'compiled' };
    return { outcome: await runJsonataJs(expr, data, bindings, limits), path: 'rescued', reason: String((thrown as Error)?.message ?? thrown) };
  }
}

function isFunctionLike(value: unknown): boolean {
  if (typeof value === 'function') return true;
  return value !== null && typeof value === 'object' && ((value as Record<string, unknown>)._jsonata_lambda === true || (value as Record<string, unknown>)._jsonata_function === true);
}

/** A JSON-like, key-sorted form: array flags, prototypes and the kind of function value are not part of a result. */
export function canonical(value: unknown): unknown {
  if (isFunctionLike(value)) return '<function>';
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const entry = canonical((value as Record<string, unknown>)[key]);
      if (entry !== undefined) result[key] = entry;
    }
    return result;
  }
  if (typeof value === 'number' && Number.isNaN(value)) return '<NaN>';
  return value;
}

export function sameOutcome(left: Outcome, right: Outcome): boolean {
  if (left.kind === 'error' || right.kind === 'error') return left.kind === 'error' && right.kind === 'error' && left.code === right.code;
  return JSON.stringify(canonical(left.value)) === JSON.stringify(canonical(right.value));
}

/** The SDK's expression as nodes use it (compiled when possible; any failure answered by jsonata-js). */
export async function runEngine(expr: string, data: unknown, bindings: Record<string, unknown>): Promise<{ outcome: Outcome; engine: string }> {
  let expression;
  try {
    expression = createEngineExpression(expr);
  } catch (thrown) {
    return { outcome: errorOutcome(thrown), engine: 'jsonata' };
  }
  try {
    return { outcome: { kind: 'value', value: await expression.evaluate(structuredClone(data), structuredClone(bindings)) }, engine: expression.engine };
  } catch (thrown) {
    return { outcome: errorOutcome(thrown), engine: expression.engine };
  }
}

/** Both failed: jsonata-js evaluates constructor members concurrently, so with two faults either may surface first. */
export function bothFailed(left: Outcome, right: Outcome): boolean {
  return left.kind === 'error' && right.kind === 'error';
}
