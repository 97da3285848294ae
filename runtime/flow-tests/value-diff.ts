// Structural comparison of expected and actual JSON values: equal or not, and where they differ (JSONPath-like paths).
export interface Difference {
  path: string;
  expected: unknown;
  actual: unknown;
}

const MAX_DIFFERENCES = 50;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function walk(expected: unknown, actual: unknown, path: string, found: Difference[]): void {
  if (found.length >= MAX_DIFFERENCES) return;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let index = 0; index < Math.max(expected.length, actual.length); index += 1) walk(expected[index], actual[index], childPath(path, index), found);
    return;
  }
  if (isObject(expected) && isObject(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) walk(expected[key], actual[key], childPath(path, key), found);
    return;
  }
  if (!Object.is(expected, actual)) found.push({ path, expected, actual });
}

/** Every place (up to 50) where actual differs from expected; [] means equal. A missing value shows as undefined. */
export function differences(expected: unknown, actual: unknown): Difference[] {
  const found: Difference[] = [];
  walk(expected, actual, '$', found);
  return found;
}
