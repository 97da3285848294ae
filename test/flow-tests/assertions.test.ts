// The assertion engine: status, body, calls and JSONata assertions against an observed run, with expected, actual and located differences.
import { describe, expect, test } from 'vitest';
import { checkAssertion, checkAssertions, type ObservedRun } from '../../runtime/flow-tests/assertions.js';
import { differences } from '../../runtime/flow-tests/value-diff.js';

function run(overrides: Partial<ObservedRun> = {}): ObservedRun {
  return {
    response: { status: 201, body: { order: 'PO-1', lines: [{ sku: 'A', qty: 2 }] } },
    outputs: new Map([
      ['map', [{ payload: { order: 'PO-1', qty: 2 } }]],
      ['erp', [{ payload: { order: 'PO-1' } }, { payload: { order: 'PO-2' } }]],
    ]),
    stubbed: new Set(['erp']),
    ...overrides,
  };
}

describe('differences', () => {
  test('equal values have none; each differing leaf is named by its path', () => {
    expect(differences({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toEqual([]);
    expect(differences({ a: [1, { b: 'x' }], 'odd key': 1 }, { a: [2, { b: 'y' }, 3], 'odd key': 1 })).toEqual([
      { path: '$.a[0]', expected: 1, actual: 2 },
      { path: '$.a[1].b', expected: 'x', actual: 'y' },
      { path: '$.a[2]', expected: undefined, actual: 3 },
    ]);
    expect(differences({ 'odd key': 1 }, { 'odd key': 2 })).toEqual([{ path: '$["odd key"]', expected: 1, actual: 2 }]);
    expect(differences({ a: 1 }, [1])).toEqual([{ path: '$', expected: { a: 1 }, actual: [1] }]);
  });
});

describe('assertions', () => {
  test('status and body compare with what the flow answered', async () => {
    expect(await checkAssertion({ kind: 'status', expected: 201 }, run())).toMatchObject({ pass: true, actual: 201 });
    expect(await checkAssertion({ kind: 'status', expected: 200 }, run())).toMatchObject({ pass: false, expected: 200, actual: 201, differences: [{ path: '$', expected: 200, actual: 201 }] });
    const body = await checkAssertion({ kind: 'body', expected: { order: 'PO-1', lines: [{ sku: 'A', qty: 3 }] } }, run());
    expect(body.pass).toBe(false);
    expect(body.differences).toEqual([{ path: '$.lines[0].qty', expected: 3, actual: 2 }]);
  });

  test('no answer is actual null, so a status assertion fails rather than passes by omission', async () => {
    const silent = run({ response: undefined });
    expect(await checkAssertion({ kind: 'status', expected: 200 }, silent)).toMatchObject({ pass: false, actual: null });
    expect(await checkAssertion({ kind: 'body', expected: null }, silent)).toMatchObject({ pass: true });
  });

  test('calls count and compare the payloads a stubbed node would have sent, in order', async () => {
    expect(await checkAssertion({ kind: 'calls', node: 'erp', count: 2, bodies: [{ order: 'PO-1' }, { order: 'PO-2' }] }, run())).toMatchObject({ pass: true });
    const wrong = await checkAssertion({ kind: 'calls', node: 'erp', count: 1 }, run());
    expect(wrong).toMatchObject({ pass: false, expected: { count: 1 }, actual: { count: 2 } });
    const notStubbed = await checkAssertion({ kind: 'calls', node: 'map', count: 1 }, run());
    expect(notStubbed.pass).toBe(false);
    expect(notStubbed.error).toMatch(/"map" is not an outside call/);
    expect(await checkAssertion({ kind: 'calls', node: 'erp', count: 0 }, run({ outputs: new Map() }))).toMatchObject({ pass: true, actual: { count: 0 } });
  });

  test('JSONata runs on the first message a node sent; expected defaults to true', async () => {
    expect(await checkAssertion({ kind: 'jsonata', node: 'map', expression: 'payload.qty > 1' }, run())).toMatchObject({ pass: true, expected: true, actual: true });
    expect(await checkAssertion({ kind: 'jsonata', node: 'map', expression: 'payload.qty * 3', expected: 7 }, run())).toMatchObject({ pass: false, actual: 6 });
    expect(await checkAssertion({ kind: 'jsonata', node: 'map', expression: 'payload.missing', expected: null }, run())).toMatchObject({ pass: true, actual: null });
    expect(await checkAssertion({ kind: 'jsonata', node: 'erp', expression: '$count(payload.order)', expected: 1 }, run())).toMatchObject({ pass: true });
  });

  test('a JSONata syntax error or a silent node fails the assertion with the reason, located', async () => {
    const syntax = await checkAssertion({ kind: 'jsonata', node: 'map', expression: 'payload.(' }, run());
    expect(syntax.pass).toBe(false);
    expect(syntax.error).toMatch(/^JSONata: .*\(line 1, column \d+\)/);
    expect((await checkAssertion({ kind: 'jsonata', node: 'respond', expression: 'true' }, run())).error).toBe('node "respond" sent no message');
  });

  test('every assertion is checked, in order', async () => {
    const results = await checkAssertions([{ kind: 'status', expected: 500 }, { kind: 'status', expected: 201 }], run());
    expect(results.map((result) => result.pass)).toEqual([false, true]);
  });
});
