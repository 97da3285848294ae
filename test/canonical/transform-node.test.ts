// tl-transform through the SDK harness: mapping with $partner, $xref and $now, target property, located JSONata errors.
import { describe, expect, it } from 'vitest';
import { createNodeHarness, ManualClock } from '../../nodes/sdk/index.js';
import { transformNode } from '../../nodes/canonical/transform-node.js';

const portalAckMapping = `{
  "poNumber": payload.po,
  "ackDate": $now("[Y0001]-[M01]-[D01]"),
  "status": "accepted",
  "partnerId": $partner,
  "lines": payload.items.{
    "line": $number(lineNo),
    "supplierItem": item,
    "sku": $xref("supplier-items", item).sku,
    "status": "accepted",
    "promisedQty": qty,
    "uom": "EA"
  }[]
}`;

describe('tl-transform', () => {
  it('maps a portal acknowledgement with $partner, $xref and $now into the canonical shape', async () => {
    const clock = new ManualClock(Date.parse('2026-11-21T09:30:00Z'));
    const node = await createNodeHarness(transformNode, { expression: portalAckMapping }, { services: { clock } });
    node.services.xref.put('supplier-items', 'supplierItem', [{ supplierItem: 'AC-8812', sku: 'NW-BOLT-M8' }]);
    const { outputs, error } = await node.send({
      partnerId: 'acme',
      payload: { po: 'PO-10045', items: [{ lineNo: '1', item: 'AC-8812', qty: 500 }, { lineNo: '2', item: 'AC-0000', qty: 3 }] },
    });
    expect(error).toBeUndefined();
    expect(outputs[0]![0]!.payload).toEqual({
      poNumber: 'PO-10045',
      ackDate: '2026-11-21',
      status: 'accepted',
      partnerId: 'acme',
      lines: [
        { line: 1, supplierItem: 'AC-8812', sku: 'NW-BOLT-M8', status: 'accepted', promisedQty: 500, uom: 'EA' },
        // A missing xref row yields no sku: the xref node or the validate node decides what a miss means.
        { line: 2, supplierItem: 'AC-0000', status: 'accepted', promisedQty: 3, uom: 'EA' },
      ],
    });
  });

  it('writes to the configured target property and keeps the rest of the message', async () => {
    const node = await createNodeHarness(transformNode, { expression: '$now()', property: 'meta.receivedAt' }, { services: { clock: new ManualClock(Date.parse('2026-01-02T03:04:05Z')) } });
    const { outputs } = await node.send({ payload: { keep: true }, meta: { source: 'portal' } });
    expect(outputs[0]![0]).toMatchObject({ payload: { keep: true }, meta: { source: 'portal', receivedAt: '2026-01-02T03:04:05.000Z' } });
  });

  it('refuses to deploy an expression with a syntax error and says where it is', async () => {
    const creation = createNodeHarness(transformNode, { expression: '{\n  "po": payload.po,\n  "x": payload.items[qty > ]\n}' });
    await expect(creation).rejects.toMatchObject({
      code: 'JSONATA_ERROR',
      message: expect.stringContaining('(line 3, column 28)'),
      details: { code: 'S0211', position: 50, token: ']', line: 3, column: 28 },
    });
    await expect(creation).rejects.toBeInstanceOf(Error);
  });

  it('wraps evaluation errors into a JSONATA_ERROR with position and token on msg.failure', async () => {
    const node = await createNodeHarness(transformNode, { expression: 'payload.qty + 1' });
    const { outputs, error } = await node.send({ payload: { qty: 'ten' } });
    expect(outputs[0]).toHaveLength(0);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'JSONATA_ERROR', details: { code: 'T2001', position: 13, token: '+' } });
    expect(error!.message).toContain('The left side of the "+" operator must evaluate to a number');
    expect(error!.message).not.toContain('[object Object]');
  });

  it('rejects a config without an expression', async () => {
    await expect(createNodeHarness(transformNode, { expression: '' })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });

  it('keeps its sample messages in the config for the designer preview', async () => {
    const samples = [{ payload: { po: 'PO-1' } }, { payload: { po: 'PO-2' }, partnerId: 'acme' }];
    const node = await createNodeHarness(transformNode, { expression: 'payload.po', samples });
    const { outputs } = await node.send({ payload: { po: 'PO-9' } });
    expect(outputs[0]![0]!.payload).toBe('PO-9');
    expect(transformNode.configSchema.properties?.samples?.['x-widget']).toBe('json');
    expect(transformNode.configSchema.properties?.expression?.['x-widget']).toBe('jsonata');
  });
});
