// tl-erp-post in the ledger against the real demo ERP: a child document per post, the parent posted or failed, and no header or token recorded.
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHarness, type NodeHarness } from '../../nodes/sdk/index.js';
import { erpPostNode } from '../../nodes/erp/index.js';
import { ackFor, call, useDemoErp } from './demo-erp-helpers.js';

const erp = useDemoErp({ resetFaults: 'before-each' });
const harnesses: NodeHarness[] = [];
const TOKEN = 'tok-erp-ledger-77';

afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
});

async function postNode(properties: Record<string, unknown> = {}): Promise<NodeHarness> {
  const harness = await createNodeHarness(erpPostNode, { baseUrl: erp.baseUrl, auth: 'bearer', ...properties }, { credentials: { token: TOKEN }, nodeId: 'erp-1', flowId: 'acks' });
  harnesses.push(harness);
  return harness;
}

function parentOf(node: NodeHarness, correlationId: string): string {
  return node.services.ledger.record({ direction: 'in', channel: 'intake', documentType: 'acknowledgement', status: 'accepted', correlationId, partnerId: 'demo-supplier' });
}

describe('tl-erp-post in the ledger', () => {
  it('records a successful post as a posted child with the ERP reference, and marks the parent posted', async () => {
    const node = await postNode();
    const parent = parentOf(node, 'c-post');
    const result = await node.send({ payload: ackFor('PO-1013', 'A-1'), partnerId: 'demo-supplier', correlationId: 'c-post', ledgerId: parent, documentType: 'acknowledgement' });
    expect(result.error).toBeUndefined();
    const reference = (result.outputs[0]![0]!.payload as { erpReference: string }).erpReference;
    const post = node.services.ledger.all().find((document) => document.channel === 'erp')!;
    expect(post).toMatchObject({
      direction: 'out', documentType: 'acknowledgement', status: 'posted', parentId: parent, partnerId: 'demo-supplier', correlationId: 'c-post', flowId: 'acks', nodeId: 'erp-1',
      httpStatus: 201, keys: { poNumber: 'PO-1013', ackNumber: 'A-1' }, raw: ackFor('PO-1013', 'A-1'),
      facts: { erpReference: reference, idempotencyKey: 'demo-supplier:po=PO-1013:ack=A-1', method: 'POST', path: '/purchase-orders/PO-1013/acknowledgements', adapter: 'rest' },
    });
    expect(post.durationMs).toEqual(expect.any(Number));
    expect(node.services.ledger.documents.get(parent)).toMatchObject({ status: 'posted', facts: { erpReference: reference } });
    expect(JSON.stringify(node.services.ledger.all())).not.toContain(TOKEN);
  });

  it('records a rejected post with the ERP\'s located problems, and the parent failed with them', async () => {
    const node = await postNode();
    const parent = parentOf(node, 'c-reject');
    const result = await node.send({ payload: ackFor('PO-1014', 'A-1', { lines: [{ line: 99, status: 'accepted' }] }), partnerId: 'demo-supplier', correlationId: 'c-reject', ledgerId: parent });
    expect(result.error).toMatchObject({ code: 'ERP_REJECTED', retryable: false });
    const post = node.services.ledger.all().find((document) => document.channel === 'erp')!;
    expect(post).toMatchObject({ documentType: 'erp-document', status: 'failed', httpStatus: 422, parentId: parent });
    expect(post.errors![0]).toMatchObject({ code: 'ERP_REJECTED', retryable: false, path: '$' });
    expect(post.errors!.slice(1)).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining('lines') })]));
    expect(node.services.ledger.documents.get(parent)).toMatchObject({ status: 'failed', errors: post.errors });
  });

  it('records an ERP outage as a failed child with no HTTP answer beyond 503, and a later retry as posted', async () => {
    const node = await postNode({ documentType: 'acknowledgement' });
    const parent = parentOf(node, 'c-outage');
    await call(`${erp.baseUrl}/_faults`, { method: 'PUT', control: true, json: { errorRate: 1 } });
    const message = { payload: ackFor('PO-1015', 'A-1'), partnerId: 'demo-supplier', correlationId: 'c-outage', ledgerId: parent };
    expect((await node.send(structuredClone(message))).error).toMatchObject({ code: 'ERP_UNAVAILABLE', retryable: true });
    await call(`${erp.baseUrl}/_faults/reset`, { method: 'POST', control: true });
    expect((await node.send(structuredClone(message))).error).toBeUndefined();
    const posts = node.services.ledger.all().filter((document) => document.channel === 'erp');
    expect(posts.map((post) => [post.status, post.httpStatus])).toEqual([['failed', 503], ['posted', 201]]);
    expect(node.services.ledger.patches.map((entry) => entry.patch.status)).toEqual(['failed', 'posted']);
  });

  it('records a post without a ledger document as a child-less ERP document', async () => {
    const node = await postNode();
    await node.send({ payload: ackFor('PO-1016', 'A-1'), correlationId: 'c-orphan' });
    const [post] = node.services.ledger.all();
    expect(post).toMatchObject({ channel: 'erp', status: 'posted', correlationId: 'c-orphan' });
    expect(post!.parentId).toBeUndefined();
    expect(node.services.ledger.patches).toHaveLength(0);
  });
});
