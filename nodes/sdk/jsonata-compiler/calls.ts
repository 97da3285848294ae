// Function values and calls: compiled lambdas, applying built-ins/lambdas/bound functions, `~>`, with jsonata-js's error locations.
import type { AstNode, Compile, Evaluator } from './ast.js';
import type { EvaluationContext, Frame } from './frame.js';
import { allInOrder, settle, andThen, type Maybe } from './maybe-async.js';
import { fastCall, NOT_FAST } from './fast-natives.js';
import { functionArity, isNativeDefinition, type Callable } from './natives.js';
import { codedError, isFunctionValue, type CodedError } from './values.js';

const LAMBDA = Symbol('compiled JSONata lambda');

/** A lambda made by the compiled engine: callable as a plain function (what built-ins expect) with its arity. */
export interface CompiledLambda extends Callable {
  arity: number;
  invoke(args: unknown[], context: unknown): Maybe;
  [LAMBDA]: true;
}

export function isCompiledLambda(value: unknown): value is CompiledLambda {
  return typeof value === 'function' && (value as Partial<CompiledLambda>)[LAMBDA] === true;
}

export function compileLambda(node: AstNode, compile: Compile): Evaluator {
  const body = compile(node.body!);
  const params = (node.arguments ?? []).map((param) => param.value as string);
  const signature = node.signature;
  return (input, frame) => {
    const invoke = (args: unknown[], context: unknown): Maybe => {
      const validated = signature ? signature.validate(args, context) : args;
      const scope = frame.child();
      scope.tailDepth = scope.context.depth;
      for (let index = 0; index < params.length; index++) scope.bind(params[index]!, validated[index]);
      return body(input, scope);
    };
    const lambda = ((...args: unknown[]) => invoke(args, null)) as CompiledLambda;
    lambda.arity = params.length;
    lambda.invoke = invoke;
    lambda[LAMBDA] = true;
    return lambda;
  };
}

/** Like jsonata-js's applyInner: validate against the signature, then call in the right way for the kind of function. */
export function applyFunction(proc: unknown, args: unknown[], input: unknown, context: EvaluationContext): Maybe {
  if (isCompiledLambda(proc)) return proc.invoke(args, input);
  if (isNativeDefinition(proc)) {
    const fast = fastCall(proc, args);
    if (fast !== NOT_FAST) return fast;
    const validated = proc.signature ? proc.signature.validate(args, input) : args;
    return settle(proc.implementation.apply(context.focus, validated));
  }
  if (typeof proc === 'function') {
    const signature = (proc as { signature?: { validate(a: unknown[], c: unknown): unknown[] } }).signature;
    const validated = signature && typeof signature.validate === 'function' ? signature.validate(args, input) : args;
    return settle((proc as Callable).apply(input, validated));
  }
  if (proc !== null && typeof proc === 'object' && (proc as { _jsonata_lambda?: unknown })._jsonata_lambda === true) {
    throw new Error('a jsonata-js lambda value cannot be applied by the compiled engine');
  }
  throw codedError('T1006');
}

/** Built-in definitions are wrapped as plain functions when passed as arguments, as jsonata-js wraps them. */
function asArgument(value: unknown, context: EvaluationContext): unknown {
  if (!isNativeDefinition(value)) return value;
  const closure = ((...params: unknown[]) => applyFunction(value, params, null, context)) as Callable;
  closure.arity = functionArity(value.implementation as Callable);
  return closure;
}

/** jsonata-js overwrites the position (and fills a missing token) for failures inside built-ins and lambdas. */
function locateCallError(thrown: unknown, proc: unknown, node: AstNode, name: unknown): never {
  if (thrown !== null && typeof thrown === 'object' && !(thrown instanceof Error)) {
    const error = thrown as CodedError;
    if (isNativeDefinition(proc) || isCompiledLambda(proc)) {
      if (error.token === undefined) error.token = name as string;
      error.position = node.position;
    } else {
      if (!error.position) error.position = node.position;
      if (!error.token) error.token = name as string;
    }
  }
  throw thrown;
}

function procedureName(node: AstNode): unknown {
  const procedure = node.procedure!;
  return procedure.type === 'path' ? procedure.steps![0]!.value : procedure.value;
}

export type CallEvaluator = (input: unknown, frame: Frame, applyTo?: { value: unknown }) => unknown;

/** A call `$f(args)`; applyTo carries the left side of `~>` as the first argument. */
export function compileCall(node: AstNode, compile: Compile): CallEvaluator {
  const procedure = compile(node.procedure!);
  const args = (node.arguments ?? []).map(compile);
  const name = procedureName(node);
  const forgotDollar = node.procedure!.type === 'path' ? (node.procedure!.steps![0]!.value as string) : undefined;
  const invoke = (proc: unknown, callArgs: unknown[], input: unknown, frame: Frame): unknown => {
    try {
      const result = applyFunction(proc, callArgs, input, frame.context);
      if (result instanceof Promise) return result.catch((thrown: unknown) => locateCallError(thrown, proc, node, name));
      return result;
    } catch (thrown) {
      return locateCallError(thrown, proc, node, name);
    }
  };
  const withProcedure = (proc: unknown, input: unknown, frame: Frame, applyTo: { value: unknown } | undefined): unknown => {
    if (proc === undefined && forgotDollar !== undefined && frame.lookup(forgotDollar)) {
      throw codedError('T1005', { position: node.position, token: forgotDollar });
    }
    const callArgs: unknown[] = applyTo ? [applyTo.value] : [];
    for (let index = 0; index < args.length; index++) {
      const value = args[index]!(input, frame);
      if (value instanceof Promise) {
        // Something asynchronous: finish the remaining arguments in order, then call.
        const rest = allInOrder(args.length - index, (offset) => (offset === 0 ? value : args[index + offset]!(input, frame)));
        return andThen(rest, (values) => {
          for (const resolved of values) callArgs.push(asArgument(resolved, frame.context));
          return invoke(proc, callArgs, input, frame);
        });
      }
      callArgs.push(asArgument(value, frame.context));
    }
    return invoke(proc, callArgs, input, frame);
  };
  return (input, frame, applyTo) => {
    const proc = procedure(input, frame);
    if (proc instanceof Promise) return proc.then((resolved) => withProcedure(resolved, input, frame, applyTo));
    return withProcedure(proc, input, frame, applyTo);
  };
}

/** `lhs ~> rhs`: a call with lhs as first argument, an application of a function value, or composition of two functions. */
export function compileApply(node: AstNode, compile: Compile): Evaluator {
  const left = compile(node.lhs as AstNode);
  const rhsNode = node.rhs!;
  if (rhsNode.type === 'function') {
    const call = compileCall(rhsNode, compile);
    return (input, frame) => andThen(left(input, frame), (value) => call(input, frame, { value }));
  }
  const right = compile(rhsNode);
  return (input, frame) => andThen(left(input, frame), (lhs) => andThen(right(input, frame), (func) => {
    if (!isFunctionValue(func)) throw codedError('T2006', { position: node.position, value: func });
    if (isFunctionValue(lhs)) return compose(lhs, func, frame.context);
    return applyFunction(func, [lhs], null, frame.context);
  }));
}

function compose(first: unknown, second: unknown, context: EvaluationContext): CompiledLambda {
  const invoke = (args: unknown[]): Maybe => andThen(applyFunction(first, [args[0]], null, context), (value) => applyFunction(second, [value], null, context));
  const lambda = ((...args: unknown[]) => invoke(args)) as CompiledLambda;
  lambda.arity = 1;
  lambda.invoke = invoke;
  lambda[LAMBDA] = true;
  return lambda;
}
