// Array and object constructors, and grouping `path{key: value}`, with jsonata-js's key rules (T1003, D1009, D1013).
import type { AstGroup, AstNode, Compile, Evaluator } from './ast.js';
import type { Frame } from './frame.js';
import { allInOrder, eachInOrder, andThen, type Maybe } from './maybe-async.js';
import { append, codedError, createSequence, type Dict } from './values.js';

export function compileArray(node: AstNode, compile: Compile): Evaluator {
  const items = (node.expressions ?? []).map(compile);
  const nested = (node.expressions ?? []).map((item) => item.value === '[');
  const cons = node.consarray === true;
  return (input, frame) => andThen(allInOrder(items.length, (index) => items[index]!(input, frame)), (values) => {
    let result: unknown = [];
    for (let index = 0; index < values.length; index++) {
      const value = values[index];
      if (value === undefined) continue;
      if (nested[index]) (result as unknown[]).push(value);
      else result = append(result, value);
    }
    if (cons) Object.defineProperty(result, 'cons', { enumerable: false, configurable: false, value: true });
    return result;
  });
}

export type GroupEvaluator = (input: unknown, frame: Frame) => Maybe;

const RESERVED_KEYS = new Set(['_jsonata_lambda', '_jsonata_function']);

/** All keys are distinct literal strings: the object can be built directly for a single (non-array) context item. */
function literalKeys(group: AstGroup): string[] | undefined {
  const keys = group.lhs.map(([key]) => (key.type === 'string' && !key.predicate && !key.group ? (key.value as string) : undefined));
  if (keys.some((key) => key === undefined || key === '__proto__' || RESERVED_KEYS.has(key))) return undefined;
  return new Set(keys).size === keys.length ? (keys as string[]) : undefined;
}

export function compileGroup(group: AstGroup, compile: Compile): GroupEvaluator {
  const keyEvaluators = group.lhs.map(([key]) => compile(key));
  const valueEvaluators = group.lhs.map(([, value]) => compile(value));
  const general = generalGroup(group, keyEvaluators, valueEvaluators);
  const keys = literalKeys(group);
  if (!keys) return general;
  const count = keys.length;
  // An ordinary object (jsonata-js builds prototype-less ones): same keys, values and JSON, and V8 keeps it fast.
  // The one key where that would differ, __proto__, is excluded by literalKeys().
  return (input, frame) => {
    if (Array.isArray(input)) return general(input, frame);
    const result: Dict = {};
    for (let index = 0; index < count; index++) {
      const value = valueEvaluators[index]!(input, frame);
      if (value instanceof Promise) {
        const rest = (resolved: unknown): Maybe => {
          if (resolved !== undefined) result[keys[index]!] = resolved;
          return andThen(eachInOrder(valueEvaluators, (evaluate) => evaluate(input, frame), (next, at) => { if (next !== undefined) result[keys[at]!] = next; }, index + 1), () => result);
        };
        return value.then(rest);
      }
      if (value !== undefined) result[keys[index]!] = value;
    }
    return result;
  };
}

interface GroupEntry {
  data: unknown;
  exprIndex: number;
}

function generalGroup(group: AstGroup, keyEvaluators: Evaluator[], valueEvaluators: Evaluator[]): GroupEvaluator {
  const position = group.position;
  const addKey = (groups: Record<string, GroupEntry>, key: unknown, item: unknown, pairIndex: number): void => {
    if (typeof key !== 'string' && key !== undefined) throw codedError('T1003', { position, value: key });
    if (key === undefined) return;
    if (RESERVED_KEYS.has(key)) throw codedError('D1013', { position, value: key });
    const existing = groups[key];
    if (!existing) { groups[key] = { data: item, exprIndex: pairIndex }; return; }
    if (existing.exprIndex !== pairIndex) throw codedError('D1009', { position, value: key });
    existing.data = append(existing.data, item);
  };
  return (value, frame) => {
    let input = Array.isArray(value) ? value : createSequence(value);
    if (input.length === 0) input = createSequence(undefined);
    const groups = Object.create(null) as Record<string, GroupEntry>;
    const pairs: [unknown, number][] = [];
    for (const item of input) for (let pairIndex = 0; pairIndex < keyEvaluators.length; pairIndex++) pairs.push([item, pairIndex]);
    const keyed = eachInOrder(pairs, ([item, pairIndex]) => keyEvaluators[pairIndex]!(item, frame), (key, index) => addKey(groups, key, pairs[index]![0], pairs[index]![1]));
    return andThen(keyed, () => {
      const names = Object.keys(groups);
      const result = Object.create(null) as Dict;
      const valued = eachInOrder(names, (name) => valueEvaluators[groups[name]!.exprIndex]!(groups[name]!.data, frame), (resolved, index) => { if (resolved !== undefined) result[names[index]!] = resolved; });
      return andThen(valued, () => result);
    });
  };
}
