// Maybe-async plumbing: compiled closures run synchronously and switch to promises only when a bound function returns one.
import { isThenable } from './values.js';

/** A value, or a promise of it when something underneath called an asynchronous function (e.g. $xref). */
export type Maybe<T = unknown> = T | Promise<T>;

/** Normalises a thenable into a real Promise, so the `instanceof Promise` checks below are the only test needed. */
export function settle(value: unknown): unknown {
  return isThenable(value) && !(value instanceof Promise) ? Promise.resolve(value) : value;
}

/** Continues with the value now, or after the promise settles (not named `then`: a module exporting then is a thenable). */
export function andThen<T, R>(value: Maybe<T>, next: (resolved: T) => Maybe<R>): Maybe<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/**
 * Runs step(item, index) over items in order, handing each result to collect; returns a promise only if a step did.
 * Order matters: JSONata evaluates left to right, and bound functions may depend on it.
 */
export function eachInOrder<T>(items: ArrayLike<T>, step: (item: T, index: number) => unknown, collect: (result: unknown, index: number) => void, from = 0): Maybe<void> {
  for (let index = from; index < items.length; index++) {
    const result = step(items[index] as T, index);
    if (result instanceof Promise) {
      return result.then((resolved) => {
        collect(resolved, index);
        return eachInOrder(items, step, collect, index + 1);
      });
    }
    collect(result, index);
  }
  return undefined;
}

/** Evaluates a list of thunks in order into an array of results. */
export function allInOrder(count: number, step: (index: number) => unknown): Maybe<unknown[]> {
  const results = new Array<unknown>(count);
  const indices = { length: count } as ArrayLike<number>;
  const done = eachInOrder(indices, (_unused, index) => step(index), (result, index) => { results[index] = result; });
  return done instanceof Promise ? done.then(() => results) : results;
}
