// Shortcuts for the built-ins mappings call most, taken only for argument shapes whose signature check is a no-op.
import type { NativeDefinition } from './natives.js';

/** Returned when the arguments are not the simple shape: the caller validates against the signature as usual. */
export const NOT_FAST = Symbol('not a fast call');

type FastCall = (implementation: NativeDefinition['implementation'], args: unknown[]) => unknown;

const isString = (value: unknown): value is string => typeof value === 'string';
// Any number has the signature symbol n; the implementations themselves handle non-finite values.
const isNumber = (value: unknown): value is number => typeof value === 'number';
const direct = (implementation: NativeDefinition['implementation'], args: unknown[]): unknown => implementation.apply(undefined as never, args);

/** Signature <s-:s> and the like: exactly one string argument passes through unchanged. */
const oneString: FastCall = (implementation, args) => (args.length === 1 && isString(args[0]) ? direct(implementation, args) : NOT_FAST);
const oneNumber: FastCall = (implementation, args) => (args.length === 1 && isNumber(args[0]) ? direct(implementation, args) : NOT_FAST);
const oneDefined: FastCall = (implementation, args) => (args.length === 1 && args[0] !== undefined && typeof args[0] !== 'function' && !isFunctionObject(args[0]) ? direct(implementation, args) : NOT_FAST);

function isFunctionObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && ((value as { _jsonata_function?: unknown })._jsonata_function === true || (value as { _jsonata_lambda?: unknown })._jsonata_lambda === true);
}

const FAST_CALLS: Record<string, FastCall> = {
  uppercase: oneString, lowercase: oneString, trim: oneString, length: oneString,
  floor: oneNumber, ceil: oneNumber, abs: oneNumber,
  string: oneDefined, boolean: oneDefined, not: oneDefined, exists: (implementation, args) => (args.length === 1 ? direct(implementation, args) : NOT_FAST),
  number: (implementation, args) => (args.length === 1 && (isNumber(args[0]) || isString(args[0]) || typeof args[0] === 'boolean') ? direct(implementation, args) : NOT_FAST),
  count: (implementation, args) => (args.length === 1 && Array.isArray(args[0]) ? direct(implementation, args) : NOT_FAST),
  sum: (implementation, args) => (args.length === 1 && Array.isArray(args[0]) && (args[0] as unknown[]).every(isNumber) ? direct(implementation, args) : NOT_FAST),
  round: (implementation, args) => (isNumber(args[0]) && (args.length === 1 || (args.length === 2 && isNumber(args[1]))) ? direct(implementation, args) : NOT_FAST),
  substring: (implementation, args) => (isString(args[0]) && isNumber(args[1]) && (args.length === 2 || (args.length === 3 && isNumber(args[2]))) ? direct(implementation, args) : NOT_FAST),
  join: (implementation, args) => (Array.isArray(args[0]) && (args[0] as unknown[]).every(isString) && (args.length === 1 || (args.length === 2 && isString(args[1]))) ? direct(implementation, args) : NOT_FAST),
};

const fastByDefinition = new Map<NativeDefinition, FastCall>();

export function registerFastCalls(natives: Record<string, NativeDefinition>): void {
  for (const [name, fast] of Object.entries(FAST_CALLS)) if (natives[name]) fastByDefinition.set(natives[name], fast);
}

/** The built-in's result for simple arguments, or NOT_FAST. */
export function fastCall(definition: NativeDefinition, args: unknown[]): unknown {
  const fast = fastByDefinition.get(definition);
  return fast ? fast(definition.implementation, args) : NOT_FAST;
}
