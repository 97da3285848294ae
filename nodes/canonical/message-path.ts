// Reads and writes dotted property paths ("payload.lines", "msg.purchaseOrder", "lines[0].sku") on messages and documents.
import { NodeError } from '../sdk/index.js';

/** Splits "msg.payload.lines[0].sku" into ["payload", "lines", 0, "sku"]; a leading "msg." is optional. */
export function parsePath(path: string): Array<string | number> {
  const trimmed = path.trim().replace(/^msg(\.|$)/, '');
  if (!trimmed) return [];
  const segments: Array<string | number> = [];
  for (const part of trimmed.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) throw new NodeError('INVALID_CONFIG', `invalid property path "${path}"`);
    if (match[1]) segments.push(match[1]);
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
    if (!match[1] && !match[2]) throw new NodeError('INVALID_CONFIG', `invalid property path "${path}"`);
  }
  return segments;
}

export function getPath(target: unknown, path: string | Array<string | number>): unknown {
  const segments = typeof path === 'string' ? parsePath(path) : path;
  let current: unknown = target;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** Sets a value, creating intermediate objects (or arrays before a numeric segment) as needed. */
export function setPath(target: Record<string, unknown>, path: string | Array<string | number>, value: unknown): void {
  const segments = typeof path === 'string' ? parsePath(path) : path;
  if (segments.length === 0) throw new Error('cannot set an empty property path');
  let current: Record<string | number, unknown> = target;
  segments.forEach((segment, index) => {
    if (index === segments.length - 1) {
      current[segment] = value;
      return;
    }
    let next = current[segment];
    if (next === null || typeof next !== 'object') {
      next = typeof segments[index + 1] === 'number' ? [] : {};
      current[segment] = next;
    }
    current = next as Record<string | number, unknown>;
  });
}

/** Renders segments as a JSON path relative to a root, e.g. ("$", ["lines", 0, "sku"]) -> "$.lines[0].sku". */
export function toJsonPath(root: string, segments: Array<string | number>): string {
  return root + segments.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`)).join('');
}
