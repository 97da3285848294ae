// Location paths: steps with their filter stages, field lookup, `*`, `**` and predicates, with jsonata-js's flattening rules.
import type { AstNode, AstStage, Compile, Evaluator } from './ast.js';
import type { Frame } from './frame.js';
import { eachInOrder, andThen, type Maybe } from './maybe-async.js';
import { append, createSequence, flattenDeep, isArrayOfNumbers, isFunctionValue, isNumeric, isSequence, toBoolean, type Dict, type Sequence } from './values.js';

/** fn.lookup: a field of an object, or of every item of an array (flattened one level). */
export function lookup(input: unknown, key: string): unknown {
  if (Array.isArray(input)) {
    const result = createSequence();
    for (let index = 0; index < input.length; index++) {
      const value = lookup(input[index], key);
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) result.push(item);
      else result.push(value);
    }
    return result;
  }
  if (input !== null && typeof input === 'object' && Object.prototype.hasOwnProperty.call(input, key) && !isFunctionValue(input)) return (input as Dict)[key];
  return undefined;
}

export function wildcard(context: unknown): unknown {
  let input = context;
  let results: unknown = createSequence();
  if (Array.isArray(input) && (input as Sequence).outerWrapper && input.length > 0) input = input[0];
  if (input !== null && typeof input === 'object' && !isFunctionValue(input)) {
    for (const key of Object.keys(input)) {
      const value = (input as Dict)[key];
      // append() returns a plain concatenation (no sequence flag) exactly as in jsonata-js; keep that quirk.
      if (Array.isArray(value)) results = append(results, flattenDeep(value));
      else (results as unknown[]).push(value);
    }
  }
  return results;
}

function collectDescendants(input: unknown, results: unknown[]): void {
  if (!Array.isArray(input)) results.push(input);
  if (Array.isArray(input)) for (const member of input) collectDescendants(member, results);
  else if (input !== null && typeof input === 'object' && !isFunctionValue(input)) for (const key of Object.keys(input)) collectDescendants((input as Dict)[key], results);
}

export function descendants(input: unknown): unknown {
  if (input === undefined) return undefined;
  const results = createSequence();
  collectDescendants(input, results);
  return results.length === 1 ? results[0] : results;
}

export type FilterEvaluator = (input: unknown, frame: Frame) => Maybe<unknown[]>;

/** evaluateFilter: a literal number indexes, anything else is evaluated per item (numbers select positions, else truthiness). */
export function compileFilter(predicate: AstNode, compile: Compile): FilterEvaluator {
  if (predicate.type === 'number') {
    const literal = Math.floor(predicate.value as number);
    return (value) => {
      const input = Array.isArray(value) ? value : createSequence(value);
      const item: unknown = input[literal < 0 ? input.length + literal : literal];
      if (item === undefined) return createSequence();
      return Array.isArray(item) ? item : createSequence(item);
    };
  }
  const test = compile(predicate);
  return (value, frame) => {
    const input = Array.isArray(value) ? value : createSequence(value);
    const results = createSequence();
    const done = eachInOrder(input, (item) => test(item, frame), (verdict, index) => {
      const chosen = isNumeric(verdict) ? [verdict] : verdict;
      if (isArrayOfNumbers(chosen)) {
        for (const position of chosen as number[]) {
          let wanted = Math.floor(position);
          if (wanted < 0) wanted = input.length + wanted;
          if (wanted === index) results.push(input[index]);
        }
      } else if (toBoolean(chosen)) {
        results.push(input[index]);
      }
    });
    return andThen(done, () => results);
  };
}

export function applyFilters(filters: FilterEvaluator[], value: unknown, frame: Frame, from = 0): Maybe {
  let current = value;
  for (let index = from; index < filters.length; index++) {
    const next = filters[index]!(current, frame);
    if (next instanceof Promise) return next.then((resolved) => applyFilters(filters, resolved, frame, index + 1));
    current = next;
  }
  return current;
}

function stageFilters(stages: AstStage[] | undefined, compile: Compile): FilterEvaluator[] {
  return (stages ?? []).map((stage) => compileFilter(stage.expr, compile));
}

function flattenStep(results: unknown[], lastStep: boolean): unknown[] {
  if (lastStep && results.length === 1 && Array.isArray(results[0]) && !isSequence(results[0])) return results[0];
  const sequence = createSequence();
  for (const result of results) {
    if (!Array.isArray(result) || (result as Sequence).cons) sequence.push(result);
    else for (const item of result) sequence.push(item);
  }
  return sequence;
}

type StepEvaluator = (items: unknown[], frame: Frame) => Maybe<unknown[]>;

/** evaluateStep: the step against every item, its stages on each result, then one level of flattening. */
function compileStep(step: AstNode, compile: Compile, lastStep: boolean): StepEvaluator {
  const evaluate = compile(step);
  const filters = stageFilters(step.stages, compile);
  const perItem: Evaluator = filters.length ? (item, frame) => andThen(evaluate(item, frame), (value) => applyFilters(filters, value, frame)) : evaluate;
  return (items, frame) => {
    const results: unknown[] = [];
    for (let index = 0; index < items.length; index++) {
      const value = perItem(items[index], frame);
      if (value instanceof Promise) {
        const rest = value.then((resolved) => {
          if (resolved !== undefined) results.push(resolved);
          return eachInOrder(items, (item) => perItem(item, frame), (next) => { if (next !== undefined) results.push(next); }, index + 1);
        });
        return rest.then(() => flattenStep(results, lastStep));
      }
      if (value !== undefined) results.push(value);
    }
    return flattenStep(results, lastStep);
  };
}

export function compilePath(node: AstNode, compile: Compile, group: ((value: unknown, frame: Frame) => Maybe) | undefined): Evaluator {
  const steps = node.steps!;
  const firstIsVariable = steps[0]!.type === 'variable';
  const runners = steps.map((step, index) => (index === 0 && step.consarray ? consArrayStep(compile(step)) : compileStep(step, compile, index === steps.length - 1)));
  const keepSingletonArray = node.keepSingletonArray === true;
  const finish = (result: unknown, frame: Frame): Maybe => {
    let value = result;
    if (keepSingletonArray && value !== undefined) {
      if (Array.isArray(value) && (value as Sequence).cons && !(value as Sequence).sequence) value = createSequence(value);
      (value as Sequence).keepSingleton = true;
    }
    return group ? group(value, frame) : value;
  };
  const run = (from: number, input: unknown[], frame: Frame): Maybe => {
    let current: unknown[] = input;
    let result: unknown;
    for (let index = from; index < runners.length; index++) {
      const next = runners[index]!(current, frame);
      if (next instanceof Promise) {
        const isLast = index + 1 === runners.length;
        return next.then((resolved) => (resolved === undefined || resolved.length === 0 || isLast ? finish(resolved, frame) : run(index + 1, resolved, frame)));
      }
      result = next;
      if (next === undefined || next.length === 0) break;
      current = next;
    }
    return finish(result, frame);
  };
  const general: Evaluator = (input, frame) => run(0, Array.isArray(input) && !firstIsVariable ? input : createSequence(input), frame);
  const prefix = leadingFields(steps);
  if (!prefix.length) return general;
  const onlyFields = prefix.length === steps.length && !keepSingletonArray && !group;
  const guarded = prefix.map((key) => FUNCTION_VALUE_FIELDS.has(key));
  // Walks leading plain fields directly while the values are single; the general runner takes over at the first array
  // or the first other step, with exactly the sequence it would have had there.
  return (input, frame) => {
    if (Array.isArray(input)) return general(input, frame);
    let value = input;
    for (let index = 0; index < prefix.length; index++) {
      const next = plainField(value, prefix[index]!, guarded[index]!);
      if (next === undefined) return onlyFields ? undefined : finish(createSequence(), frame);
      if (Array.isArray(next)) return index + 1 === steps.length ? general(input, frame) : run(index + 1, flattenStep([next], false), frame);
      value = next;
    }
    if (onlyFields) return value;
    if (prefix.length === steps.length) return finish(createSequence(value), frame);
    return run(prefix.length, createSequence(value), frame);
  };
}

/** The leading steps that are plain field names (no stages, predicates, grouping or keep-array): `payload.lines` of `payload.lines.{…}`. */
function leadingFields(steps: AstNode[]): string[] {
  const names: string[] = [];
  for (const step of steps) {
    if (step.type !== 'name' || step.stages || step.predicate || step.group || step.keepArray) break;
    names.push(step.value as string);
  }
  return names;
}

/** Own fields of jsonata-js's function values: only these names can find a field on one (and must not). */
const FUNCTION_VALUE_FIELDS = new Set(['_jsonata_function', 'implementation', 'signature', '_jsonata_lambda', 'input', 'environment', 'arguments', 'body', 'thunk', 'apply', 'token', 'position']);

/** lookup() on a single non-array value, as a path step sees it (undefined when there is no such own field). */
function plainField(value: unknown, key: string, couldBeFunctionField: boolean): unknown {
  if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
  const record = value as Dict;
  // A jsonata-js function value is an object too, and has no fields as far as paths go.
  if (couldBeFunctionField && (record._jsonata_function === true || record._jsonata_lambda === true)) return undefined;
  return record[key];
}

/** A first step that is an array constructor is evaluated once against the whole input, not per item. */
function consArrayStep(evaluate: Evaluator): StepEvaluator {
  return (items, frame) => evaluate(items, frame) as Maybe<unknown[]>;
}
