// The compiled engine's entry: compile an AST (or say why not) and evaluate it the way jsonata-js's evaluate() sets up a run.
import type { AstNode, Evaluator } from './ast.js';
import { compileGuardedNode, compileNode } from './compile-node.js';
import { EvaluationContext, Frame, type EvaluationLimits } from './frame.js';
import { nativeGlobals, nativesLoaded, nativesReady } from './natives.js';
import { unsupportedReason } from './support.js';
import { createSequence, isSequence, type Dict, type Sequence } from './values.js';

export type CompileOutcome = { ok: true; program: CompiledProgram } | { ok: false; reason: string };

export interface CompiledProgram {
  /** Runs the closure tree; returns a Promise only when a bound function was asynchronous. Throws what the tree throws. */
  run(input: unknown, bindings?: Record<string, unknown>): unknown;
  /** Values set through jsonata's assign() on the expression. */
  readonly assigned: Dict;
}

function globalsFor(assigned: Dict): Dict {
  return Object.keys(assigned).length ? Object.assign(Object.create(nativeGlobals()) as Dict, assigned) : nativeGlobals();
}

function runProgram(root: Evaluator, assigned: Dict, limits: EvaluationLimits | undefined, input: unknown, bindings: Record<string, unknown> | undefined): unknown {
  const top = new Frame(undefined, new EvaluationContext(globalsFor(assigned), bindings, limits));
  top.bind('$', input);
  let context = input;
  // As in jsonata-js: a JSON array input is wrapped so it is treated as one input.
  if (Array.isArray(input) && !isSequence(input)) {
    context = createSequence(input);
    (context as Sequence).outerWrapper = true;
  }
  return root(context, top);
}

/**
 * Compiles a parsed expression into a closure tree, or reports the first construct outside the compiled subset.
 * With limits (jsonata's timeout/stack options) every node is guarded as in jsonata-js; without, nothing is checked.
 */
export function compileAst(ast: AstNode, limits?: EvaluationLimits): CompileOutcome {
  const guarded = limits && (limits.timeout || limits.stack) ? limits : undefined;
  const reason = unsupportedReason(ast);
  if (reason) return { ok: false, reason };
  let root: Evaluator;
  try {
    root = guarded ? compileGuardedNode(ast) : compileNode(ast);
  } catch (error) {
    return { ok: false, reason: `compiler error: ${(error as Error).message}` };
  }
  const assigned = Object.create(null) as Dict;
  return { ok: true, program: { assigned, run: (input, bindings) => runProgram(root, assigned, guarded, input, bindings) } };
}

/** The built-in table loads once per process (asynchronously, from jsonata-js); evaluate paths await this first. */
export function enginesReady(): Promise<void> | undefined {
  return nativesLoaded() ? undefined : nativesReady;
}
