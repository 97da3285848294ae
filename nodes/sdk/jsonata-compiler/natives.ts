// Built-in functions for the compiled engine: jsonata-js's own implementations and signatures, plus sync-capable $map/$filter/$reduce.
import jsonata from 'jsonata';
import type { AstSignature } from './ast.js';
import type { NativeFocus } from './frame.js';
import { registerFastCalls } from './fast-natives.js';
import { eachInOrder, andThen, type Maybe } from './maybe-async.js';
import { codedError, createSequence, toBoolean, type Dict } from './values.js';

/** jsonata-js's function definition object (what `$string` evaluates to). */
export interface NativeDefinition {
  _jsonata_function: true;
  implementation: (this: NativeFocus, ...args: unknown[]) => unknown;
  signature?: AstSignature;
}

/** Built-ins the compiled engine can call; $eval needs jsonata-js's evaluator, so an expression using it falls back. */
export const NATIVE_NAMES = [
  'sum', 'count', 'max', 'min', 'average', 'string', 'substring', 'substringBefore', 'substringAfter', 'lowercase', 'uppercase',
  'length', 'trim', 'pad', 'match', 'contains', 'replace', 'split', 'join', 'formatNumber', 'formatBase', 'formatInteger',
  'parseInteger', 'number', 'floor', 'ceil', 'round', 'abs', 'sqrt', 'power', 'random', 'boolean', 'not', 'map', 'zip', 'filter',
  'single', 'reduce', 'sift', 'keys', 'lookup', 'append', 'exists', 'spread', 'merge', 'reverse', 'each', 'error', 'assert', 'type',
  'sort', 'shuffle', 'distinct', 'base64encode', 'base64decode', 'encodeUrlComponent', 'encodeUrl', 'decodeUrlComponent', 'decodeUrl',
  'toMillis', 'fromMillis', 'clone',
] as const;

/** Names the compiled engine resolves itself, per evaluation (jsonata-js binds them per expression). */
export const ENGINE_NAMES = ['now', 'millis'] as const;

const natives: Record<string, NativeDefinition> = Object.create(null) as Record<string, NativeDefinition>;
let loaded = false;

/** A callable JSONata function value: our compiled lambdas and jsonata-js's wrapped closures carry their arity. */
export type Callable = ((...args: unknown[]) => unknown) & { arity?: number; implementation?: unknown };

export function functionArity(func: Callable): number {
  if (typeof func.arity === 'number') return func.arity;
  if (typeof func.implementation === 'function') return (func.implementation as Callable).length;
  return func.length;
}

function hofArgs(func: Callable, value: unknown, index: number, array: unknown[]): unknown[] {
  const arity = functionArity(func);
  if (arity >= 3) return [value, index, array];
  if (arity >= 2) return [value, index];
  return [value];
}

function map(this: NativeFocus, array: unknown[] | undefined, func: Callable): Maybe {
  if (array === undefined) return undefined;
  const result = createSequence();
  const done = eachInOrder(array, (item, index) => func.apply(this, hofArgs(func, item, index, array)), (value) => { if (value !== undefined) result.push(value); });
  return andThen(done, () => result);
}

function filter(this: NativeFocus, array: unknown[] | undefined, func: Callable): Maybe {
  if (array === undefined) return undefined;
  const result = createSequence();
  const done = eachInOrder(array, (item, index) => func.apply(this, hofArgs(func, item, index, array)), (value, index) => { if (toBoolean(value)) result.push(array[index]); });
  return andThen(done, () => result);
}

function reduce(this: NativeFocus, sequence: unknown[] | undefined, func: Callable, init?: unknown): Maybe {
  if (sequence === undefined) return undefined;
  const arity = functionArity(func);
  if (arity < 2) throw codedError('D3050', { index: 1 });
  const start = init === undefined && sequence.length > 0 ? 1 : 0;
  let result = start === 1 ? sequence[0] : init;
  const step = (item: unknown, index: number): unknown => {
    const args = [result, item];
    if (arity >= 3) args.push(index);
    if (arity >= 4) args.push(sequence);
    return func.apply(this, args);
  };
  const done = eachInOrder(sequence, step, (value) => { result = value; }, start);
  return andThen(done, () => result);
}

function defineFunction(implementation: NativeDefinition['implementation'], like: NativeDefinition): NativeDefinition {
  return { _jsonata_function: true, implementation, signature: like.signature };
}

/** $now and $millis read the evaluation's timestamp (one per evaluate call, as in jsonata-js). */
function engineFunctions(signatures: { now: AstSignature; millis: AstSignature }): Dict {
  const fromMillis = natives.fromMillis!.implementation;
  return {
    now: { _jsonata_function: true, signature: signatures.now, implementation(this: NativeFocus, picture?: unknown, timezone?: unknown) { return fromMillis.call(this, this.environment.timestamp.getTime(), picture, timezone); } },
    millis: { _jsonata_function: true, signature: signatures.millis, implementation(this: NativeFocus) { return this.environment.timestamp.getTime(); } },
  };
}

const globals: Dict = Object.create(null) as Dict;

/** The definitions come from evaluating jsonata-js itself, so each built-in behaves (and validates) exactly as there. */
async function load(): Promise<void> {
  const table = await jsonata(`{ ${NATIVE_NAMES.map((name) => `"${name}": $${name}`).join(', ')} }`).evaluate(undefined) as Record<string, NativeDefinition>;
  for (const name of NATIVE_NAMES) natives[name] = table[name]!;
  natives.map = defineFunction(map as NativeDefinition['implementation'], table.map!);
  natives.filter = defineFunction(filter as NativeDefinition['implementation'], table.filter!);
  natives.reduce = defineFunction(reduce as NativeDefinition['implementation'], table.reduce!);
  const signatureOf = (source: string): AstSignature => (jsonata(source).ast() as unknown as { signature: AstSignature }).signature;
  registerFastCalls(natives);
  Object.assign(globals, natives, engineFunctions({ now: signatureOf('function($p, $t)<s?s?:s>{0}'), millis: signatureOf('function()<:n>{0}') }));
  loaded = true;
}

export const nativesReady: Promise<void> = load();

export function nativesLoaded(): boolean {
  return loaded;
}

/** The shared table of built-ins (filled once nativesReady settles). */
export function nativeGlobals(): Dict {
  return globals;
}

const DEFAULT_FOCUS: NativeFocus = { environment: { timestamp: new Date(0), lookup: () => undefined }, input: undefined, options: undefined, createSequence };

/** Calls a built-in's implementation directly (no signature check), for the operators that reuse one (e.g. & uses $string). */
export function callNative(name: string, args: unknown[]): unknown {
  return natives[name]!.implementation.apply(DEFAULT_FOCUS, args);
}

/** $fromMillis without a round trip through jsonata-js once the built-ins are loaded (undefined before that). */
export function fromMillisNow(ms: number, picture: unknown, timezone: unknown): string | undefined {
  if (!loaded) return undefined;
  return callNative('fromMillis', [ms, picture, timezone]) as string;
}

export function isNativeDefinition(value: unknown): value is NativeDefinition {
  return value !== null && typeof value === 'object' && (value as NativeDefinition)._jsonata_function === true;
}
