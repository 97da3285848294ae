// Unit tests of the JSON error locator used by the JSONata workbench to point at a broken sample.
import { describe, expect, it } from 'vitest';
import { lineColumn, locateJsonError } from '../../designer/src/jsonata/json-error.js';

describe('locateJsonError', () => {
  it('accepts valid JSON', () => {
    expect(locateJsonError('{"a": [1, 2.5e3, "x\\"y", true, null]}')).toBeNull();
  });

  it('points at a missing comma on the second line', () => {
    const text = '{\n  "a": 1 "b": 2\n}';
    const error = locateJsonError(text);
    expect(error).toMatchObject({ line: 2, column: 10 });
    expect(error?.message).toContain("','");
  });

  it('points at an unquoted property name and at a premature end', () => {
    expect(locateJsonError('{ qty: 1 }')).toMatchObject({ offset: 2, line: 1, column: 3 });
    expect(locateJsonError('{"a": ')).toMatchObject({ offset: 6, message: 'unexpected end of JSON' });
  });

  it('reports trailing text', () => {
    expect(locateJsonError('{} x')).toMatchObject({ offset: 3, message: 'unexpected text after the JSON value' });
  });
});

describe('lineColumn', () => {
  it('counts from 1', () => {
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
