// Picks the engine for one expression: the compiled closure tree when the expression is in its subset, else jsonata-js.
import jsonata from 'jsonata';
import { compileAst, enginesReady, type CompiledProgram, type EvaluationLimits } from './jsonata-compiler/index.js';

export type JsonataEngine = 'compiled' | 'jsonata';

/** Which engine evaluates an expression and, when it is jsonata-js, why. */
export interface JsonataEngineInfo {
  engine: JsonataEngine;
  fallbackReason?: string;
}

/** jsonata's Expression (same evaluate/assign/ast contract, so every caller is unchanged) plus the engine facts. */
export type EngineExpression = jsonata.Expression & {
  readonly engine: JsonataEngine;
  readonly fallbackReason?: string;
  /** Evaluations the compiled tree could not finish and jsonata-js answered instead (errors, very deep recursion). */
  readonly rescued: number;
};

/** TRADELANE_JSONATA_ENGINE=jsonata turns the compiler off (an escape hatch; results are the same either way). */
function compilerDisabled(): boolean {
  return process.env.TRADELANE_JSONATA_ENGINE === 'jsonata';
}

function onJsonata(reference: jsonata.Expression, reason: string): EngineExpression {
  return Object.assign(reference, { engine: 'jsonata' as const, fallbackReason: reason, rescued: 0 });
}

/**
 * Parses with jsonata-js (so syntax errors, codes and positions are its own) and compiles the AST when it can.
 * A compiled evaluation that throws anything is re-run on jsonata-js, whose answer (value, or error with its exact
 * code, message and position) is the one returned: a failure costs a second evaluation, and can never differ.
 */
export function createEngineExpression(source: string, limits?: EvaluationLimits): EngineExpression {
  const guarded = limits && (limits.timeout || limits.stack) ? limits : undefined;
  const reference = jsonata(source, guarded);
  if (compilerDisabled()) return onJsonata(reference, 'the compiler is disabled (TRADELANE_JSONATA_ENGINE=jsonata)');
  const outcome = compileAst(reference.ast() as never, guarded);
  if (!outcome.ok) return onJsonata(reference, outcome.reason);
  return compiledExpression(reference, outcome.program);
}

type Callback = (error: unknown, result: unknown) => void;

function evaluateReference(reference: jsonata.Expression, input: unknown, bindings: Record<string, unknown> | undefined, callback: Callback | undefined): Promise<unknown> {
  return callback ? (reference.evaluate(input, bindings, callback) as unknown as Promise<unknown>) : reference.evaluate(input, bindings);
}

function compiledExpression(reference: jsonata.Expression, program: CompiledProgram): EngineExpression {
  let active: CompiledProgram | undefined = program;
  let fallbackReason: string | undefined;
  let rescued = 0;
  const expression = {
    get engine(): JsonataEngine { return active ? 'compiled' : 'jsonata'; },
    get fallbackReason(): string | undefined { return fallbackReason; },
    get rescued(): number { return rescued; },
    async evaluate(input: unknown, bindings?: Record<string, unknown>, callback?: Callback): Promise<unknown> {
      if (!active) return evaluateReference(reference, input, bindings, callback);
      const ready = enginesReady();
      if (ready) await ready;
      let result: unknown;
      try {
        result = active.run(input, bindings);
        if (result instanceof Promise) result = await result;
      } catch {
        rescued++;
        return evaluateReference(reference, input, bindings, callback);
      }
      callback?.(null, result);
      return result;
    },
    assign(name: string, value: unknown): void {
      reference.assign(name, value);
      if (active) active.assigned[name] = value;
    },
    registerFunction(name: string, implementation: (...args: unknown[]) => unknown, signature?: string): void {
      reference.registerFunction(name, implementation as never, signature);
      // The signature parser is internal to jsonata-js, so an expression with registered functions runs there.
      active = undefined;
      fallbackReason = 'registerFunction() was used on the expression';
    },
    ast: () => reference.ast(),
  };
  return expression as unknown as EngineExpression;
}

/** The engine facts of an expression compiled through the SDK (jsonata-js for anything else). */
export function engineOf(expression: unknown): JsonataEngineInfo {
  const candidate = expression as Partial<EngineExpression> | null;
  if (candidate?.engine === 'compiled') return { engine: 'compiled' };
  return { engine: 'jsonata', fallbackReason: candidate?.fallbackReason ?? 'not compiled through the SDK' };
}
