// Attack: any logged-in user freezes the server through the JSONata preview (catastrophic regex, huge ranges, oversized requests).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';

interface Results { results: Array<{ ok: boolean; result?: unknown; error?: { message: string; code?: string } }> }

const REDOS = '$match(payload.text, /^(a+)+$/)';
const HOSTILE_TEXT = `${'a'.repeat(30)}!`;

let runtime: RuntimeProcess;
let operator: string;

beforeAll(async () => {
  runtime = await startRuntime();
  const admin = await runtime.login();
  await runtime.api('POST', '/api/users', { username: 'ops', password: 'operator-password', role: 'operator' }, admin);
  operator = await runtime.login('ops', 'operator-password');
  await runtime.api('PUT', '/api/xref/items', { keyColumn: 'item', rows: [{ item: 'AC-1', sku: 'NW-1' }] }, admin);
});

afterAll(async () => {
  await runtime?.stop();
});

/** Starts a preview and a health check together; tells which answered first. */
async function healthDuring(body: unknown): Promise<{ order: string[]; preview: { status: number; body: Results } }> {
  const order: string[] = [];
  const preview = runtime.api<Results>('POST', '/api/jsonata/evaluate', body, operator).then((answer) => { order.push('preview'); return answer; });
  // Give the preview request a head start so it is being evaluated when health is asked.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const health = runtime.api('GET', '/api/health').then((answer) => { order.push('health'); return answer; });
  const [previewAnswer, healthAnswer] = await Promise.all([preview, health]);
  expect(healthAnswer.status).toBe(200);
  return { order, preview: previewAnswer };
}

describe('the JSONata preview cannot freeze the server', () => {
  test('a catastrophic regex is stopped with a per-sample error while /api/health keeps answering', async () => {
    const { order, preview } = await healthDuring({ expression: REDOS, samples: [{ payload: { text: HOSTILE_TEXT } }, { payload: { text: 'aaa' } }] });
    expect(order).toEqual(['health', 'preview']);
    expect(preview.status).toBe(200);
    expect(preview.body.results[0]).toEqual({ ok: false, error: { message: 'evaluation stopped after 1000 ms', code: 'PREVIEW_TIMEOUT' } });
    // The next sample runs on a fresh evaluator.
    expect(preview.body.results[1]).toEqual({ ok: true, result: { match: 'aaa', index: 0, groups: ['aaa'] } });
  });

  test('many expensive samples are bounded per request, and health answers meanwhile', async () => {
    // Each sample would run far past its own 1 s limit, so the 5 s request budget is always reached.
    const samples = Array.from({ length: 20 }, () => ({ payload: { text: HOSTILE_TEXT } }));
    const { order, preview } = await healthDuring({ expression: REDOS, samples });
    expect(order).toEqual(['health', 'preview']);
    expect(preview.body.results).toHaveLength(20);
    const messages = preview.body.results.map((result) => (result.ok ? 'ok' : `${result.error?.code}: ${result.error?.message}`));
    expect(messages[0]).toBe('PREVIEW_TIMEOUT: evaluation stopped after 1000 ms');
    expect(messages.at(-1)).toBe('PREVIEW_TIMEOUT: not evaluated: the preview request stopped after 5000 ms');
    expect(messages.every((message) => message.startsWith('PREVIEW_TIMEOUT: '))).toBe(true);
  });

  test('too many samples, an oversized sample and an oversized expression are refused with located 400s', async () => {
    const many = await runtime.api<{ details: Array<{ path: string }> }>('POST', '/api/jsonata/evaluate', { expression: 'payload', samples: Array.from({ length: 21 }, () => ({})) }, operator);
    expect(many.status).toBe(400);
    expect(many.body.details[0]!.path).toBe('$.samples');
    const big = await runtime.api<{ details: Array<{ path: string; message: string }> }>('POST', '/api/jsonata/evaluate', { expression: 'payload', samples: [{}, { payload: 'x'.repeat(70_000) }] }, operator);
    expect(big.status).toBe(400);
    expect(big.body.details).toEqual([{ path: '$.samples[1]', message: expect.stringContaining('at most 65536') }]);
    const long = await runtime.api<{ details: Array<{ path: string }> }>('POST', '/api/jsonata/evaluate', { expression: `payload${' '.repeat(10_001)}`, samples: [{}] }, operator);
    expect(long.status).toBe(400);
    expect(long.body.details[0]!.path).toBe('$.expression');
  });

  test('ordinary previews still work in the worker, with $xref, $partner and located syntax errors', async () => {
    const ok = await runtime.api<Results>('POST', '/api/jsonata/evaluate', { expression: '{"sku": $xref("items", payload.item).sku, "partner": $partner}', samples: [{ payload: { item: 'AC-1' } }], partnerId: 'acme' }, operator);
    expect(ok.body.results).toEqual([{ ok: true, result: { sku: 'NW-1', partner: 'acme' } }]);
    const syntax = await runtime.api<Results>('POST', '/api/jsonata/evaluate', { expression: 'payload +', samples: [{}] }, operator);
    expect(syntax.body.results[0]).toEqual({ ok: false, error: expect.objectContaining({ code: 'S0207', line: 1, column: 10 }) });
  });

  test('a result too large to show is reported instead of being copied to the server thread', async () => {
    const answer = await runtime.api<Results>('POST', '/api/jsonata/evaluate', { expression: '[1..200000]', samples: [{}] }, operator);
    expect(answer.body.results[0]).toEqual({ ok: false, error: expect.objectContaining({ code: 'PREVIEW_RESULT_TOO_LARGE' }) });
  });
});
