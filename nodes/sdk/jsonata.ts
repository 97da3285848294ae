// Shared JSONata plumbing for every node: compile once with located errors, the $partner/$xref/$now bindings, truthiness.
import jsonata from 'jsonata';
import type { Clock, XrefTables } from './context.js';
import { NodeError } from './errors.js';
import { fromMillisNow } from './jsonata-compiler/index.js';
import { createEngineExpression, engineOf, type JsonataEngineInfo } from './jsonata-engine.js';

export type JsonataExpression = jsonata.Expression;

/** Where and why an expression failed; position is JSONata's character offset, line/column are 1-based. */
export interface JsonataErrorInfo {
  message: string;
  code?: string;
  position?: number;
  token?: string;
  line?: number;
  column?: number;
}

interface JsonataThrown {
  code?: unknown;
  message?: unknown;
  position?: unknown;
  token?: unknown;
}

/**
 * Turns what JSONata throws (a plain object with code, position and token) into a located description.
 * JSONata's position is the offset just past the offending token, so the token's start is position - token.length.
 */
export function describeJsonataError(thrown: unknown, expression?: string): JsonataErrorInfo {
  if (thrown === null || typeof thrown !== 'object') return { message: String(thrown) };
  const candidate = thrown as JsonataThrown;
  const info: JsonataErrorInfo = { message: typeof candidate.message === 'string' ? candidate.message : String(thrown) };
  if (typeof candidate.code === 'string') info.code = candidate.code;
  if (typeof candidate.token === 'string') info.token = candidate.token;
  if (typeof candidate.position === 'number') {
    info.position = candidate.position;
    if (expression !== undefined) Object.assign(info, lineAndColumn(expression, tokenStart(candidate.position, info.token, expression.length)));
  }
  return info;
}

function tokenStart(position: number, token: string | undefined, length: number): number {
  const start = token && token !== '(end)' ? position - token.length : position;
  return Math.min(Math.max(start, 0), length);
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

/** Wraps a JSONata failure into a NodeError (never a plain object, which Node-RED prints as [object Object]). */
export function jsonataNodeError(thrown: unknown, expression: string, context?: string): NodeError {
  if (thrown instanceof NodeError) return thrown;
  const info = describeJsonataError(thrown, expression);
  const where = info.line !== undefined ? ` (line ${info.line}, column ${info.column})` : '';
  const message = `${context ? `${context}: ` : ''}${info.message}${where}`;
  return new NodeError('JSONATA_ERROR', message, { details: info, cause: thrown });
}

export interface CompileOptions {
  /** Names the expression in error messages, e.g. "rule 2". */
  context?: string;
  /** Evaluation limits for untrusted previews (milliseconds, call depth). */
  timeoutMs?: number;
  maxDepth?: number;
}

/**
 * Compiles an expression once; a syntax error becomes NodeError JSONATA_ERROR with position, token, line and column.
 * Expressions in the compiler's subset run as a closure tree, the rest on jsonata-js (engineOf() tells which and why).
 */
export function compileJsonata(expression: string, options: CompileOptions = {}): JsonataExpression {
  try {
    const limits = options.timeoutMs || options.maxDepth ? { timeout: options.timeoutMs, stack: options.maxDepth } : undefined;
    return createEngineExpression(expression, limits);
  } catch (thrown) {
    throw jsonataNodeError(thrown, expression, options.context);
  }
}

/** Evaluates and wraps any failure (JSONata's plain-object errors, or our bindings' errors) into a located NodeError. */
export async function evaluateJsonata(compiled: JsonataExpression, expression: string, input: unknown, bindings: Record<string, unknown>, context?: string): Promise<unknown> {
  try {
    return await compiled.evaluate(input, bindings);
  } catch (thrown) {
    throw jsonataNodeError(thrown, expression, context);
  }
}

export interface BindingSources {
  partnerId?: string;
  xref?: XrefTables;
  clock?: Clock;
  /** Further variables, e.g. $msg for rules evaluated against a document. */
  extra?: Record<string, unknown>;
}

const formatMillis = jsonata('$fromMillis($ms, $picture, $timezone)');

/**
 * The variables every Tradelane expression sees: $partner, $xref(table, key) (async; the row or undefined) and
 * $now([picture[, timezone]]), which reads the runtime clock so tests and replays see a controlled time.
 */
export function createJsonataBindings(sources: BindingSources): Record<string, unknown> {
  const clock = sources.clock ?? { now: () => Date.now() };
  return {
    partner: sources.partnerId,
    xref: async (table: unknown, key: unknown): Promise<Record<string, string> | undefined> => {
      if (!sources.xref) throw new Error('$xref is not available here: no cross-reference tables are configured');
      if (typeof table !== 'string' || !table) throw new Error('$xref(table, key) needs a table name as its first argument');
      if (key === undefined || key === null || key === '') return undefined;
      return sources.xref.lookup(table, String(key));
    },
    // Synchronous when it can be, so a compiled mapping that calls $now() stays off the microtask queue.
    now: (picture?: unknown, timezone?: unknown): string | Promise<string> => {
      const ms = clock.now();
      if (picture === undefined && timezone === undefined) return new Date(ms).toISOString();
      return fromMillisNow(ms, picture, timezone) ?? (formatMillis.evaluate({}, { ms, picture, timezone }) as Promise<string>);
    },
    ...sources.extra,
  };
}

/** JSONata's $boolean() semantics, so a rule "lines" passes when there are lines, like it would inside JSONata. */
export function jsonataBoolean(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'function') return false;
  if (Array.isArray(value)) return value.some(jsonataBoolean);
  return Object.keys(value).length > 0;
}

const SEQUENCE_MARKERS = ['sequence', 'keepSingleton', 'tupleStream', 'outerWrapper'] as const;

/** Objects one strip visits before it switches to remembering every visited object (see stripSequenceMarkers). */
const VISITS_BEFORE_TRACKING = 10_000;

/**
 * JSONata tags the arrays it builds with extra own properties (sequence, keepSingleton); they would leak into
 * deep equality, clones and stored documents. Strips them in place, walking only arrays and plain objects.
 *
 * A result can hold references to the input (an expression returning `$` or `payload`), and input data can be a
 * graph, even a cyclic one. The walk skips an object that is its own ancestor, which ends every cycle at no cost for
 * tree-shaped results (no per-call WeakSet). Shared sub-objects are walked once per reference, so a pathological graph
 * (many shared references) could multiply the work; past a visit budget the walk starts over with a visited set.
 */
export function stripSequenceMarkers<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const walk: MarkerWalk = { ancestors: [], visits: 0 };
  if (!stripWithinBudget(value, walk)) stripOnce(value, new Set());
  return value;
}

interface MarkerWalk {
  ancestors: object[];
  visits: number;
}

function deleteMarkers(array: unknown[]): void {
  const tagged = array as unknown as Record<string, unknown>;
  if (tagged.sequence === undefined && tagged.keepSingleton === undefined && tagged.tupleStream === undefined && tagged.outerWrapper === undefined) return;
  for (const marker of SEQUENCE_MARKERS) if (Object.hasOwn(array, marker)) delete tagged[marker];
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** False when the visit budget ran out (the caller then walks again with a visited set; stripping twice is harmless). */
function stripWithinBudget(value: object, walk: MarkerWalk): boolean {
  if (++walk.visits > VISITS_BEFORE_TRACKING) return false;
  const { ancestors } = walk;
  // Documents are shallow, so scanning the path is cheaper than hashing every object into a set.
  for (let index = 0; index < ancestors.length; index++) if (ancestors[index] === value) return true;
  const isArray = Array.isArray(value);
  if (isArray) deleteMarkers(value);
  else if (!isPlainObject(value)) return true;
  ancestors.push(value);
  if (isArray) {
    for (let index = 0; index < value.length; index++) {
      const entry: unknown = value[index];
      if (entry !== null && typeof entry === 'object' && !stripWithinBudget(entry, walk)) return false;
    }
  } else {
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const entry = record[key];
      if (entry !== null && typeof entry === 'object' && !stripWithinBudget(entry, walk)) return false;
    }
  }
  ancestors.pop();
  return true;
}

function stripOnce(value: object, seen: Set<object>): void {
  if (seen.has(value)) return;
  seen.add(value);
  const isArray = Array.isArray(value);
  if (isArray) deleteMarkers(value);
  else if (!isPlainObject(value)) return;
  const entries: unknown[] = isArray ? value : Object.values(value);
  for (const entry of entries) if (entry !== null && typeof entry === 'object') stripOnce(entry, seen);
}

export interface CompiledExpression {
  readonly source: string;
  /** Which engine runs it (the compiled closure tree or jsonata-js) and why it fell back. */
  readonly engine: JsonataEngineInfo;
  /** Evaluates against the input; failures become NodeError JSONATA_ERROR with the location. */
  evaluate(input: unknown, bindings?: Record<string, unknown>): Promise<unknown>;
}

/** Compile-once convenience for node config fields: the label names the field in error messages. */
export function compileExpression(source: string, label = 'expression'): CompiledExpression {
  const compiled = compileJsonata(source, { context: label });
  return { source, engine: engineOf(compiled), evaluate: (input, bindings = {}) => evaluateJsonata(compiled, source, input, bindings, label) };
}
