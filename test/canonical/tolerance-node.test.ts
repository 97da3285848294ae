// tl-tolerance through the SDK harness: date slip, quantity and price limits, partner policy override, ship notices.
import { describe, expect, it } from 'vitest';
import { createNodeHarness, type NodeHarness } from '../../nodes/sdk/index.js';
import { toleranceNode } from '../../nodes/canonical/tolerance-node.js';
import { canonicalExamples } from '../../nodes/canonical/examples.js';
import type { PurchaseOrderAcknowledgement } from '../../nodes/canonical/types.js';

const po = () => structuredClone(canonicalExamples.PurchaseOrder);
const asn = () => structuredClone(canonicalExamples.AdvanceShipNotice);

/** An acknowledgement that confirms the example PO exactly (line 1 requested 2026-12-01, line 2 falls back to the header date). */
function exactAck(): PurchaseOrderAcknowledgement {
  return {
    poNumber: 'PO-10045',
    ackDate: '2026-11-21',
    status: 'accepted',
    lines: [
      { line: 1, status: 'accepted', promisedQty: 500, uom: 'EA', promisedUnitPrice: 0.42, promisedDate: '2026-12-01' },
      { line: 2, status: 'accepted', promisedQty: 20, uom: 'CS', promisedUnitPrice: 18.5, promisedDate: '2026-12-01' },
    ],
  };
}

async function tolerance(properties: Record<string, unknown> = {}): Promise<NodeHarness> {
  return createNodeHarness(toleranceNode, { quantityPct: 5, pricePct: 2, dateDays: 3, ...properties });
}

describe('tl-tolerance with acknowledgements', () => {
  it('sends a promised date 10 days late against a 3-day tolerance to output 2 with the reason', async () => {
    const node = await tolerance();
    const ack = exactAck();
    ack.lines[0]!.promisedDate = '2026-12-11';
    const { outputs } = await node.send({ payload: ack, purchaseOrder: po() });
    expect(outputs[0]).toHaveLength(0);
    expect(outputs[1]![0]!.toleranceExceptions).toEqual([
      {
        line: 1, field: 'date', ordered: '2026-12-01', promised: '2026-12-11', deviation: 10, limit: 3,
        reason: 'promised date 2026-12-11 is 10 days after requested 2026-12-01 (tolerance 3 days)',
      },
    ]);
  });

  it('passes a 1-day slip on output 1 with no exceptions', async () => {
    const node = await tolerance();
    const ack = exactAck();
    ack.lines[0]!.promisedDate = '2026-12-02';
    ack.lines[1]!.promisedDate = '2026-12-02';
    const { outputs } = await node.send({ payload: ack, purchaseOrder: po() });
    expect(outputs[1]).toHaveLength(0);
    expect(outputs[0]![0]!.toleranceExceptions).toEqual([]);
    expect(outputs[0]![0]!.tolerancePolicy).toEqual({ quantityPct: 5, pricePct: 2, dateDays: 3, source: 'node' });
  });

  it('accepts a slip of exactly the tolerance and an early date', async () => {
    const node = await tolerance();
    const ack = exactAck();
    ack.lines[0]!.promisedDate = '2026-12-04';
    ack.lines[1]!.promisedDate = '2026-11-25';
    expect((await node.send({ payload: ack, purchaseOrder: po() })).outputs[0]).toHaveLength(1);
  });

  it('uses the PO header requested date for lines without their own', async () => {
    const node = await tolerance();
    const order = po();
    order.requestedDeliveryDate = '2026-11-28';
    const ack = exactAck();
    const { outputs } = await node.send({ payload: ack, purchaseOrder: order });
    expect(outputs[0]).toHaveLength(1);
    ack.lines[1]!.promisedDate = '2026-12-03';
    const late = await node.send({ payload: ack, purchaseOrder: order });
    expect(late.outputs[1]![0]!.toleranceExceptions).toEqual([expect.objectContaining({ line: 2, field: 'date', ordered: '2026-11-28', deviation: 5 })]);
  });

  it('flags quantity and price deviations beyond their percentages, in both directions', async () => {
    const node = await tolerance();
    const ack = exactAck();
    ack.lines[0]!.promisedQty = 450;
    ack.lines[1]!.promisedUnitPrice = 19.5;
    const { outputs } = await node.send({ payload: ack, purchaseOrder: po() });
    expect(outputs[1]![0]!.toleranceExceptions).toEqual([
      { line: 1, field: 'qty', ordered: 500, promised: 450, deviation: 10, limit: 5, reason: 'promised quantity 450 EA is 10% below ordered 500 EA (tolerance 5%)' },
      { line: 2, field: 'unitPrice', ordered: 18.5, promised: 19.5, deviation: 5.41, limit: 2, reason: 'promised unit price 19.5 is 5.41% above ordered 18.5 (tolerance 2%)' },
    ]);
  });

  it('allows deviations within the percentages, including exactly at the limit', async () => {
    const node = await tolerance();
    const ack = exactAck();
    ack.lines[0]!.promisedQty = 525;
    ack.lines[1]!.promisedUnitPrice = 18.87;
    expect((await node.send({ payload: ack, purchaseOrder: po() })).outputs[0]).toHaveLength(1);
  });

  it('treats rejected lines as quantity 0 and a whole rejected order as every line rejected', async () => {
    const node = await tolerance();
    const ack = exactAck();
    ack.lines[1] = { line: 2, status: 'rejected', reason: 'discontinued' };
    const { outputs } = await node.send({ payload: ack, purchaseOrder: po() });
    expect(outputs[1]![0]!.toleranceExceptions).toEqual([
      expect.objectContaining({ line: 2, field: 'qty', promised: 0, deviation: 100, reason: 'line rejected: promised quantity 0 CS is 100% below ordered 20 CS (tolerance 5%)' }),
    ]);
    const rejected = await node.send({ payload: { poNumber: 'PO-10045', ackDate: '2026-11-21', status: 'rejected', lines: [] }, purchaseOrder: po() });
    expect((rejected.outputs[1]![0]!.toleranceExceptions as Array<{ line: number }>).map((e) => e.line)).toEqual([1, 2]);
  });

  it('flags a unit that differs from the PO and a line that is not on the PO', async () => {
    const node = await tolerance();
    const ack = exactAck();
    ack.lines[1]!.uom = 'EA';
    ack.lines.push({ line: 9, status: 'accepted', promisedQty: 1, uom: 'EA' });
    const { outputs } = await node.send({ payload: ack, purchaseOrder: po() });
    expect(outputs[1]![0]!.toleranceExceptions).toEqual([
      expect.objectContaining({ line: 2, field: 'uom', ordered: 'CS', promised: 'EA' }),
      expect.objectContaining({ line: 9, field: 'line', reason: 'line 9 is not on purchase order PO-10045' }),
    ]);
  });

  it('sums a split schedule per line and checks each delivery date', async () => {
    const node = await tolerance();
    const ack = exactAck();
    ack.lines.splice(0, 1,
      { line: 1, status: 'changed', promisedQty: 300, uom: 'EA', promisedDate: '2026-12-01' },
      { line: 1, status: 'backordered', promisedQty: 200, uom: 'EA', promisedDate: '2026-12-02' });
    expect((await node.send({ payload: ack, purchaseOrder: po() })).outputs[0]).toHaveLength(1);

    ack.lines[1]!.promisedDate = '2026-12-20';
    ack.lines[1]!.promisedQty = 100;
    const { outputs } = await node.send({ payload: ack, purchaseOrder: po() });
    expect(outputs[1]![0]!.toleranceExceptions).toEqual([
      expect.objectContaining({ line: 1, field: 'qty', promised: 400, deviation: 20 }),
      expect.objectContaining({ line: 1, field: 'date', promised: '2026-12-20', deviation: 19 }),
    ]);
  });

  it("uses the partner's own policy over the node's", async () => {
    const node = await tolerance();
    node.services.partners.add({ id: 'acme', name: 'Acme', status: 'active', tolerance: { quantityPct: 0, pricePct: 0, dateDays: 14 } });
    const ack = exactAck();
    ack.lines[0]!.promisedDate = '2026-12-11';
    const lenient = await node.send({ partnerId: 'acme', payload: ack, purchaseOrder: po() });
    expect(lenient.outputs[0]).toHaveLength(1);
    expect(lenient.outputs[0]![0]!.tolerancePolicy).toEqual({ quantityPct: 0, pricePct: 0, dateDays: 14, source: 'partner' });

    ack.lines[0]!.promisedQty = 501;
    const strict = await node.send({ partnerId: 'acme', payload: ack, purchaseOrder: po() });
    expect(strict.outputs[1]![0]!.toleranceExceptions).toEqual([expect.objectContaining({ line: 1, field: 'qty', limit: 0, deviation: 0.2 })]);
  });

  it('reads the document and the PO from configured properties', async () => {
    const node = await tolerance({ property: 'ack', purchaseOrderProperty: 'erp.order' });
    const { outputs } = await node.send({ ack: exactAck(), erp: { order: po() } });
    expect(outputs[0]).toHaveLength(1);
  });

  it('raises coded errors for a missing PO, a different PO and an unrecognisable document', async () => {
    const node = await tolerance();
    expect((await node.send({ payload: exactAck() })).error?.code).toBe('PURCHASE_ORDER_MISSING');
    expect((await node.send({ payload: { ...exactAck(), poNumber: 'PO-1' }, purchaseOrder: po() })).error?.code).toBe('PO_MISMATCH');
    expect((await node.send({ payload: { poNumber: 'PO-10045' }, purchaseOrder: po() })).error?.code).toBe('TOLERANCE_UNKNOWN_DOCUMENT');
  });
});

describe('tl-tolerance with ship notices', () => {
  it('passes the example ASN when quantity tolerance covers the short-shipped line', async () => {
    const node = await tolerance({ quantityPct: 10 });
    const { outputs } = await node.send({ payload: asn(), purchaseOrder: po() });
    expect(outputs[0]).toHaveLength(1);
  });

  it('sums items across packs per line and compares the estimated delivery date', async () => {
    const node = await tolerance();
    const notice = asn();
    notice.estimatedDeliveryDate = '2026-12-08';
    notice.orders[0]!.packs.push({ sscc: '006141411234567913', items: [{ line: 2, qty: 2, uom: 'CS' }] });
    const { outputs } = await node.send({ payload: notice, purchaseOrder: po() });
    expect(outputs[1]![0]!.toleranceExceptions).toEqual([
      expect.objectContaining({ line: 1, field: 'date', deviation: 7, reason: 'estimated delivery 2026-12-08 is 7 days after requested 2026-12-01 (tolerance 3 days)' }),
      expect.objectContaining({ line: 2, field: 'date', deviation: 7 }),
    ]);
  });

  it('flags an over-shipment', async () => {
    const node = await tolerance();
    const notice = asn();
    notice.orders[0]!.packs[0]!.items[0]!.qty = 600;
    notice.orders[0]!.packs[1]!.items[0]!.qty = 20;
    const { outputs } = await node.send({ payload: notice, purchaseOrder: po() });
    expect(outputs[1]![0]!.toleranceExceptions).toEqual([
      expect.objectContaining({ line: 1, field: 'qty', reason: 'shipped quantity 600 EA is 20% above ordered 500 EA (tolerance 5%)' }),
    ]);
  });

  it('raises PO_MISMATCH when the ship notice has no order for the PO', async () => {
    const node = await tolerance();
    const notice = asn();
    notice.orders[0]!.poNumber = 'PO-99999';
    expect((await node.send({ payload: notice, purchaseOrder: po() })).error?.code).toBe('PO_MISMATCH');
  });
});
