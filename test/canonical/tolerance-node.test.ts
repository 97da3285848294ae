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

describe('tl-tolerance refuses documents it cannot read', () => {
  it('gives a portal acknowledgement with qty and unitPrice a located error naming the canonical fields, instead of passing it', async () => {
    const node = await tolerance();
    // 450 of 500 and a 10% price rise: before the fix this passed as "within tolerance" because neither field was read.
    const portal = { poNumber: 'PO-10045', ackDate: '2026-11-21', status: 'accepted', lines: [{ line: 1, status: 'accepted', qty: 450, uom: 'EA', unitPrice: 0.462, promisedDate: '2026-12-01' }] };
    const { outputs, error } = await node.send({ payload: portal, purchaseOrder: po() });
    expect(outputs[0]).toHaveLength(0);
    expect(outputs[1]).toHaveLength(0);
    expect(error?.code).toBe('TOLERANCE_NOT_CANONICAL');
    expect(error?.details).toEqual([
      { path: 'payload.lines[0].qty', message: 'is not a field of a canonical acknowledgement line: the tolerance check reads promisedQty; map qty to promisedQty before this node' },
      { path: 'payload.lines[0].unitPrice', message: 'is not a field of a canonical acknowledgement line: the tolerance check reads promisedUnitPrice; map unitPrice to promisedUnitPrice before this node' },
    ]);
    expect(node.services.exceptions.opened).toEqual([]);
  });

  it('compares the same acknowledgement once it is mapped to the canonical fields', async () => {
    const node = await tolerance();
    const canonical = { poNumber: 'PO-10045', ackDate: '2026-11-21', status: 'accepted', lines: [{ line: 1, status: 'accepted', promisedQty: 450, uom: 'EA', promisedUnitPrice: 0.462, promisedDate: '2026-12-01' }] };
    const { outputs } = await node.send({ payload: canonical, purchaseOrder: po() });
    expect((outputs[1]![0]!.toleranceExceptions as Array<{ field: string }>).map((entry) => entry.field)).toEqual(['qty', 'unitPrice']);
  });

  it('locates wrongly typed values, unknown fields and a ship notice item in another dialect', async () => {
    const node = await tolerance();
    const ack = exactAck() as unknown as { lines: Array<Record<string, unknown>> };
    ack.lines[0]!.promisedQty = '500';
    ack.lines[1]!.promisedDate = '1.12.2026';
    ack.lines[1]!.note = 'rush';
    const { error } = await node.send({ payload: ack, purchaseOrder: po() });
    expect(error?.details).toEqual([
      { path: 'payload.lines[0].promisedQty', message: 'must be number' },
      { path: 'payload.lines[1].note', message: expect.stringContaining('is not a field of a canonical acknowledgement line, so the tolerance check cannot know what it means') },
      { path: 'payload.lines[1].promisedDate', message: 'must match format "date"' },
    ]);

    const notice = asn() as unknown as { orders: Array<{ packs: Array<{ items: Array<Record<string, unknown>> }> }> };
    const item = notice.orders[0]!.packs[1]!.items[0]!;
    item.quantity = item.qty;
    delete item.qty;
    const shipped = await node.send({ payload: notice, purchaseOrder: po() });
    expect(shipped.error?.code).toBe('TOLERANCE_NOT_CANONICAL');
    expect(shipped.error?.details).toEqual([
      { path: 'payload.orders[0].packs[1].items[0].qty', message: 'is required' },
      { path: 'payload.orders[0].packs[1].items[0].quantity', message: 'is not a field of a canonical ship notice item: the tolerance check reads qty; map quantity to qty before this node' },
    ]);
  });
});

describe('tl-tolerance opens exceptions', () => {
  it('opens one located exception per document beyond tolerance, with its keys, and puts its id on the message', async () => {
    const node = await createNodeHarness(toleranceNode, { quantityPct: 5, pricePct: 2, dateDays: 3 }, { nodeId: 'tol-1', flowId: 'acks' });
    const ack = { ...exactAck(), ackNumber: 'ACK-9' };
    ack.lines.splice(1, 1, { line: 2, status: 'changed', promisedQty: 10, uom: 'CS', promisedDate: '2026-12-01' }, { line: 2, status: 'backordered', promisedQty: 10, uom: 'CS', promisedDate: '2026-12-20' });
    const { outputs } = await node.send({ payload: ack, purchaseOrder: po(), partnerId: 'acme', correlationId: 'c-tol', ledgerId: 'doc-3' });
    const out = outputs[1]![0]!;
    expect(out.exceptionId).toBe('ex-1');
    expect(node.services.exceptions.opened).toEqual([{
      id: 'ex-1', kind: 'tolerance', correlationId: 'c-tol', partnerId: 'acme', flowId: 'acks', nodeId: 'tol-1', documentId: 'doc-3',
      keys: { poNumber: 'PO-10045', ackNumber: 'ACK-9' },
      summary: 'acknowledgement ACK-9 for PO-10045 is beyond tolerance: 1 deviation (date)',
      details: [{
        path: 'payload.lines[2].promisedDate', line: 2, field: 'date', expected: '2026-12-01', actual: '2026-12-20', allowed: 3, deviation: 19, unit: 'days',
        message: 'line 2: promised date 2026-12-20 is 19 days after requested 2026-12-01 (tolerance 3 days)',
      }],
    }]);
    expect(node.services.ledger.patches).toEqual([{ reference: { documentId: 'doc-3' }, patch: { keys: { poNumber: 'PO-10045', ackNumber: 'ACK-9' }, facts: { tolerance: 'exceeded', exceptionId: 'ex-1' } } }]);

    // A retry of the same message is the same exception; a second acknowledgement in the same interchange (same correlation id) is its own.
    await node.send({ payload: ack, purchaseOrder: po(), partnerId: 'acme', correlationId: 'c-tol', ledgerId: 'doc-3' });
    expect(node.services.exceptions.opened).toHaveLength(1);
    await node.send({ payload: { ...ack, ackNumber: 'ACK-10' }, purchaseOrder: po(), partnerId: 'acme', correlationId: 'c-tol' });
    expect(node.services.exceptions.opened.map((opened) => opened.keys?.ackNumber)).toEqual(['ACK-9', 'ACK-10']);
  });

  it('locates ship-notice deviations at the item and the date field', async () => {
    const node = await tolerance();
    const notice = asn();
    notice.estimatedDeliveryDate = '2026-12-08';
    notice.orders[0]!.packs[0]!.items[0]!.qty = 600;
    const { outputs } = await node.send({ payload: notice, purchaseOrder: po() });
    expect(outputs[1]).toHaveLength(1);
    const [opened] = node.services.exceptions.opened;
    expect(opened!.keys).toEqual({ poNumber: 'PO-10045', shipmentId: 'SH-550021' });
    expect(opened!.details.map((detail) => [detail.path, detail.field])).toEqual([
      ['payload.orders[0].packs[0].items[0].qty', 'qty'], ['payload.estimatedDeliveryDate', 'date'],
      ['payload.orders[0].packs[1].items[0].qty', 'qty'], ['payload.estimatedDeliveryDate', 'date'],
    ]);
  });

  it('opens nothing within tolerance or when exceptions are off', async () => {
    const within = await tolerance();
    await within.send({ payload: exactAck(), purchaseOrder: po(), ledgerId: 'doc-4' });
    expect(within.services.exceptions.opened).toEqual([]);
    expect(within.services.ledger.patches).toEqual([{ reference: { documentId: 'doc-4' }, patch: { keys: { poNumber: 'PO-10045' }, facts: { tolerance: 'within' } } }]);
    const off = await tolerance({ openException: false });
    const late = exactAck();
    late.lines[0]!.promisedDate = '2026-12-20';
    const { outputs } = await off.send({ payload: late, purchaseOrder: po() });
    expect(outputs[1]).toHaveLength(1);
    expect(outputs[1]![0]!.exceptionId).toBeUndefined();
    expect(off.services.exceptions.opened).toEqual([]);
  });
});
