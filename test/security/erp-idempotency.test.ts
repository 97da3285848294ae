// Attack: a partner re-sends one acknowledgement under fresh Idempotency-Key headers to have the ERP apply it again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { appliedAcks, postDemoAck, realAck } from './erp-support.js';
import { waitFor } from '../support/wait-for.js';

let runtime: RuntimeProcess;

beforeAll(async () => {
  runtime = await startRuntime();
});

afterAll(async () => {
  await runtime?.stop();
});

describe('the ERP key comes from the document, never from the partner', () => {
  it('the same ack sent with Idempotency-Key k1, k2 and none is applied by the ERP once', async () => {
    const ack = realAck('PO-1009', 'DUP-1');
    for (const headers of [{ 'idempotency-key': 'k1' }, { 'idempotency-key': 'k2' }, {}] as Array<Record<string, string>>) {
      // Intake de-duplicates on the partner's key, so each of these is new to it and is queued.
      expect((await postDemoAck(runtime, ack, headers)).status).toBe(202);
    }
    // All three reach the ERP; wait until the queue has handed each over (two answered from the ERP's idempotency store).
    const stats = await waitFor(
      async () => (await (await fetch(`${runtime.url}/demo-erp/_stats`)).json()) as { appliedUpdates: number; idempotentReplays: number },
      (value) => value.appliedUpdates + value.idempotentReplays >= 3,
      30_000,
    );
    expect(stats).toMatchObject({ appliedUpdates: 1, idempotentReplays: 2 });
    const applied = await appliedAcks(runtime);
    expect(applied.get('DUP-1')).toHaveLength(1);
    expect(applied.get('DUP-1')![0]!.idempotencyKey).toBe('demo-supplier:PO-1009:DUP-1');
  }, 60_000);
});
