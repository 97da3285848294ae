// tl-erp-query through the SDK harness against the real demo ERP: enrichment, not-found policy, failures.
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHarness, type NodeHarness } from '../../nodes/sdk/index.js';
import { erpNodes, erpQueryNode } from '../../nodes/erp/index.js';
import { call, useDemoErp } from './demo-erp-helpers.js';

const erp = useDemoErp({ resetFaults: 'after-each' });
const harnesses: NodeHarness[] = [];

afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
});

async function queryNode(properties: Record<string, unknown> = {}): Promise<NodeHarness> {
  const harness = await createNodeHarness(erpQueryNode, { baseUrl: erp.baseUrl, ...properties });
  harnesses.push(harness);
  return harness;
}

describe('tl-erp-query', () => {
  it('puts the purchase order on msg.purchaseOrder and leaves the payload alone', async () => {
    const node = await queryNode();
    const payload = { poNumber: 'PO-1001', ackNumber: 'A-1' };
    const result = await node.send({ payload });
    const out = result.outputs[0]?.[0];
    expect(out?.payload).toEqual(payload);
    expect(out?.purchaseOrder).toMatchObject({ poNumber: 'PO-1001', partnerId: 'demo-supplier', lines: expect.any(Array), history: [] });
    expect(result.outputs[1]).toEqual([]);
  });

  it('writes to a nested target property', async () => {
    const node = await queryNode({ targetProperty: 'erp.po' });
    const out = (await node.send({ payload: { poNumber: 'PO-1002' } })).outputs[0]?.[0];
    expect((out?.erp as { po: { poNumber: string } }).po.poNumber).toBe('PO-1002');
  });

  it('fails with a permanent ERP_NOT_FOUND for an unknown PO by default', async () => {
    const node = await queryNode();
    const result = await node.send({ payload: { poNumber: 'PO-0000' } });
    expect(result.error).toMatchObject({ code: 'ERP_NOT_FOUND', retryable: false, details: { status: 404 } });
  });

  it('sends an unknown PO to the "not found" output when configured', async () => {
    const node = await queryNode({ notFound: 'output' });
    const result = await node.send({ payload: { poNumber: 'PO-0000' } });
    expect(result.error).toBeUndefined();
    expect(result.outputs[0]).toEqual([]);
    expect(result.outputs[1]?.[0]?.payload).toEqual({ poNumber: 'PO-0000' });
  });

  it('classifies an ERP outage as retryable', async () => {
    await call(`${erp.baseUrl}/_faults`, { method: 'PUT', control: true, json: { downForSeconds: 30 } });
    const node = await queryNode();
    const result = await node.send({ payload: { poNumber: 'PO-1001' } });
    expect(result.error).toMatchObject({ code: 'ERP_UNAVAILABLE', retryable: true, details: { status: 503 } });
  });

  it('rejects an invalid target property at config time', async () => {
    await expect(createNodeHarness(erpQueryNode, { baseUrl: erp.baseUrl, targetProperty: 'not a path' })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });
});

describe('erpNodes catalog', () => {
  it('exports both ERP nodes with secret credentials marked x-secret', () => {
    expect(erpNodes.map((descriptor) => descriptor.type)).toEqual(['tl-erp-post', 'tl-erp-query']);
    for (const descriptor of erpNodes) {
      expect(descriptor.origin).toBe('tradelane');
      const credentials = descriptor.credentialsSchema?.properties ?? {};
      expect(credentials.token?.['x-secret']).toBe(true);
      expect(credentials.password?.['x-secret']).toBe(true);
      expect(credentials.apiKey?.['x-secret']).toBe(true);
    }
  });
});
