// Soak: 5,000 normal acks with 1% poison mixed in, through the demo flow on a real runtime; nothing is lost, doubled or stuck, and the breaker stays shut.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { appliedAcks, deadLetters, postDemoAck, realAck, refusedAck, watchNodeStatus, PO_NUMBERS, type RawAnswer } from './erp-support.js';
import { waitFor } from '../support/wait-for.js';

const NORMAL = 5000;
const ERP_NODE = 'demo-ack-erp';

type PoisonKind = 'header-chars' | 'correlation-id' | 'refused-line' | 'deep-nesting';

interface Sent {
  ackNumber: string;
  kind: PoisonKind | 'normal';
  answer: RawAnswer;
}

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = { inner: value };
  return value;
}

/** The 50 poison acks (1%): header-breaking document numbers and correlation IDs, a line the ERP always refuses, a deeply nested body. */
function poisonAcks(): Array<{ kind: PoisonKind; ackNumber: string; body: string; headers: Record<string, string> }> {
  const acks: Array<{ kind: PoisonKind; ackNumber: string; body: string; headers: Record<string, string> }> = [];
  for (let index = 0; index < 50; index += 1) {
    const po = PO_NUMBERS[index % PO_NUMBERS.length]!;
    const kind = (['header-chars', 'correlation-id', 'refused-line', 'deep-nesting'] as const)[index % 4]!;
    const ackNumber = {
      'header-chars': `P-${index}-😀\u0001\u00e9`,
      'correlation-id': `P-${index}-CORR`,
      'refused-line': `P-${index}-REFUSED`,
      'deep-nesting': `P-${index}-DEEP`,
    }[kind];
    const headers: Record<string, string> = { 'x-correlation-id': kind === 'correlation-id' ? `soak-\u00ff\u00fe-${index}` : `soak-poison-${index}` };
    const ack = kind === 'refused-line' ? refusedAck(po, ackNumber) : realAck(po, ackNumber);
    const body = kind === 'deep-nesting' ? JSON.stringify({ ...ack, extension: nested(2_000) }) : JSON.stringify(ack);
    acks.push({ kind, ackNumber, body, headers });
  }
  return acks;
}

/** A well-behaved partner client: on 503 (queue full) it waits as told and sends again. */
async function send(runtime: RuntimeProcess, body: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  for (let attempt = 0; ; attempt += 1) {
    const answer = await postDemoAck(runtime, body, headers);
    if ((answer.status !== 503 && answer.status !== 0) || attempt >= 30) return answer;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function inBatches<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await task(items[next++]!);
  }));
}

let runtime: RuntimeProcess;
let token: string;

beforeAll(async () => {
  runtime = await startRuntime({ timeoutMs: 60_000 });
  token = await runtime.login();
});

afterAll(async () => {
  await runtime?.stop();
});

describe('poison soak', () => {
  it('delivers 5,000 normal acks exactly once among 50 poison acks; poison is dead-lettered with its reason or refused at intake; the breaker never opens', async () => {
    const status = await watchNodeStatus(runtime, token, ERP_NODE);
    try {
      const poison = poisonAcks();
      const work: Array<{ ackNumber: string; kind: Sent['kind']; body: string; headers: Record<string, string> }> = [];
      for (let index = 0; index < NORMAL; index += 1) {
        work.push({ kind: 'normal', ackNumber: `N-${index}`, body: JSON.stringify(realAck(PO_NUMBERS[index % PO_NUMBERS.length]!, `N-${index}`)), headers: {} });
        if (index % 100 === 50) work.push(poison[Math.floor(index / 100)]!); // 1% mixed in, spread over the run
      }
      const sent: Sent[] = [];
      await inBatches(work, 16, async (item) => { sent.push({ ackNumber: item.ackNumber, kind: item.kind, answer: await send(runtime, item.body, item.headers) }); });

      // Intake: every normal ack accepted; a poison ack is accepted or refused with a located 4xx.
      const normal = sent.filter((s) => s.kind === 'normal');
      expect(normal.filter((s) => s.answer.status !== 202).map((s) => `${s.ackNumber}: ${s.answer.status}`)).toEqual([]);
      const refusedAtIntake = sent.filter((s) => s.kind !== 'normal' && s.answer.status !== 202);
      for (const refused of refusedAtIntake) {
        expect(refused.answer.status, refused.ackNumber).toBeGreaterThanOrEqual(400);
        expect(refused.answer.status, refused.ackNumber).toBeLessThan(500);
        expect(refused.answer.body.details, refused.ackNumber).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]));
      }
      const accepted = sent.filter((s) => s.kind !== 'normal' && s.answer.status === 202);
      // Poison the ERP can take (encoded headers, extra nesting dropped by the mapping) is applied; the rest is dead-lettered.
      const deliverable = accepted.filter((s) => s.kind === 'header-chars' || s.kind === 'correlation-id' || s.kind === 'deep-nesting');
      const mustDeadLetter = accepted.filter((s) => s.kind === 'refused-line');
      expect(mustDeadLetter.length).toBeGreaterThan(0);

      const expected = [...normal, ...deliverable].map((s) => s.ackNumber);
      const applied = await waitFor(() => appliedAcks(runtime), (seen) => expected.every((ack) => seen.has(ack)), 240_000);
      const letters = await waitFor(() => deadLetters(runtime, token), (found) => found.length >= mustDeadLetter.length, 30_000);

      // Every normal ack exactly once, by the ERP's own per-PO history.
      const missing = normal.filter((s) => !applied.has(s.ackNumber)).map((s) => s.ackNumber);
      expect(missing.length, `normal acks never applied: ${missing.slice(0, 20).join(', ')}`).toBe(0);
      const doubled = [...applied.entries()].filter(([, entries]) => entries.length > 1).map(([ack]) => ack);
      expect(doubled, 'applied more than once').toEqual([]);

      // Deliverable poison was applied once (its keys percent-encoded), or, for a nested body, dead-lettered; never lost.
      const lettersByCorrelation = new Map(letters.map((letter) => [letter.correlationId, letter]));
      for (const item of deliverable) {
        const letter = lettersByCorrelation.get(String(item.answer.body.correlationId));
        expect(applied.has(item.ackNumber) || letter !== undefined, `${item.kind} ${item.ackNumber} was lost`).toBe(true);
      }
      // Refused poison: dead-lettered with the ERP's located reason, never applied.
      for (const item of mustDeadLetter) {
        const letter = lettersByCorrelation.get(String(item.answer.body.correlationId));
        expect(letter, `dead letter for ${item.ackNumber}`).toBeDefined();
        expect(letter!.lastError).toMatchObject({ code: 'ERP_REJECTED', retryable: false });
        expect(letter!.lastError!.message).toMatch(/\$\.lines\[0\]\.sku/);
        expect(applied.has(item.ackNumber)).toBe(false);
      }
      // Nothing else was dead-lettered: no normal ack failed on the way.
      expect(letters.length).toBe(mustDeadLetter.length + deliverable.filter((item) => !applied.has(item.ackNumber)).length);

      // The breaker, as the operator sees it (the ERP node's status), never left "connected".
      expect(status.texts.filter((text) => /circuit/.test(text))).toEqual([]);

      // The observable is live: an ERP outage does open the circuit, and the status shows it.
      expect((await runtime.api('PUT', '/demo-erp/_faults', { downForSeconds: 30 }, token)).status).toBe(200);
      for (let index = 0; index < 8; index += 1) await send(runtime, JSON.stringify(realAck('PO-1001', `OUTAGE-${index}`)));
      const seen = await waitFor(async () => status.texts, (texts) => texts.includes('circuit open'), 30_000);
      expect(seen).toContain('circuit open');
    } finally {
      status.close();
    }
  }, 330_000);
});
