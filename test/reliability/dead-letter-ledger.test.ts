// Dead letters in the ledger: the message's document becomes dead-lettered with its failure chain (by tl-dead-letter or the durable queue); an unrecorded message gets a document of its own.
import { describe, expect, it } from 'vitest';
import { createNodeHarness, type Failure } from '../../nodes/sdk/index.js';
import { deadLetterNode, queueNode } from '../../nodes/reliability/index.js';
import { isTrue, waitFor } from '../support/wait-for.js';

const failure = (code: string, at: string): Failure => ({ code, message: `${code} happened`, retryable: code !== 'ERP_REJECTED', nodeId: 'erp-1', nodeType: 'tl-erp-post', at });

describe('dead letters in the ledger', () => {
  it('marks the message\'s document dead-lettered with every attempt\'s error and the dead letter id', async () => {
    const harness = await createNodeHarness(deadLetterNode, {});
    const ledger = harness.services.ledger;
    const documentId = ledger.record({ direction: 'in', channel: 'intake', documentType: 'acknowledgement', status: 'failed', correlationId: 'c-1' });
    const failures = [failure('ERP_UNAVAILABLE', '2026-01-01T00:00:01.000Z'), failure('ERP_REJECTED', '2026-01-01T00:00:02.000Z')];
    const { outputs } = await harness.send({ correlationId: 'c-1', ledgerId: documentId, payload: { poNumber: 'PO-1' }, failures, failure: failures[1] });
    const deadLetterId = outputs[0]![0]!.deadLetterId as string;
    expect(ledger.documents.get(documentId)).toMatchObject({
      status: 'dead-lettered', facts: { deadLetterId },
      errors: [{ code: 'ERP_UNAVAILABLE', retryable: true, nodeId: 'erp-1', at: '2026-01-01T00:00:01.000Z' }, { code: 'ERP_REJECTED', retryable: false, message: 'ERP_REJECTED happened' }],
    });
    expect(harness.services.deadLetters.entries.get(deadLetterId)!.message.ledgerId).toBe(documentId);
  });

  it('records a message no node recorded as a dead-lettered document, whose id the stored message carries for a replay', async () => {
    const harness = await createNodeHarness(deadLetterNode, {}, { flowId: 'po-out' });
    const { outputs } = await harness.send({ correlationId: 'c-2', partnerId: 'acme', payload: { poNumber: 'PO-77', lines: [] }, failure: failure('EDI_GENERATE_FAILED', '2026-01-01T00:00:03.000Z') });
    const [document] = harness.services.ledger.all();
    expect(document).toMatchObject({
      direction: 'in', channel: 'deadletter', documentType: 'message', status: 'dead-lettered', correlationId: 'c-2', partnerId: 'acme', flowId: 'po-out',
      keys: { poNumber: 'PO-77' }, raw: { poNumber: 'PO-77', lines: [] }, errors: [{ code: 'EDI_GENERATE_FAILED' }],
    });
    const deadLetterId = outputs[0]![0]!.deadLetterId as string;
    expect(harness.services.deadLetters.entries.get(deadLetterId)!.message.ledgerId).toBe(document!.id);
    expect(harness.services.ledger.documents.get(document!.id)!.facts).toEqual({ deadLetterId });
  });

  it('lets the durable queue mark the document itself, so its dead-lettered output need not be wired; passes its output through untouched', async () => {
    const queue = await createNodeHarness(queueNode, { queueName: 'q', maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 });
    const ledger = queue.services.ledger;
    const documentId = ledger.record({ direction: 'in', channel: 'intake', documentType: 'acknowledgement', status: 'accepted', correlationId: 'c-3' });
    queue.services.deliveries.decide = () => ({ ok: false, failure: failure('ERP_UNAVAILABLE', '2026-01-01T00:00:04.000Z') });
    await queue.send({ correlationId: 'c-3', ledgerId: documentId, payload: { poNumber: 'PO-3' } });
    await waitFor(() => queue.emitted[1]!.length === 1, isTrue, 5000, 'the dead letter');
    const [letter] = [...queue.services.deadLetters.entries.values()];
    expect(ledger.documents.get(documentId)).toMatchObject({ status: 'dead-lettered', facts: { deadLetterId: letter!.id }, errors: [{ code: 'ERP_UNAVAILABLE' }, { code: 'ERP_UNAVAILABLE' }] });
    await queue.close();

    const passThrough = await createNodeHarness(deadLetterNode, {});
    const { outputs } = await passThrough.send(queue.emitted[1]![0]!);
    expect(outputs[0]![0]!.deadLetterId).toBe(letter!.id);
    expect(passThrough.services.deadLetters.entries.size).toBe(0);
    expect(passThrough.services.ledger.all()).toEqual([]);
  });
});
