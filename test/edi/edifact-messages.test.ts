// EDIFACT messages: conformance fixtures (D.96A, D.01B) read into canonical documents, and parse -> generate -> parse round trips.
import { describe, expect, it } from 'vitest';
import type { AdvanceShipNotice, Invoice, PurchaseOrder, PurchaseOrderAcknowledgement } from '../../nodes/canonical/types.js';
import type { FunctionalAcknowledgement } from '../../nodes/edi/mapping/acknowledgement.js';
import { parseEdi } from '../../nodes/edi/parse.js';
import { generateEdi } from '../../nodes/edi/generate.js';
import { fixture } from './helpers.js';
import { roundTrip } from './roundtrip-helpers.js';

describe('EDIFACT ORDERS', () => {
  it('reads a D.96A order with UNA and escaped text and round-trips it', async () => {
    const { documents, generated } = await roundTrip(fixture('edifact-orders-una-escaped.edi'), 'ORDERS', 'D.96A');
    const order = documents[0] as PurchaseOrder;
    expect(order.notes).toBe("Deliver to dock 3's door + ring twice: gate? B");
    expect(order.lines).toEqual([{ line: 1, sku: 'NW-BOLT-M8', supplierItem: 'AC-8812', qty: 500, uom: 'EA' }]);
    expect(generated.text).toContain("FTX+AAI+++Deliver to dock 3?'s door ?+ ring twice?: gate?? B'");
  });

  it('reads a D.01B order with terms, ship-to references and composite addresses', async () => {
    const { documents } = await roundTrip(fixture('edifact-orders-d01b.edi'), 'ORDERS', 'D.01B');
    const order = documents[0] as PurchaseOrder;
    expect(order).toMatchObject({ poNumber: 'PO-20001', currency: 'EUR', requestedDeliveryDate: '2026-12-05', terms: { netDays: 30, discountDays: 10, discountPercent: 2 } });
    expect(order.buyer.ids).toEqual({ gln: '5412345000013', customerId: 'CUST-0042' });
    expect(order.shipTo).toEqual({ gln: '5412345000020', code: 'DC-EAST', name: 'East distribution center', address: { lines: ['100 Harbor Way', 'Dock 3'], city: 'Newark', region: 'NJ', postalCode: '07105', country: 'US' } });
    expect(order.lines[0]).toMatchObject({ gtin: '4012345000016', description: 'Hex bolt M8x40, zinc', requestedDate: '2026-12-01', unitPrice: 0.42 });
  });
});

describe('EDIFACT ORDRSP', () => {
  it('maps BGM and LIN action codes (and QTY+83 backorders) to canonical statuses', async () => {
    const { documents } = await roundTrip(fixture('edifact-ordrsp-d01b.edi'), 'ORDRSP', 'D.01B');
    const ack = documents[0] as PurchaseOrderAcknowledgement;
    expect(ack).toMatchObject({ poNumber: 'PO-10045', ackNumber: 'ACK-77301', ackDate: '2026-11-21', status: 'changed', currency: 'EUR' });
    expect(ack.lines.map((line) => [line.line, line.status, line.orderedQty, line.promisedQty])).toEqual([
      [1, 'accepted', 500, 500], [2, 'changed', 20, 18], [3, 'backordered', 10, 4], [4, 'rejected', 5, undefined],
    ]);
    expect(ack.lines[1]!.reason).toBe('partial stock: 18 of 20');
  });
});

describe('EDIFACT DESADV', () => {
  it('reads the CPS hierarchy with SSCCs, a pallet tare, lots and serials, and round-trips', async () => {
    const { documents } = await roundTrip(fixture('edifact-desadv-d96a.edi'), 'DESADV', 'D.96A');
    const asn = documents[0] as AdvanceShipNotice;
    expect(asn).toMatchObject({ asnNumber: 'SH-550021', issueDate: '2026-11-28T14:30:00Z', shipDate: '2026-11-28', packCount: 3, grossWeight: 187.2, weightUom: 'KGM', carrier: { scac: 'ODFL', mode: 'ltl', name: 'Old Dominion' } });
    expect(asn.shipFrom).toEqual({ code: 'ACME-RENO', name: 'Acme Reno plant' });
    expect(asn.orders).toEqual([{
      poNumber: 'PO-10045', orderDate: '2026-11-20', packs: [
        { sscc: '354123450000000021', packagingCode: 'CT', grossWeight: 90.5, weightUom: 'KGM', items: [{ line: 1, gtin: '4012345000016', sku: 'NW-BOLT-M8', qty: 500, uom: 'EA', lot: 'L2611', expiryDate: '2028-12-31' }] },
        { sscc: '354123450000000038', packagingCode: 'CT', items: [{ line: 2, sku: 'NW-NUT-M8', supplierItem: 'AC-7710', qty: 18, uom: 'CS', serialNumbers: ['SN-1', 'SN-2'] }] },
      ],
    }]);
    expect(asn.extensions).toEqual({ tares: [{ poNumber: 'PO-10045', sscc: '354123450000000014', packagingCode: 'PX', packSsccs: ['354123450000000021', '354123450000000038'] }] });
  });

  it('converts an X12 856 into a DESADV and back to the same canonical document', async () => {
    const asn = parseEdi(fixture('x12-856-5010-sotpi.edi')).transactions[0]!.document;
    const desadv = await generateEdi({ type: 'DESADV', version: 'D.01B', document: asn, sender: { id: 'S' }, receiver: { id: 'R' } });
    expect(parseEdi(desadv.text).transactions[0]!.document).toEqual(asn);
  });
});

describe('EDIFACT INVOIC', () => {
  it('reads totals, taxes, charges and terms and round-trips', async () => {
    const { documents } = await roundTrip(fixture('edifact-invoic-d01b.edi'), 'INVOIC', 'D.01B');
    const invoice = documents[0] as Invoice;
    expect(invoice).toMatchObject({ invoiceNumber: 'INV-2026-3391', invoiceType: 'invoice', poNumber: 'PO-10045', asnNumber: 'SH-550021', dueDate: '2026-12-29', currency: 'EUR', terms: { netDays: 30 } });
    expect(invoice.totals).toEqual({ subtotal: 543, taxTotal: 103.17, chargeTotal: 45, total: 691.17 });
    expect(invoice.lines[0]).toMatchObject({ amount: 210, taxes: [{ type: 'VAT', rate: 19, amount: 39.9 }] });
    expect(invoice.charges).toEqual([{ type: 'charge', code: 'FREIGHT', amount: 45 }]);
    expect(invoice.remitTo?.name).toBe('Acme Fasteners Bank');
  });
});

describe('EDIFACT CONTRL', () => {
  it('reads UCI/UCM/UCS/UCD and round-trips', async () => {
    const { documents } = await roundTrip(fixture('edifact-contrl.edi'), 'CONTRL', 'D.96A');
    const contrl = documents[0] as FunctionalAcknowledgement;
    expect(contrl).toMatchObject({ interchangeReference: 'ORD0001', interchangeSender: '4012345000009:14', status: 'partially-accepted' });
    expect(contrl.transactions[1]).toEqual({ type: 'ORDRSP', controlNumber: '2', messageVersion: 'D:01B:UN', status: 'rejected', errorCodes: ['29'], errors: [{ code: '12', segmentPosition: 5 }, { code: '12', segmentPosition: 7, elementPosition: 2 }] });
  });

  it('refuses directories other than D.96A and D.01B with a located error', () => {
    const result = parseEdi(fixture('edifact-orders-d01b.edi').replace('ORDERS:D:01B', 'ORDERS:D:93A'));
    expect(result.transactions[0]!.status).toBe('rejected');
    expect(result.errors[0]).toMatchObject({ code: 'UNSUPPORTED_VERSION', segmentId: 'UNH', elementPosition: 2 });
  });
});

describe('every EDIFACT message in both directories', () => {
  it.each([
    ['edifact-orders-d01b.edi', 'ORDERS'], ['edifact-ordrsp-d01b.edi', 'ORDRSP'], ['edifact-desadv-d96a.edi', 'DESADV'], ['edifact-invoic-d01b.edi', 'INVOIC'], ['edifact-contrl.edi', 'CONTRL'],
  ] as const)('%s converts to %s D.96A and D.01B and reads back the same document', async (name, type) => {
    const document = parseEdi(fixture(name)).transactions[0]!.document;
    for (const version of ['D.96A', 'D.01B']) {
      const { text } = await generateEdi({ type, version, document, sender: { id: 'S', qualifier: '14' }, receiver: { id: 'R', qualifier: '14' }, edifactDelimiters: { element: '|', segment: '^' }, lineBreak: '\n' });
      const reread = parseEdi(text);
      expect(reread.errors).toEqual([]);
      expect(reread.transactions[0]!.version).toBe(type === 'CONTRL' ? 'D.3' : version);
      expect(reread.transactions[0]!.document).toEqual(document);
    }
  });
});
