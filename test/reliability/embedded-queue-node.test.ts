// tl-queue through the SDK harness on the embedded JSONL log: 202 only once the line is in queue.db, re-armed from the file by a new store.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeHarness, type DeliveryOutcome, type OutboundResponse } from '../../nodes/sdk/index.js';
import { queueNode } from '../../nodes/reliability/index.js';
import { QueueStore } from '../../runtime/store/queue-store.js';
import { isTrue, waitFor } from '../support/wait-for.js';

function recordingResponse(onSend: () => void = () => undefined) {
  const answer: { status?: number; body?: unknown } = {};
  const res: OutboundResponse = {
    get sent() { return answer.status !== undefined; },
    header: () => undefined,
    send: (status, body) => {
      onSend();
      answer.status = status;
      answer.body = body;
    },
  };
  return { res, answer };
}

/** The live records in queue.db, read the way a restart would (last line per id wins, deletions applied). */
function liveRecords(dataDir: string): Map<string, Record<string, unknown>> {
  const live = new Map<string, Record<string, unknown>>();
  for (const line of readFileSync(path.join(dataDir, 'queue.db'), 'utf8').split('\n')) {
    if (!line) continue;
    const record = JSON.parse(line) as Record<string, unknown> & { _id: string };
    if (record.$$deleted) live.delete(record._id);
    else live.set(record._id, record);
  }
  return live;
}

describe('tl-queue on the embedded log', () => {
  it('answers 202 only with the message in queue.db, and a new store re-arms and acknowledges it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'embedded-queue-'));
    const first = new QueueStore(dataDir);
    await first.ready();
    const harness = await createNodeHarness(queueNode, { queueName: 'acks' }, { services: { queues: first } });
    // The downstream path never completes in this process: the runtime "dies" with the message unacknowledged.
    harness.services.deliveries.decide = () => new Promise<DeliveryOutcome>(() => undefined);
    let storedWhenAnswered: number | undefined;
    const { res, answer } = recordingResponse(() => { storedWhenAnswered = liveRecords(dataDir).size; });
    expect((await harness.send({ correlationId: 'c-1', payload: { po: 'PO-1', 'odd.key': { $x: 1 } }, res })).error).toBeUndefined();
    expect(answer).toMatchObject({ status: 202, body: { status: 'queued', correlationId: 'c-1' } });
    expect(storedWhenAnswered).toBe(1);
    const [record] = liveRecords(dataDir).values();
    expect(record).toMatchObject({ queue: 'acks', attempts: 0 });
    expect(JSON.parse(record!.messageJson as string)).toEqual({ correlationId: 'c-1', payload: { po: 'PO-1', 'odd.key': { $x: 1 } } });
    // No harness.close(): that would wait for the delivery in flight, and a crashed process waits for nothing.
    await first.close();

    const second = new QueueStore(dataDir);
    await second.ready();
    const restarted = await createNodeHarness(queueNode, { queueName: 'acks' }, { services: { queues: second } });
    await waitFor(() => restarted.emitted[0]!.length === 1, isTrue, 10_000, 're-armed delivery');
    expect(restarted.emitted[0]![0]).toMatchObject({ correlationId: 'c-1', payload: { po: 'PO-1', 'odd.key': { $x: 1 } }, queue: { attempt: 1 } });
    await waitFor(() => liveRecords(dataDir).size === 0, isTrue, 10_000, 'acknowledgement written to queue.db');
    await restarted.close();
    await second.close();
  });

  it('stores the retry schedule, so a restart re-arms the failed message with its attempts and errors', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'embedded-queue-'));
    const first = new QueueStore(dataDir);
    await first.ready();
    const harness = await createNodeHarness(queueNode, { queueName: 'acks', baseDelayMs: 60_000, maxDelayMs: 60_000 }, { services: { queues: first } });
    harness.services.deliveries.decide = () => ({ ok: false, failure: { code: 'ERP_UNAVAILABLE', message: 'down', retryable: true, nodeId: 'erp', nodeType: 'tl-erp-post', at: new Date().toISOString() } });
    await harness.send({ correlationId: 'c-2', payload: { po: 'PO-2' } });
    await waitFor(() => [...liveRecords(dataDir).values()].some((record) => record.attempts === 1), isTrue, 10_000, 'retry schedule in queue.db');
    await harness.close();
    await first.close();

    const second = new QueueStore(dataDir);
    await second.ready();
    const [pending] = await second.open('acks').pending();
    expect(pending).toMatchObject({ attempts: 1, failures: [{ code: 'ERP_UNAVAILABLE' }], message: { correlationId: 'c-2' } });
    expect(pending!.notBefore).toBeGreaterThan(pending!.enqueuedAt);
    await second.close();
  });
});
