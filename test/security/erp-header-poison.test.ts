// Attack: acks whose document numbers hold characters no HTTP header may carry used to wedge the ERP pool and stop all delivery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerSafe } from '../../nodes/erp/header-values.js';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { appliedAcks, postDemoAck, realAck, PO_NUMBERS } from './erp-support.js';
import { waitFor } from '../support/wait-for.js';

let runtime: RuntimeProcess;

beforeAll(async () => {
  runtime = await startRuntime();
});

afterAll(async () => {
  await runtime?.stop();
});

describe('acks with header-breaking document numbers', () => {
  it('20 emoji ack numbers (no Idempotency-Key) neither stop nor slow the next 64 acks: every one is applied exactly once', async () => {
    const poison = Array.from({ length: 20 }, (_, index) => ({ po: PO_NUMBERS[index % 20]!, ack: `EMOJI-😀-${index}` }));
    for (const { po, ack } of poison) expect((await postDemoAck(runtime, realAck(po, ack))).status).toBe(202);
    const normal = Array.from({ length: 64 }, (_, index) => ({ po: PO_NUMBERS[index % 20]!, ack: `AFTER-${index}` }));
    await Promise.all(normal.map(async ({ po, ack }) => expect((await postDemoAck(runtime, realAck(po, ack))).status).toBe(202)));

    const everyAck = [...poison, ...normal].map(({ ack }) => ack);
    const applied = await waitFor(() => appliedAcks(runtime), (seen) => everyAck.every((ack) => seen.has(ack)), 90_000);
    const missing = everyAck.filter((ack) => !applied.has(ack));
    expect(missing, `not applied by the ERP: ${missing.join(', ')}`).toEqual([]);
    for (const ack of everyAck) expect(applied.get(ack), ack).toHaveLength(1);

    // The emoji key went out percent-encoded: stable, readable, and still the document's own key.
    const key = applied.get('EMOJI-😀-0')![0]!.idempotencyKey;
    expect(key).toBe(`demo-supplier:${PO_NUMBERS[0]}:EMOJI-%F0%9F%98%80-0`);
  }, 150_000);

  it('a correlation ID with non-ASCII bytes is carried to the ERP encoded, and the ack is applied', async () => {
    const answer = await postDemoAck(runtime, realAck('PO-1007', 'CORR-1'), { 'x-correlation-id': 'caf\u00e9-\u00ff-trace' });
    expect([202, 400]).toContain(answer.status);
    if (answer.status === 400) {
      // Intake may refuse such a header outright; then it must say where.
      expect(answer.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/correlation/i) })]));
      return;
    }
    const applied = await waitFor(() => appliedAcks(runtime), (seen) => seen.has('CORR-1'), 30_000);
    expect(applied.get('CORR-1')).toHaveLength(1);
    // Whatever bytes intake read, the ERP got their percent-encoded form: visible ASCII, decodable back to them.
    const received = applied.get('CORR-1')![0]!.correlationId!;
    expect(received).toMatch(/^[\x21-\x7e]+$/);
    expect(received).toBe(headerSafe(String(answer.body.correlationId), 128));
    expect(received.startsWith('caf%C3')).toBe(true);
  }, 60_000);
});
