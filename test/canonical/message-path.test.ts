// Property paths used by the canonical nodes' config: parsing, reading, writing, JSON path rendering.
import { describe, expect, it } from 'vitest';
import { getPath, parsePath, setPath, toJsonPath } from '../../nodes/canonical/message-path.js';

describe('message paths', () => {
  it('parses dotted paths with indexes and an optional msg. prefix', () => {
    expect(parsePath('msg.payload.orders[0].packs[2].items')).toEqual(['payload', 'orders', 0, 'packs', 2, 'items']);
    expect(parsePath('payload')).toEqual(['payload']);
    expect(parsePath('msg')).toEqual([]);
    expect(() => parsePath('payload..lines')).toThrow('invalid property path');
    expect(() => parsePath('lines[x]')).toThrow('invalid property path');
  });

  it('reads nested values and yields undefined past a missing step', () => {
    const msg = { payload: { lines: [{ sku: 'A' }] } };
    expect(getPath(msg, 'payload.lines[0].sku')).toBe('A');
    expect(getPath(msg, 'payload.missing.sku')).toBeUndefined();
    expect(getPath(msg, '')).toBe(msg);
  });

  it('writes nested values, creating objects and arrays on the way', () => {
    const target: Record<string, unknown> = { keep: 1 };
    setPath(target, 'a.b[1].c', 'x');
    expect(target).toEqual({ keep: 1, a: { b: [undefined, { c: 'x' }] } });
    expect(() => setPath(target, '', 1)).toThrow('empty');
  });

  it('renders JSON paths', () => {
    expect(toJsonPath('$', ['payload', 'lines', 3])).toBe('$.payload.lines[3]');
  });
});
