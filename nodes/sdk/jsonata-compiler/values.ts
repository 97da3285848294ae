// JSONata's value model for the compiled engine: sequences, numeric checks, effective boolean, deep equality, coded errors.

/** An array JSONata built itself; the flags are own properties exactly as jsonata-js sets them. */
export type Sequence = unknown[] & { sequence?: boolean; keepSingleton?: boolean; cons?: boolean; outerWrapper?: boolean; tupleStream?: boolean };

export type Dict = Record<string, unknown>;

/** The plain-object error shape jsonata-js throws (the message is filled in by whoever reports it). */
export interface CodedError {
  code: string;
  position?: number;
  token?: string;
  value?: unknown;
  value2?: unknown;
  index?: number;
  stack?: string;
}

export function codedError(code: string, fields: Omit<CodedError, 'code'> = {}): CodedError {
  return { code, ...fields };
}

/** True for what jsonata-js threw as a located error of its own: a plain object with a string code. */
export function isCodedError(thrown: unknown): thrown is CodedError {
  return thrown !== null && typeof thrown === 'object' && !(thrown instanceof Error) && typeof (thrown as CodedError).code === 'string';
}

export function createSequence(...items: unknown[]): Sequence {
  const sequence = items as Sequence;
  sequence.sequence = true;
  return sequence;
}

export function isSequence(value: unknown): value is Sequence {
  return Array.isArray(value) && (value as Sequence).sequence === true;
}

/** jsonata-js isNumeric: finite numbers are numeric, NaN is not, and an infinite number is error D1001. */
export function isNumeric(value: unknown): value is number {
  if (typeof value !== 'number') return false;
  if (Number.isNaN(value)) return false;
  if (!Number.isFinite(value)) throw codedError('D1001', { value });
  return true;
}

export function isArrayOfNumbers(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  let all = true;
  // Every item is checked (no early exit), as jsonata-js does: an infinite one throws D1001 either way.
  for (const item of value) if (!isNumeric(item)) all = false;
  return all;
}

export function isFunctionValue(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (value === null || typeof value !== 'object') return false;
  const flags = value as { _jsonata_function?: unknown; _jsonata_lambda?: unknown };
  return flags._jsonata_function === true || flags._jsonata_lambda === true;
}

/** JSONata's effective boolean value ($boolean): undefined stays undefined. */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 1) return toBoolean(value[0]);
    if (value.length > 1) return value.filter((item) => toBoolean(item)).length > 0;
    return false;
  }
  if (typeof value === 'string') return value.length > 0;
  if (isNumeric(value)) return value !== 0;
  if (value !== null && typeof value === 'object' && !isFunctionValue(value)) return Object.keys(value).length > 0;
  return value === true;
}

/** The evaluator's epilogue: an empty sequence is nothing, a singleton unwraps unless kept. */
export function normalizeResult(result: unknown, keepArray: boolean): unknown {
  if (!result || !isSequence(result) || result.tupleStream) return result;
  if (keepArray) result.keepSingleton = true;
  if (result.length === 0) return undefined;
  if (result.length === 1) return result.keepSingleton ? result : result[0];
  return result;
}

/** fn.append: undefined is dropped, non-arrays are wrapped, the result is a new array. */
export function append(first: unknown, second: unknown): unknown {
  if (first === undefined) return second;
  if (second === undefined) return first;
  const left = Array.isArray(first) ? first : createSequence(first);
  const right = Array.isArray(second) ? second : [second];
  return left.concat(right);
}

export function flattenDeep(value: unknown, into: unknown[] = []): unknown[] {
  if (Array.isArray(value)) for (const item of value) flattenDeep(item, into);
  else into.push(value);
  return into;
}

export function deepEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left) && Array.isArray(right)) {
    if (left.length !== right.length) return false;
    for (let index = 0; index < left.length; index++) if (!deepEqual(left[index], right[index])) return false;
    return true;
  }
  const leftKeys = Object.getOwnPropertyNames(left).sort();
  const rightKeys = Object.getOwnPropertyNames(right).sort();
  if (leftKeys.length !== rightKeys.length) return false;
  for (let index = 0; index < leftKeys.length; index++) if (leftKeys[index] !== rightKeys[index]) return false;
  return leftKeys.every((key) => deepEqual((left as Dict)[key], (right as Dict)[key]));
}

/** Like jsonata-js isPromise: anything with a then method. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}
