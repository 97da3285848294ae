// Hostile XML shaped to slip past the depth scan (depth hidden behind comments, CDATA, quoted '>' and '/>'), and innocent XML it must not refuse.
import { describe, expect, it } from 'vitest';
import { xmlDepthViolation } from '../../nodes/supplier-portal/xml-depth.js';

const nest = (depth: number, open = '<a>', close = '</a>') => open.repeat(depth) + close.repeat(depth);

describe('XML nesting depth scan', () => {
  it('finds deep nesting behind a declaration, a doctype with an internal subset and a comment', () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE a [ <!ENTITY e "x"> ]>\n<!-- <b> -->\n${nest(10)}`;
    expect(xmlDepthViolation(xml, 5)).toEqual({ depth: 6, line: 4, column: 16 });
  });

  it('counts elements whose attributes contain ">" or "/>" in quotes', () => {
    expect(xmlDepthViolation(nest(6, '<a title="x/>y" b=\'>\'>'), 5)).toMatchObject({ depth: 6 });
  });

  it('does not count self-closing elements, or tags inside comments and CDATA', () => {
    const xml = `<r>${'<e/>'.repeat(100)}<!--${'<x>'.repeat(100)}--><![CDATA[${'<y>'.repeat(100)}]]>${'<f a="1" />'.repeat(100)}</r>`;
    expect(xmlDepthViolation(xml, 1)).toBeUndefined();
  });

  it('reports the line and column of the element that crossed the limit, across line breaks inside tags', () => {
    const xml = '<a\n  x="1">\n  <b>\n    <c\n      y="2"/>\n    <d>\n';
    expect(xmlDepthViolation(xml, 2)).toEqual({ depth: 3, line: 6, column: 5 });
  });

  it('scans a 100,000-level document without a stack overflow', () => {
    expect(xmlDepthViolation(nest(100_000), 64)).toMatchObject({ depth: 65, line: 1, column: 64 * 3 + 1 });
  });
});
