// stripSequenceMarkers: JSONata's array tags are removed everywhere in a result, and cyclic or heavily shared input data cannot hang it.
import { describe, expect, it } from 'vitest';
import { compileJsonata, createNodeHarness, stripSequenceMarkers } from '../../nodes/sdk/index.js';
import { transformNode } from '../../nodes/canonical/index.js';

/** A JSONata path result: an array carrying JSONata's own "sequence" tag. */
async function taggedSequence(): Promise<unknown[]> {
  const result = (await compileJsonata('{"skus": lines.sku}').evaluate({ lines: [{ sku: 'A' }, { sku: 'B' }] })) as { skus: unknown[] };
  expect(Object.hasOwn(result.skus, 'sequence')).toBe(true);
  return result.skus;
}

function markers(array: unknown[]): string[] {
  return Object.keys(array).filter((key) => !/^\d+$/.test(key));
}

describe('stripSequenceMarkers', () => {
  it('removes the tags from arrays nested in objects and arrays of a real JSONata result', async () => {
    const result = (await compileJsonata('{"order": {"skus": lines.sku, "nested": [lines.{"qty": [qty, qty]}]}}').evaluate({
      lines: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }],
    })) as { order: { skus: unknown[]; nested: { qty: unknown[] }[] } };
    expect(markers(result.order.skus)).toEqual(['sequence']);

    expect(stripSequenceMarkers(result)).toBe(result);
    expect(markers(result.order.skus)).toEqual([]);
    for (const line of result.order.nested) expect(markers(line.qty)).toEqual([]);
    expect(result).toEqual({ order: { skus: ['A', 'B'], nested: [{ qty: [1, 1] }, { qty: [2, 2] }] } });
  });

  it('returns primitives and empty values unchanged', () => {
    expect(stripSequenceMarkers(undefined)).toBeUndefined();
    expect(stripSequenceMarkers(null)).toBeNull();
    expect(stripSequenceMarkers('text')).toBe('text');
    expect(stripSequenceMarkers(42)).toBe(42);
  });

  it('terminates on cyclic data and still strips the arrays inside the cycle', async () => {
    const skus = await taggedSequence();
    const msg: Record<string, unknown> = { payload: { skus } };
    msg.self = msg;
    (msg.payload as Record<string, unknown>).back = msg;
    // Two references to the same ancestor per level: a walk without cycle detection would never finish.
    const knot: Record<string, unknown> = { skus };
    knot.left = knot;
    knot.right = knot;
    msg.knot = knot;

    expect(stripSequenceMarkers(msg)).toBe(msg);
    expect(markers(skus)).toEqual([]);
  });

  it('terminates on a graph whose shared references would make a plain tree walk exponential', async () => {
    const skus = await taggedSequence();
    // 2^40 paths lead to the bottom node; the walk must fall back to visiting each object once.
    let node: Record<string, unknown> = { skus };
    for (let level = 0; level < 40; level++) node = { left: node, right: node };

    stripSequenceMarkers(node);
    expect(markers(skus)).toEqual([]);
  });

  it('does not descend into class instances (request and response objects on a message)', async () => {
    const skus = await taggedSequence();
    class Socketish {
      readonly buffered = skus;
    }
    stripSequenceMarkers({ req: new Socketish(), list: [new Map([['k', skus]])] });
    expect(markers(skus)).toEqual(['sequence']);
  });

  it('lets tl-transform return the whole cyclic message ($) without hanging', async () => {
    const harness = await createNodeHarness(transformNode, { expression: '{"copy": $, "skus": payload.lines.sku}', property: 'mapped' });
    const req: Record<string, unknown> = { url: '/partners/p/acks' };
    req.self = req;
    const payload: Record<string, unknown> = { lines: [{ sku: 'A' }, { sku: 'B' }] };
    payload.parent = payload;
    const { outputs, error } = await harness.send({ payload, req });
    expect(error).toBeUndefined();
    const mapped = outputs[0]![0]!.mapped as { skus: unknown[]; copy: { payload: unknown } };
    expect(mapped.skus).toEqual(['A', 'B']);
    expect(markers(mapped.skus)).toEqual([]);
    expect(mapped.copy.payload).toBe(payload);
    await harness.close();
  });
});
