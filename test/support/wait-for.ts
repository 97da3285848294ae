// The one polling helper for tests: reads a value until a check passes, or fails naming what it waited for and the last value seen.

/** Polls quickly at first (most conditions hold within milliseconds), then backs off so long waits do not load the machine. */
const FIRST_INTERVAL_MS = 5;
const LONGEST_INTERVAL_MS = 200;

/** Check for probes that answer undefined until the value is there. */
export function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

/** Check for probes that answer a boolean. */
export function isTrue(value: boolean): boolean {
  return value;
}

function describeValue(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 500);
  } catch {
    return String(value);
  }
}

/**
 * Reads until check(value) is true and returns that value; throws after timeoutMs with `what` and the last value.
 * A read that throws ends the wait with its error: a broken probe should fail at once, not after the timeout.
 */
export async function waitFor<T, S extends T>(read: () => T | Promise<T>, check: (value: T) => value is S, timeoutMs?: number, what?: string): Promise<S>;
export async function waitFor<T>(read: () => T | Promise<T>, check: (value: T) => boolean, timeoutMs?: number, what?: string): Promise<T>;
export async function waitFor<T>(read: () => T | Promise<T>, check: (value: T) => boolean, timeoutMs = 60_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let interval = FIRST_INTERVAL_MS;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${describeValue(value)}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
    interval = Math.min(interval * 2, LONGEST_INTERVAL_MS);
  }
}
