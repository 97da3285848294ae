// Binary and unary operators with jsonata-js's coercion rules and error codes (T2001–T2010, D2014, D1002).
import type { AstNode, Compile, Evaluator } from './ast.js';
import { andThen } from './maybe-async.js';
import { callNative } from './natives.js';
import { codedError, deepEqual, isNumeric, toBoolean, type CodedError } from './values.js';

type BinaryOperation = (left: unknown, right: unknown) => unknown;

function numeric(op: string): BinaryOperation {
  const apply = { '+': (a: number, b: number) => a + b, '-': (a: number, b: number) => a - b, '*': (a: number, b: number) => a * b, '/': (a: number, b: number) => a / b, '%': (a: number, b: number) => a % b }[op]!;
  return (left, right) => {
    if (left !== undefined && !isNumeric(left)) throw codedError('T2001', { value: left });
    if (right !== undefined && !isNumeric(right)) throw codedError('T2002', { value: right });
    if (left === undefined || right === undefined) return undefined;
    return apply(left as number, right as number);
  };
}

function comparison(op: string): BinaryOperation {
  const apply = { '<': (a: never, b: never) => a < b, '<=': (a: never, b: never) => a <= b, '>': (a: never, b: never) => a > b, '>=': (a: never, b: never) => a >= b }[op]!;
  return (left, right) => {
    const leftType = typeof left;
    const rightType = typeof right;
    const leftOk = leftType === 'undefined' || leftType === 'string' || leftType === 'number';
    const rightOk = rightType === 'undefined' || rightType === 'string' || rightType === 'number';
    if (!leftOk || !rightOk) throw codedError('T2010', { value: !(leftType === 'string' || leftType === 'number') ? left : right });
    if (leftType === 'undefined' || rightType === 'undefined') return undefined;
    if (leftType !== rightType) throw codedError('T2009', { value: left, value2: right });
    return apply(left as never, right as never);
  };
}

function concat(left: unknown, right: unknown): string {
  const leftText = left === undefined ? '' : (callNative('string', [left]) as string);
  const rightText = right === undefined ? '' : (callNative('string', [right]) as string);
  return leftText.concat(rightText);
}

function range(left: unknown, right: unknown): unknown {
  if (left !== undefined && !Number.isInteger(left)) throw codedError('T2003', { value: left });
  if (right !== undefined && !Number.isInteger(right)) throw codedError('T2004', { value: right });
  if (left === undefined || right === undefined) return undefined;
  const [from, to] = [left as number, right as number];
  if (from > to) return undefined;
  const size = to - from + 1;
  if (size > 1e7) throw codedError('D2014', { value: size });
  const result = new Array<number>(size);
  for (let item = from, index = 0; item <= to; item++, index++) result[index] = item;
  (result as unknown as { sequence: boolean }).sequence = true;
  return result;
}

function includes(left: unknown, right: unknown): boolean {
  if (left === undefined || right === undefined) return false;
  const candidates = Array.isArray(right) ? right : [right];
  return candidates.some((candidate) => candidate === left);
}

const OPERATIONS: Record<string, BinaryOperation> = {
  '+': numeric('+'), '-': numeric('-'), '*': numeric('*'), '/': numeric('/'), '%': numeric('%'),
  '=': (left, right) => left !== undefined && right !== undefined && deepEqual(left, right),
  '!=': (left, right) => left !== undefined && right !== undefined && !deepEqual(left, right),
  '<': comparison('<'), '<=': comparison('<='), '>': comparison('>'), '>=': comparison('>='),
  '&': concat, '..': range, 'in': includes,
};

export const BINARY_OPERATORS = new Set([...Object.keys(OPERATIONS), 'and', 'or']);

/** Adds the operator's location, as jsonata-js does for every error raised while applying an operator. */
function locate(thrown: unknown, node: AstNode): never {
  if (thrown !== null && typeof thrown === 'object' && !(thrown instanceof Error)) {
    (thrown as CodedError).position = node.position;
    (thrown as CodedError).token = node.value as string;
  }
  throw thrown;
}

function boolize(value: unknown): boolean {
  return toBoolean(value) ?? false;
}

export function compileBinary(node: AstNode, compile: Compile): Evaluator {
  const op = node.value as string;
  const left = compile(node.lhs as AstNode);
  const right = compile(node.rhs!);
  if (op === 'and' || op === 'or') {
    const decided = op === 'or';
    // jsonata-js locates any failure on the right-hand side (not only the coercion) at the operator.
    return (input, frame) => andThen(left(input, frame), (lhs) => {
      try {
        if (boolize(lhs) === decided) return decided;
        const rhs = right(input, frame);
        if (rhs instanceof Promise) return rhs.then(boolize).catch((thrown: unknown) => locate(thrown, node));
        return boolize(rhs);
      } catch (thrown) {
        return locate(thrown, node);
      }
    });
  }
  const operation = OPERATIONS[op]!;
  return (input, frame) => andThen(left(input, frame), (lhs) => andThen(right(input, frame), (rhs) => {
    try { return operation(lhs, rhs); } catch (thrown) { return locate(thrown, node); }
  }));
}

export function compileNegation(node: AstNode, compile: Compile): Evaluator {
  const operand = compile(node.expression!);
  return (input, frame) => andThen(operand(input, frame), (value) => {
    if (value === undefined) return undefined;
    if (isNumeric(value)) return -value;
    throw codedError('D1002', { position: node.position, token: node.value as string, value });
  });
}

