// tl-match through the SDK harness: a matching invoice, each kind of mismatch, tolerance edges, partial shipments, located errors, exceptions.
import { describe, expect, it } from 'vitest';
import { createNodeHarness, type NodeHarness, type TradelaneMessage } from '../../nodes/sdk/index.js';
import { matchNode, type MatchOutcome } from '../../nodes/canonical/match-node.js';
import { canonicalExamples } from '../../nodes/canonical/examples.js';
import type { AdvanceShipNotice, Invoice, PurchaseOrder } from '../../nodes/canonical/types.js';

// PO-10045: line 1 500 EA NW-BOLT-M8 at 0.42, line 2 20 CS NW-NUT-M8 (supplier item AC-7710) at 18.5.
// ASN SH-550021 ships 500 EA and 18 CS; invoice INV-2026-3391 bills 500 EA and 18 CS on that ASN.
const po = (): PurchaseOrder => structuredClone(canonicalExamples.PurchaseOrder) as PurchaseOrder;
const asn = (): AdvanceShipNotice => structuredClone(canonicalExamples.AdvanceShipNotice) as AdvanceShipNotice;
const invoice = (): Invoice => structuredClone(canonicalExamples.Invoice) as Invoice;

function shipment(asnNumber: string, bolts: number, nuts: number): AdvanceShipNotice {
  const notice = asn();
  notice.asnNumber = asnNumber;
  notice.orders[0]!.packs[0]!.items[0]!.qty = bolts;
  notice.orders[0]!.packs[1]!.items[0]!.qty = nuts;
  return notice;
}

async function match(properties: Record<string, unknown> = {}): Promise<NodeHarness> {
  return createNodeHarness(matchNode, { quantityPct: 0, pricePct: 2, ...properties }, { nodeId: 'match-1', flowId: 'invoices' });
}

async function run(node: NodeHarness, msg: Partial<TradelaneMessage>) {
  const result = await node.send(msg);
  const [matched, mismatched] = result.outputs;
  const out = (matched![0] ?? mismatched![0]) as TradelaneMessage | undefined;
  return { ...result, matched: matched!, mismatched: mismatched!, outcome: out?.match as MatchOutcome | undefined };
}

const documents = (overrides: { invoice?: Invoice; purchaseOrder?: PurchaseOrder; shipNotices?: unknown } = {}) => ({
  payload: overrides.invoice ?? invoice(), purchaseOrder: overrides.purchaseOrder ?? po(), shipNotices: 'shipNotices' in overrides ? overrides.shipNotices : [asn()],
});

describe('tl-match: matching', () => {
  it('sends a matching invoice straight to output 1 with its keys and opens no exception', async () => {
    const node = await match();
    const { matched, mismatched, outcome } = await run(node, documents());
    expect(matched).toHaveLength(1);
    expect(mismatched).toHaveLength(0);
    expect(outcome).toEqual({ matched: true, mismatches: [], policy: { quantityPct: 0, pricePct: 2, source: 'node' }, keys: { poNumber: 'PO-10045', invoiceNumber: 'INV-2026-3391', shipmentId: 'SH-550021' } });
    expect(node.services.exceptions.opened).toEqual([]);
  });

  it('matches a line without SKU through the PO line with the same supplier item', async () => {
    const bill = invoice();
    expect(bill.lines[1]!.sku).toBeUndefined();
    bill.lines[1]!.unitPrice = 25;
    const { outcome } = await run(await match(), documents({ invoice: bill }));
    expect(outcome!.mismatches).toEqual([expect.objectContaining({ field: 'unitPrice', line: 2, sku: 'NW-NUT-M8', expected: 18.5, actual: 25 })]);
  });
});

describe('tl-match: each kind of mismatch', () => {
  it('opens an exception for a price beyond tolerance, with located details and keys, and sends the message to output 2', async () => {
    const node = await match();
    const bill = invoice();
    bill.lines[0]!.unitPrice = 0.45;
    const { mismatched, outcome } = await run(node, { ...documents({ invoice: bill }), partnerId: 'acme', correlationId: 'corr-7', ledgerId: 'doc-9' });
    expect(mismatched).toHaveLength(1);
    const mismatch = {
      path: 'payload.lines[0].unitPrice', field: 'unitPrice', line: 1, sku: 'NW-BOLT-M8', against: 'purchaseOrder', expected: 0.42, actual: 0.45, allowedPct: 2, deviationPct: 7.14,
      message: 'line 1: unit price 0.45 for NW-BOLT-M8 is 7.14% above ordered 0.42 (tolerance 2%)',
    };
    expect(outcome).toEqual({ matched: false, mismatches: [mismatch], policy: { quantityPct: 0, pricePct: 2, source: 'node' }, keys: { poNumber: 'PO-10045', invoiceNumber: 'INV-2026-3391', shipmentId: 'SH-550021' }, exceptionId: 'ex-1' });
    expect(node.services.exceptions.opened).toEqual([{
      id: 'ex-1', kind: 'three-way-match', correlationId: 'corr-7', partnerId: 'acme', flowId: 'invoices', nodeId: 'match-1', documentId: 'doc-9',
      keys: { poNumber: 'PO-10045', invoiceNumber: 'INV-2026-3391', shipmentId: 'SH-550021' },
      summary: 'invoice INV-2026-3391 does not match PO-10045: 1 deviation (unitPrice line 1)', details: [mismatch],
    }]);
    expect(node.services.ledger.patches).toEqual([{ reference: { documentId: 'doc-9' }, patch: { keys: outcome!.keys, facts: { threeWayMatch: 'mismatched', exceptionId: 'ex-1' } } }]);
  });

  it('flags an invoiced quantity above what was shipped, and above what was ordered', async () => {
    const node = await match();
    const bill = invoice();
    bill.lines[1]!.qty = 20;
    const overShipped = await run(node, documents({ invoice: bill }));
    expect(overShipped.outcome!.mismatches).toEqual([{
      path: 'payload.lines[1].qty', field: 'qty', line: 2, sku: 'NW-NUT-M8', against: 'shipNotice', expected: 18, actual: 20, allowedPct: 0, deviationPct: 11.11,
      message: 'line 2: 20 CS of NW-NUT-M8 invoiced but 18 CS shipped on ship notice SH-550021 (tolerance 0%)',
    }]);

    bill.lines[1]!.qty = 25;
    const twoWay = await run(await match({ shipNotices: 'optional' }), documents({ invoice: bill, shipNotices: undefined }));
    expect(twoWay.outcome!.mismatches).toEqual([expect.objectContaining({ path: 'payload.lines[1].qty', against: 'purchaseOrder', expected: 20, actual: 25, deviationPct: 25, message: 'line 2: 25 CS of NW-NUT-M8 invoiced against 20 CS ordered (tolerance 0%)' })]);
  });

  it('locates an over-shipment at the ship notice item that passed the ordered quantity', async () => {
    const bill = invoice();
    bill.lines[0]!.qty = 600;
    const { outcome } = await run(await match(), documents({ invoice: bill, shipNotices: [shipment('SH-550021', 600, 18)] }));
    expect(outcome!.mismatches).toEqual([
      expect.objectContaining({ path: 'shipNotices[0].orders[0].packs[0].items[0].qty', field: 'qty', against: 'purchaseOrder', expected: 500, actual: 600, message: '600 EA of NW-BOLT-M8 shipped against 500 EA ordered (tolerance 0%)' }),
      expect.objectContaining({ path: 'payload.lines[0].qty', field: 'qty', against: 'purchaseOrder', expected: 500, actual: 600 }),
    ]);
  });

  it('flags an item that is not on the PO, and a line whose supplier item cannot be resolved', async () => {
    const bill = invoice();
    bill.lines.push({ line: 3, sku: 'NW-WASHER-M8', qty: 10, uom: 'EA', unitPrice: 0.03 }, { line: 4, supplierItem: 'AC-0000', qty: 1, uom: 'EA', unitPrice: 1 });
    const { outcome } = await run(await match(), documents({ invoice: bill }));
    expect(outcome!.mismatches).toEqual([
      { path: 'payload.lines[2].sku', field: 'item', line: 3, sku: 'NW-WASHER-M8', against: 'purchaseOrder', expected: null, actual: 'NW-WASHER-M8', allowedPct: null, deviationPct: null, message: 'line 3: NW-WASHER-M8 is not on purchase order PO-10045' },
      expect.objectContaining({ path: 'payload.lines[3].supplierItem', field: 'item', line: 4, sku: null, actual: 'AC-0000', message: 'line 4: no SKU, and supplier item AC-0000 is not on purchase order PO-10045 (resolve supplier items to SKUs with an xref node first)' }),
    ]);
  });

  it('flags a unit that differs from the PO and then compares neither quantity nor price of that item', async () => {
    const bill = invoice();
    bill.lines[1] = { ...bill.lines[1]!, uom: 'EA', qty: 1800, unitPrice: 0.2 };
    const { outcome } = await run(await match(), documents({ invoice: bill }));
    expect(outcome!.mismatches).toEqual([expect.objectContaining({ path: 'payload.lines[1].uom', field: 'uom', expected: 'CS', actual: 'EA' })]);
  });

  it('flags an invoice in another currency and a PO line without a price', async () => {
    const bill = invoice();
    bill.currency = 'EUR';
    const order = po();
    const currency = await run(await match(), documents({ invoice: bill, purchaseOrder: order }));
    expect(currency.outcome!.mismatches).toEqual([expect.objectContaining({ path: 'payload.currency', field: 'currency', expected: 'USD', actual: 'EUR' })]);

    delete order.lines[1]!.unitPrice;
    const unpriced = await run(await match(), documents({ purchaseOrder: order }));
    expect(unpriced.outcome!.mismatches).toEqual([expect.objectContaining({ path: 'payload.lines[1].unitPrice', field: 'unitPrice', expected: null, actual: 18.5, message: 'line 2: PO line 2 (NW-NUT-M8) has no unit price, so the invoiced 18.5 cannot be verified' })]);
  });

  it('treats [] as "nothing shipped yet": every invoiced item is a deviation', async () => {
    const { outcome } = await run(await match(), documents({ shipNotices: [], invoice: { ...invoice(), asnNumber: undefined } as Invoice }));
    expect(outcome!.mismatches.map((mismatch) => [mismatch.path, mismatch.message])).toEqual([
      ['payload.lines[0].qty', 'line 1: 500 EA of NW-BOLT-M8 invoiced but nothing shipped (tolerance 0%)'],
      ['payload.lines[1].qty', 'line 2: 18 CS of NW-NUT-M8 invoiced but nothing shipped (tolerance 0%)'],
    ]);
  });
});

describe('tl-match: tolerance', () => {
  it('allows a price exactly at the limit in either direction and flags the next cent beyond it', async () => {
    const node = await match({ pricePct: 10 });
    const bill = invoice();
    bill.lines[1]!.unitPrice = 20.35;
    bill.lines[0]!.unitPrice = 0.378;
    expect((await run(node, documents({ invoice: bill }))).matched).toHaveLength(1);
    bill.lines[1]!.unitPrice = 20.36;
    bill.lines[0]!.unitPrice = 0.37;
    const beyond = await run(node, documents({ invoice: bill }));
    expect(beyond.outcome!.mismatches.map((mismatch) => [mismatch.line, mismatch.deviationPct])).toEqual([[1, 11.9], [2, 10.05]]);
    expect(beyond.outcome!.mismatches[0]!.message).toBe('line 1: unit price 0.37 for NW-BOLT-M8 is 11.9% below ordered 0.42 (tolerance 10%)');
  });

  it('allows invoicing exactly the quantity tolerance over what was shipped, and not more', async () => {
    const node = await match({ quantityPct: 10 });
    const bill = invoice();
    bill.lines[1]!.qty = 19.8;
    expect((await run(node, documents({ invoice: bill }))).matched).toHaveLength(1);
    bill.lines[1]!.qty = 19.81;
    expect((await run(node, documents({ invoice: bill }))).outcome!.mismatches).toEqual([expect.objectContaining({ field: 'qty', against: 'shipNotice', allowedPct: 10, deviationPct: 10.06 })]);
  });

  it("uses the partner's policy over the node's, unless the node says otherwise", async () => {
    const bill = invoice();
    bill.lines[0]!.unitPrice = 0.45;
    const lenient = await match({ pricePct: 0 });
    lenient.services.partners.add({ id: 'acme', name: 'Acme', status: 'active', tolerance: { quantityPct: 0, pricePct: 10, dateDays: 0 } });
    const byPartner = await run(lenient, { ...documents({ invoice: bill }), partnerId: 'acme' });
    expect(byPartner.matched).toHaveLength(1);
    expect(byPartner.outcome!.policy).toEqual({ quantityPct: 0, pricePct: 10, source: 'partner' });

    const own = await match({ pricePct: 0, policy: 'node' });
    own.services.partners.add({ id: 'acme', name: 'Acme', status: 'active', tolerance: { quantityPct: 0, pricePct: 10, dateDays: 0 } });
    const byNode = await run(own, { ...documents({ invoice: bill }), partnerId: 'acme' });
    expect(byNode.outcome).toMatchObject({ matched: false, policy: { pricePct: 0, source: 'node' } });

    const unknownPartner = await run(lenient, { ...documents({ invoice: bill }), partnerId: 'nobody' });
    expect(unknownPartner.outcome!.policy.source).toBe('node');
  });
});

describe('tl-match: partial shipments and invoices', () => {
  const twoShipments = () => [shipment('SH-1', 300, 0), shipment('SH-2', 200, 18)];

  it('adds up several ship notices of the PO, ignoring orders for other POs', async () => {
    const notices = twoShipments();
    const other = shipment('SH-X', 900, 900);
    other.orders[0]!.poNumber = 'PO-99999';
    notices.push(other);
    const bill = { ...invoice(), asnNumber: undefined } as Invoice;
    const { matched, outcome } = await run(await match(), documents({ invoice: bill, shipNotices: notices }));
    expect(matched).toHaveLength(1);
    expect(outcome!.keys).toEqual({ poNumber: 'PO-10045', invoiceNumber: 'INV-2026-3391' });
  });

  it('compares an invoice that names its shipment with that ship notice only', async () => {
    const node = await match();
    const bill = invoice();
    bill.asnNumber = 'SH-1';
    bill.lines = [{ line: 1, sku: 'NW-BOLT-M8', qty: 300, uom: 'EA', unitPrice: 0.42 }];
    expect((await run(node, documents({ invoice: bill, shipNotices: twoShipments() }))).matched).toHaveLength(1);
    bill.lines[0]!.qty = 500;
    const { outcome } = await run(node, documents({ invoice: bill, shipNotices: twoShipments() }));
    expect(outcome!.mismatches).toEqual([expect.objectContaining({ against: 'shipNotice', expected: 300, actual: 500, message: 'line 1: 500 EA of NW-BOLT-M8 invoiced but 300 EA shipped on ship notice SH-1 (tolerance 0%)' })]);
    expect(outcome!.keys.shipmentId).toBe('SH-1');
  });

  it('flags a shipment number that is not among the PO\'s ship notices', async () => {
    const bill = invoice();
    bill.asnNumber = 'SH-9';
    const { outcome } = await run(await match(), documents({ invoice: bill, shipNotices: twoShipments() }));
    expect(outcome!.mismatches[0]).toEqual(expect.objectContaining({ path: 'payload.asnNumber', field: 'asnNumber', expected: 'SH-1, SH-2', actual: 'SH-9' }));
    expect(outcome!.mismatches.slice(1).map((mismatch) => mismatch.message)).toEqual([
      'line 1: 500 EA of NW-BOLT-M8 invoiced but nothing shipped on ship notice SH-9 (tolerance 0%)',
      'line 2: 18 CS of NW-NUT-M8 invoiced but nothing shipped on ship notice SH-9 (tolerance 0%)',
    ]);
  });

  it('counts earlier invoices against what was shipped and ordered, so the same goods are not billed twice', async () => {
    const node = await match({ previousInvoicesProperty: 'earlierInvoices' });
    const first = { ...invoice(), invoiceNumber: 'INV-1', asnNumber: undefined, lines: [{ line: 1, sku: 'NW-BOLT-M8', qty: 300, uom: 'EA', unitPrice: 0.42 }] } as Invoice;
    const second = { ...first, invoiceNumber: 'INV-2', lines: [{ line: 1, sku: 'NW-BOLT-M8', qty: 200, uom: 'EA', unitPrice: 0.42 }] } as Invoice;
    expect((await run(node, { ...documents({ invoice: second, shipNotices: twoShipments() }), earlierInvoices: [first] })).matched).toHaveLength(1);

    const again = { ...second, lines: [{ line: 1, sku: 'NW-BOLT-M8', qty: 300, uom: 'EA', unitPrice: 0.42 }] } as Invoice;
    const { outcome } = await run(node, { ...documents({ invoice: again, shipNotices: twoShipments() }), earlierInvoices: [first] });
    expect(outcome!.mismatches).toEqual([expect.objectContaining({ against: 'shipNotice', expected: 500, actual: 600, message: 'line 1: 600 EA of NW-BOLT-M8 invoiced (300 EA invoiced before) but 500 EA shipped (tolerance 0%)' })]);
  });
});

describe('tl-match: missing or unreadable documents are located errors', () => {
  it('refuses a message without a PO, and one without ship notices when they are required', async () => {
    const node = await match();
    const noPo = await run(node, { payload: invoice(), shipNotices: [asn()] });
    expect(noPo.error).toMatchObject({ code: 'PURCHASE_ORDER_MISSING', details: [{ path: 'purchaseOrder', message: expect.stringContaining('fetch it') }] });
    const noAsn = await run(node, { payload: invoice(), purchaseOrder: po() });
    expect(noAsn.error).toMatchObject({ code: 'SHIP_NOTICE_MISSING', details: [{ path: 'shipNotices', message: expect.stringContaining('gather the PO\'s ASNs') }] });
    expect(noAsn.matched).toHaveLength(0);
    expect(noAsn.mismatched).toHaveLength(0);
    expect(node.services.exceptions.opened).toEqual([]);
  });

  it('runs a two-way match without ship notices when they are optional', async () => {
    const { matched, outcome } = await run(await match({ shipNotices: 'optional' }), { payload: invoice(), purchaseOrder: po() });
    expect(matched).toHaveLength(1);
    expect(outcome!.keys).toEqual({ poNumber: 'PO-10045', invoiceNumber: 'INV-2026-3391', shipmentId: 'SH-550021' });
  });

  it('locates every unreadable field of the invoice, the PO and the ship notices', async () => {
    const node = await match();
    const bill = invoice() as unknown as { lines: Array<Record<string, unknown>> };
    bill.lines[0]!.qty = '500';
    delete bill.lines[1]!.uom;
    const badInvoice = await run(node, documents({ invoice: bill as unknown as Invoice }));
    expect(badInvoice.error).toMatchObject({ code: 'INVOICE_INVALID', details: [{ path: 'payload.lines[0].qty', message: 'must be a number' }, { path: 'payload.lines[1].uom', message: 'must be a unit of measure' }] });

    const order = po() as unknown as { lines: Array<Record<string, unknown>> };
    delete order.lines[0]!.sku;
    const badPo = await run(node, documents({ purchaseOrder: order as unknown as PurchaseOrder }));
    expect(badPo.error).toMatchObject({ code: 'PURCHASE_ORDER_INVALID', details: [{ path: 'purchaseOrder.lines[0].sku', message: 'must be a SKU' }] });

    const notice = asn() as unknown as { orders: Array<{ packs: Array<{ items: Array<Record<string, unknown>> }> }> };
    notice.orders[0]!.packs[1]!.items[0]!.qty = null;
    const badAsn = await run(node, documents({ shipNotices: [asn(), notice] }));
    expect(badAsn.error).toMatchObject({ code: 'SHIP_NOTICE_INVALID', details: [{ path: 'shipNotices[1].orders[0].packs[1].items[0].qty', message: 'must be a number' }] });

    const notAsn = await run(node, documents({ shipNotices: 'SH-1' }));
    expect(notAsn.error).toMatchObject({ code: 'SHIP_NOTICE_INVALID', details: [{ path: 'shipNotices', message: 'must be a ship notice (an object with orders)' }] });
  });

  it('refuses a PO that is not the one the invoice bills', async () => {
    const order = po();
    order.poNumber = 'PO-1';
    const { error } = await run(await match(), documents({ purchaseOrder: order }));
    expect(error).toMatchObject({ code: 'PO_MISMATCH', details: [{ path: 'payload.poNumber', message: 'must be PO-1, the PO on msg.purchaseOrder' }] });
  });
});

describe('tl-match: exceptions', () => {
  it('opens one exception for a message seen twice (a retry), and none when exceptions are off', async () => {
    const node = await match();
    const bill = invoice();
    bill.lines[0]!.unitPrice = 1;
    const first = await run(node, { ...documents({ invoice: bill }), correlationId: 'retry-1' });
    const second = await run(node, { ...documents({ invoice: bill }), correlationId: 'retry-1' });
    expect(second.outcome!.exceptionId).toBe(first.outcome!.exceptionId);
    expect(node.services.exceptions.opened).toHaveLength(1);

    const silent = await match({ openException: false });
    const { mismatched, outcome } = await run(silent, documents({ invoice: bill }));
    expect(mismatched).toHaveLength(1);
    expect(outcome).not.toHaveProperty('exceptionId');
    expect(silent.services.exceptions.opened).toEqual([]);
  });

  it('reads the documents from configured properties and locates deviations there', async () => {
    const node = await match({ invoiceProperty: 'msg.erp.invoice', purchaseOrderProperty: 'erp.po', shipNoticesProperty: 'erp.asn' });
    const bill = invoice();
    bill.lines[0]!.unitPrice = 1;
    const { outcome } = await run(node, { erp: { invoice: bill, po: po(), asn: asn() } });
    expect(outcome!.mismatches.map((mismatch) => mismatch.path)).toEqual(['erp.invoice.lines[0].unitPrice']);
    expect(outcome!.keys.shipmentId).toBe('SH-550021');
  });
});
