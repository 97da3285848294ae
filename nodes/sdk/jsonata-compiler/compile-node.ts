// The dispatcher: turns each AST node into a closure, then adds predicates, grouping and the sequence epilogue.
import type { AstNode, Compile, Evaluator } from './ast.js';
import { compileApply, compileCall, compileLambda } from './calls.js';
import { compileArray, compileGroup } from './constructors.js';
import { andThen } from './maybe-async.js';
import { compileBinary, compileNegation } from './operators.js';
import { applyFilters, compileFilter, compilePath, descendants, lookup, wildcard } from './path.js';
import type { EvaluationContext, Frame } from './frame.js';
import { codedError, toBoolean, normalizeResult, type Sequence } from './values.js';

function compileBlock(node: AstNode, compile: Compile): Evaluator {
  const expressions = (node.expressions ?? []).map(compile);
  // A block only needs its own scope when something in it binds a variable.
  const scoped = JSON.stringify(node.expressions ?? [], (key, value: unknown) => (key === 'signature' ? undefined : value)).includes('"type":"bind"');
  return (input, outer) => {
    const frame = scoped ? outer.child() : outer;
    let result: unknown;
    for (let index = 0; index < expressions.length; index++) {
      result = expressions[index]!(input, frame);
      if (result instanceof Promise) {
        const rest = expressions.slice(index + 1);
        return rest.reduce<Promise<unknown>>((previous, evaluate) => previous.then(() => evaluate(input, frame)), result);
      }
    }
    return result;
  };
}

function compileCondition(node: AstNode, compile: Compile): Evaluator {
  const condition = compile(node.condition!);
  const whenTrue = compile(node.then!);
  const whenFalse = node.else ? compile(node.else) : undefined;
  const choose = (value: unknown, input: unknown, frame: Frame): unknown => {
    if (toBoolean(value)) return whenTrue(input, frame);
    return whenFalse ? whenFalse(input, frame) : undefined;
  };
  return (input, frame) => {
    const value = condition(input, frame);
    if (value instanceof Promise) return value.then((resolved) => choose(resolved, input, frame));
    return choose(value, input, frame);
  };
}

function compileBind(node: AstNode, compile: Compile): Evaluator {
  const name = (node.lhs as AstNode).value as string;
  const value = compile(node.rhs!);
  return (input, frame) => andThen(value(input, frame), (resolved) => {
    frame.bind(name, resolved);
    return resolved;
  });
}

function compileVariable(node: AstNode): Evaluator {
  const name = node.value as string;
  if (name === '') return (input) => (input && (input as Sequence).outerWrapper ? (input as unknown[])[0] : input);
  return (_input, frame) => frame.lookup(name);
}

function compileUnary(node: AstNode, compile: Compile): Evaluator {
  if (node.value === '-') return compileNegation(node, compile);
  if (node.value === '[') return compileArray(node, compile);
  const group = compileGroup({ lhs: node.lhs as [AstNode, AstNode][], position: node.position }, compile);
  return group;
}

function compileBody(node: AstNode, compile: Compile): Evaluator {
  switch (node.type) {
    case 'path': return compilePath(node, compile, node.group ? compileGroup(node.group, compile) : undefined);
    case 'binary': return compileBinary(node, compile);
    case 'unary': return compileUnary(node, compile);
    case 'name': { const key = node.value as string; return (input) => lookup(input, key); }
    case 'string': case 'number': case 'value': { const value = node.value; return () => value; }
    case 'wildcard': return wildcard;
    case 'descendant': return descendants;
    case 'condition': return compileCondition(node, compile);
    case 'block': return compileBlock(node, compile);
    case 'bind': return compileBind(node, compile);
    case 'function': { const call = compileCall(node, compile); return (input, frame) => call(input, frame); }
    case 'variable': return compileVariable(node);
    case 'lambda': return compileLambda(node, compile);
    case 'apply': return compileApply(node, compile);
    default: throw new Error(`the compiler has no rule for ${node.type}`);
  }
}

const LITERALS = new Set(['string', 'number', 'value', 'lambda']);

/**
 * Whether the epilogue can change this node's value. Literals, constructors and operators never produce a sequence
 * (range `..` does); conditions, blocks and bindings pass on values their children already normalised.
 */
function mayYieldSequence(node: AstNode): boolean {
  if (node.predicate?.length || node.group || node.keepArray) return true;
  if (LITERALS.has(node.type)) return false;
  if (node.type === 'unary') return false;
  if (node.type === 'binary') return node.value === '..';
  return !['condition', 'block', 'bind'].includes(node.type);
}

/** Compiles one node exactly as jsonata-js's evaluate() treats it: body, then predicates, then group, then the epilogue. */
export const compileNode: Compile = (node) => compileWith(node, compileNode);

/** The same, with jsonata-js's guardrails (depth and time limits, D1011/D1012) around every node: for untrusted previews. */
export const compileGuardedNode: Compile = (node) => {
  if (node.type === 'lambda' && node.thunk) return tailCall(compileGuardedNode(node.body!));
  return guard(compileWith(node, compileGuardedNode));
};

/** jsonata-js runs a tail call from its trampoline, so the depth limit does not grow with tail recursion; nor does it here. */
function tailCall(evaluate: Evaluator): Evaluator {
  return (input, frame) => {
    const context = frame.context;
    const resumeAt = frame.callDepth();
    if (resumeAt === undefined) return evaluate(input, frame);
    const saved = context.depth;
    // One below: the tail call's own guard brings it back to the depth its caller was called at, so the depth stays constant.
    context.depth = resumeAt - 1;
    const restore = (): void => { context.depth = saved; };
    let result: unknown;
    try {
      result = evaluate(input, frame);
    } catch (thrown) {
      restore();
      throw thrown;
    }
    if (result instanceof Promise) return result.finally(restore);
    restore();
    return result;
  };
}

function compileWith(node: AstNode, compileNode: Compile): Evaluator {
  // The parser wraps tail calls in a thunk lambda for jsonata-js's trampoline; evaluating the call in place gives the
  // same value (without tail-call optimisation: very deep recursion overflows and is re-run on jsonata-js).
  if (node.type === 'lambda' && node.thunk) return compileNode(node.body!);
  let evaluate = compileBody(node, compileNode);
  if (node.predicate?.length) {
    const filters = node.predicate.map((stage) => compileFilter(stage.expr, compileNode));
    const body = evaluate;
    evaluate = (input, frame) => andThen(body(input, frame), (value) => applyFilters(filters, value, frame));
  }
  if (node.type !== 'path' && node.group) {
    const group = compileGroup(node.group, compileNode);
    const body = evaluate;
    evaluate = (input, frame) => andThen(body(input, frame), (value) => group(value, frame));
  }
  if (!mayYieldSequence(node)) return evaluate;
  const keepArray = node.keepArray === true;
  const body = evaluate;
  return (input, frame) => {
    const result = body(input, frame);
    if (result === null || typeof result !== 'object') return result;
    if (result instanceof Promise) return result.then((value) => normalizeResult(value, keepArray));
    return normalizeResult(result, keepArray);
  };
};

function checkLimits(context: EvaluationContext): void {
  const limits = context.limits!;
  if (limits.stack && limits.stack > 0 && context.depth > limits.stack) throw codedError('D1011', { value: limits.stack });
  if (limits.timeout && limits.timeout > 0 && Date.now() - context.started > limits.timeout) throw codedError('D1012', { value: limits.timeout });
}

function guard(evaluate: Evaluator): Evaluator {
  return (input, frame) => {
    const context = frame.context;
    context.depth++;
    if (context.limits) checkLimits(context);
    let result: unknown;
    try {
      result = evaluate(input, frame);
    } catch (thrown) {
      context.depth--;
      throw thrown;
    }
    if (result instanceof Promise) return result.finally(() => { context.depth--; });
    context.depth--;
    return result;
  };
}
