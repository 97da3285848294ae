// evaluateJsonataSamples: per-sample results, located syntax and runtime errors, and the same bindings as the transform node.
import { describe, expect, it } from 'vitest';
import { ManualClock, MemoryXrefTables } from '../../nodes/sdk/index.js';
import { describePreviewEngine, evaluateJsonataSamples } from '../../nodes/canonical/jsonata-preview.js';

describe('evaluateJsonataSamples', () => {
  it('returns one result per sample with $partner taken from each sample', async () => {
    const xref = new MemoryXrefTables();
    xref.put('supplier-items', 'supplierItem', [{ supplierItem: 'AC-8812', sku: 'NW-BOLT-M8' }]);
    const results = await evaluateJsonataSamples(
      '{"partner": $partner, "sku": $xref("supplier-items", payload.item).sku, "today": $now("[Y0001]-[M01]-[D01]")}',
      [{ partnerId: 'acme', payload: { item: 'AC-8812' } }, { payload: { item: 'nope' } }],
      { xref, clock: new ManualClock(Date.parse('2026-11-21T10:00:00Z')), partnerId: 'fallback' },
    );
    expect(results).toEqual([
      { ok: true, result: { partner: 'acme', sku: 'NW-BOLT-M8', today: '2026-11-21' } },
      { ok: true, result: { partner: 'fallback', today: '2026-11-21' } },
    ]);
  });

  it('reports a syntax error with position, token, line and column for every sample', async () => {
    const results = await evaluateJsonataSamples('payload.lines[\n  qty >\n]', [{}, {}]);
    expect(results).toHaveLength(2);
    for (const result of results) {
      expect(result).toEqual({
        ok: false,
        error: { message: 'The symbol "]" cannot be used as a unary operator', code: 'S0211', position: 24, token: ']', line: 3, column: 1 },
      });
    }
  });

  it('locates an unterminated string and an unexpected end of expression', async () => {
    const [unterminated] = await evaluateJsonataSamples('"abc', [{}]);
    expect(unterminated).toEqual({ ok: false, error: expect.objectContaining({ code: 'S0101', position: 4, line: 1, column: 5 }) });
    const [end] = await evaluateJsonataSamples('payload +', [{}]);
    expect(end).toEqual({ ok: false, error: expect.objectContaining({ code: 'S0207', token: '(end)', position: 9, line: 1, column: 10 }) });
  });

  it('reports a runtime error only for the sample that caused it', async () => {
    const results = await evaluateJsonataSamples('payload.qty * 2', [{ payload: { qty: 4 } }, { payload: { qty: 'four' } }, { payload: {} }]);
    expect(results[0]).toEqual({ ok: true, result: 8 });
    expect(results[1]).toEqual({ ok: false, error: expect.objectContaining({ code: 'T2001', token: '*', position: 13, line: 1, column: 13 }) });
    expect(results[2]).toEqual({ ok: true, result: undefined });
  });

  it('explains that $xref is unavailable when no tables are given', async () => {
    const [result] = await evaluateJsonataSamples('$xref("t", "k")', [{}]);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ message: expect.stringContaining('$xref is not available') }) });
  });

  it('stops a runaway recursion instead of hanging', async () => {
    const [result] = await evaluateJsonataSamples('($f := function($n) { 1 + $f($n + 1) }; $f(0))', [{}]);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ message: expect.stringContaining('Stack overflow') }) });
  });

  it('returns plain arrays that serialise like the result the node would write', async () => {
    const [result] = await evaluateJsonataSamples('payload.lines.sku', [{ payload: { lines: [{ sku: 'A' }, { sku: 'B' }] } }]);
    expect(JSON.parse(JSON.stringify(result))).toEqual({ ok: true, result: ['A', 'B'] });
  });

  it('says which engine a node would run the expression on, and why it falls back', () => {
    expect(describePreviewEngine('{"po": payload.poNumber, "n": $count(payload.lines)}')).toEqual({ engine: 'compiled' });
    expect(describePreviewEngine('$replace(payload.poNumber, /PO-/, "")')).toEqual({ engine: 'jsonata', fallbackReason: expect.stringContaining('regular expressions') });
    expect(describePreviewEngine('payload +')).toBeUndefined();
  });
});
