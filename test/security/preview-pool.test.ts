// The preview pool under a flood: a bounded line of waiting previews, then refusal; a stopped worker is replaced; $xref answered from the server thread.
import { afterEach, describe, expect, test } from 'vitest';
import { JsonataPreviewPool, PreviewBusyError } from '../../nodes/canonical/index.js';
import { MemoryXrefTables } from '../../nodes/sdk/index.js';

const REDOS = { expression: '$match(payload, /^(a+)+$/)', sample: { payload: `${'a'.repeat(30)}!` } };
let pool: JsonataPreviewPool | undefined;

afterEach(() => pool?.close());

describe('JSONata preview pool', () => {
  test('previews beyond the workers and the waiting line are refused, not queued without end', async () => {
    pool = new JsonataPreviewPool({ size: 1, maxWaiting: 1, sampleTimeoutMs: 300 });
    const running = pool.evaluate(REDOS.expression, [REDOS.sample]);
    const waiting = pool.evaluate('1 + 1', [{}]);
    await expect(pool.evaluate('2 + 2', [{}])).rejects.toBeInstanceOf(PreviewBusyError);
    expect(await running).toEqual([{ ok: false, error: { message: 'evaluation stopped after 300 ms', code: 'PREVIEW_TIMEOUT' } }]);
    // The waiting preview runs on a fresh worker once the stopped one is gone.
    expect(await waiting).toEqual([{ ok: true, result: 2 }]);
  });

  test('a request stops after its budget; samples not reached say so', async () => {
    pool = new JsonataPreviewPool({ size: 1, sampleTimeoutMs: 200, requestTimeoutMs: 300 });
    const results = await pool.evaluate(REDOS.expression, [REDOS.sample, REDOS.sample, REDOS.sample]);
    expect(results.map((result) => (result.ok ? 'ok' : result.error.message))).toEqual([
      'evaluation stopped after 200 ms', 'evaluation stopped after 200 ms', 'not evaluated: the preview request stopped after 300 ms',
    ]);
  });

  test('$xref in a worker reads the server\'s tables', async () => {
    const xref = new MemoryXrefTables();
    xref.put('items', 'item', [{ item: 'AC-1', sku: 'NW-1' }]);
    pool = new JsonataPreviewPool({ xref });
    expect(await pool.evaluate('$xref("items", payload.item).sku', [{ payload: { item: 'AC-1' } }, { payload: { item: 'none' } }])).toEqual([
      { ok: true, result: 'NW-1' }, { ok: true },
    ]);
  });
});
