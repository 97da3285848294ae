// X12 transaction sets: conformance fixtures read into canonical documents, and parse -> generate -> parse round trips.
import { describe, expect, it } from 'vitest';
import type { AdvanceShipNotice, Invoice, PurchaseOrder, PurchaseOrderAcknowledgement } from '../../nodes/canonical/types.js';
import type { FunctionalAcknowledgement } from '../../nodes/edi/mapping/acknowledgement.js';
import { parseEdi } from '../../nodes/edi/parse.js';
import { fixture } from './helpers.js';
import { roundTrip } from './roundtrip-helpers.js';

describe('X12 850 purchase order', () => {
  it.each([
    ['x12-850-4010-crlf.edi', '004010'],
    ['x12-850-5010-pipe.edi', '005010'],
    ['x12-850-4010-caret.edi', '004010'],
  ])('reads %s and round-trips it', async (name, version) => {
    const { documents } = await roundTrip(fixture(name), '850', version);
    const order = documents[0] as PurchaseOrder;
    expect(order).toMatchObject({ poNumber: 'PO-10045', orderDate: '2026-11-20', currency: 'USD', requestedDeliveryDate: '2026-12-01', buyer: { ids: { gln: '0614141000012' } } });
    expect(order.shipTo?.address).toEqual({ lines: ['100 Harbor Way'], city: 'Newark', region: 'NJ', postalCode: '07105', country: 'US' });
    expect(order.lines.map((line) => [line.line, line.sku, line.supplierItem, line.qty, line.uom, line.unitPrice])).toEqual([[1, 'NW-BOLT-M8', 'AC-8812', 500, 'EA', 0.42], [2, 'NW-NUT-M8', 'AC-7710', 20, 'CS', 18.5]]);
  });

  it('round-trips several sets from several groups', async () => {
    const parsed = parseEdi(fixture('x12-multi-group.edi'));
    expect(parsed.transactions.map((t) => [t.functionalId, t.type, t.documentType, t.status])).toEqual([
      ['PO', '850', 'PurchaseOrder', 'accepted'], ['PO', '850', 'PurchaseOrder', 'accepted'], ['IN', '810', 'Invoice', 'accepted'],
    ]);
  });

  it('accepts a line without BP part number, and reports a wrong CTT count with its location', () => {
    const text = fixture('x12-850-4010-crlf.edi');
    const noSku = parseEdi(text.replace('BP*NW-NUT-M8*', ''));
    expect(noSku.transactions[0]!.status).toBe('accepted');
    expect((noSku.transactions[0]!.document as PurchaseOrder).lines[1]).toMatchObject({ line: 2, supplierItem: 'AC-7710' });
    expect((noSku.transactions[0]!.document as PurchaseOrder).lines[1]!.sku).toBeUndefined();
    const ctt = parseEdi(text.replace('CTT*2', 'CTT*3'));
    expect(ctt.errors[0]).toMatchObject({ code: 'COUNT_MISMATCH', segmentId: 'CTT', byteOffset: text.indexOf('CTT*2') });
    const badDate = parseEdi(text.replace('BEG*00*SA*PO-10045**20261120', 'BEG*00*SA*PO-10045**20261340'));
    expect(badDate.errors[0]).toMatchObject({ code: 'INVALID_VALUE', segmentId: 'BEG', elementPosition: 5 });
  });
});

describe('X12 855 PO acknowledgement', () => {
  it('maps BAK and ACK codes to canonical statuses and round-trips', async () => {
    const { documents, generated } = await roundTrip(fixture('x12-855-4010.edi'), '855', '004010');
    const ack = documents[0] as PurchaseOrderAcknowledgement;
    expect(ack).toMatchObject({ poNumber: 'PO-10045', ackNumber: 'ACK-77301', ackDate: '2026-11-21', status: 'changed', currency: 'USD', supplier: { ids: { duns: '987654321', supplierId: 'SUP-ACME' } } });
    expect(ack.lines.map((line) => [line.line, line.status, line.extensions?.ediStatusCode])).toEqual([
      [1, 'accepted', 'IA'], [2, 'changed', 'IQ'], [3, 'backordered', 'IB'], [4, 'changed', 'IC'], [5, 'rejected', 'ID'], [6, 'rejected', 'IR'], [7, 'changed', 'DR'],
    ]);
    expect(ack.lines[1]).toMatchObject({ orderedQty: 20, promisedQty: 18, promisedDate: '2026-12-03', reason: 'partial stock' });
    expect(generated.text).toContain('ACK*DR*3*EA*068*20261215~');
  });

  it('writes default codes for statuses without an original code and rejects unknown codes', async () => {
    const { documents } = await roundTrip(fixture('x12-855-4010.edi'), '855', '004010');
    const ack = structuredClone(documents[0]) as PurchaseOrderAcknowledgement;
    for (const line of ack.lines) {
      delete line.extensions;
      for (const entry of line.schedule ?? []) delete entry.statusCode;
    }
    const { generateEdi } = await import('../../nodes/edi/generate.js');
    const text = (await generateEdi({ type: '855', document: ack, sender: { id: 'S' }, receiver: { id: 'R' } })).text;
    expect(text.match(/ACK\*([A-Z]{2})/g)).toEqual(['ACK*IA', 'ACK*IC', 'ACK*IB', 'ACK*IC', 'ACK*IR', 'ACK*IR', 'ACK*IC']);
    const unknown = parseEdi(fixture('x12-855-4010.edi').replace('ACK*IA', 'ACK*QQ'));
    expect(unknown.errors[0]).toMatchObject({ code: 'INVALID_VALUE', segmentId: 'ACK', elementPosition: 1 });
  });
});

describe('X12 856 ship notice', () => {
  it('reads S/O/T/P/I with SSCCs in MAN and keeps tares in extensions', async () => {
    const { documents, generated } = await roundTrip(fixture('x12-856-5010-sotpi.edi'), '856', '005010');
    const asn = documents[0] as AdvanceShipNotice;
    expect(asn).toMatchObject({ asnNumber: 'SH-550021', shipDate: '2026-11-28', estimatedDeliveryDate: '2026-12-01', issueDate: '2026-11-28T14:30:00Z', carrier: { scac: 'ODFL', mode: 'ltl', name: 'Old Dominion' }, bolNumber: 'BOL-99812', proNumber: '0812345678', trackingNumbers: ['1Z999AA10123456784'], packCount: 1, grossWeight: 412.5 });
    expect(asn.shipTo).toMatchObject({ gln: '0614141000029', code: 'DC-EAST' });
    expect(asn.orders).toHaveLength(1);
    expect(asn.orders[0]!.packs.map((pack) => [pack.sscc, pack.packagingCode, pack.items.map((item) => [item.line, item.sku, item.qty, item.uom])])).toEqual([
      ['006141411234567890', 'CTN25', [[1, 'NW-BOLT-M8', 500, 'EA']]],
      ['006141411234567906', 'CTN25', [[2, 'NW-NUT-M8', 18, 'CS']]],
    ]);
    expect(asn.orders[0]!.packs[0]!.items[0]).toMatchObject({ gtin: '00614141000036', lot: 'L2611', expiryDate: '2028-12-31', description: 'Hex bolt M8x40, zinc' });
    expect(asn.orders[0]!.packs[1]!.items[0]!.serialNumbers).toEqual(['SN-1', 'SN-2']);
    expect(asn.extensions).toEqual({ tares: [{ poNumber: 'PO-10045', sscc: '006141410000000017', packagingCode: 'PLT71', packSsccs: ['006141411234567890', '006141411234567906'] }] });
    expect(generated.text.match(/HL\*\d+\*\d*\*[A-Z]/g)).toEqual(['HL*1**S', 'HL*2*1*O', 'HL*3*2*T', 'HL*4*3*P', 'HL*5*4*I', 'HL*6*3*P', 'HL*7*6*I']);
  });

  it('reads S/O/P/I with several orders and packs', async () => {
    const { documents, generated } = await roundTrip(fixture('x12-856-4010-sopi.edi'), '856', '004010');
    const asn = documents[0] as AdvanceShipNotice;
    expect(asn.orders.map((order) => [order.poNumber, order.packs.map((pack) => [pack.sscc, pack.items.length])])).toEqual([
      ['PO-10046', [['006141411234567913', 2]]], ['PO-10047', [['006141411234567920', 1]]],
    ]);
    expect(asn.carrier).toEqual({ scac: 'UPSN', mode: 'parcel', name: 'UPS' });
    expect(asn.extensions).toBeUndefined();
    expect(generated.text).not.toContain('*T~');
  });

  it('locates an HL whose parent is unknown', () => {
    const result = parseEdi(fixture('x12-856-4010-sopi.edi').replace('HL*4*3*I', 'HL*4*9*I'));
    expect(result.errors[0]).toMatchObject({ code: 'INVALID_VALUE', segmentId: 'HL', elementPosition: 2 });
  });
});

describe('X12 810 invoice', () => {
  it('reads totals with implied decimals, taxes and charges, and round-trips', async () => {
    const { documents } = await roundTrip(fixture('x12-810-4010.edi'), '810', '004010');
    const invoice = documents[0] as Invoice;
    expect(invoice).toMatchObject({ invoiceNumber: 'INV-2026-3391', invoiceDate: '2026-11-29', poNumber: 'PO-10045', asnNumber: 'SH-550021', dueDate: '2026-12-29', shipDate: '2026-11-28', currency: 'USD' });
    expect(invoice.terms).toEqual({ discountPercent: 2, discountDays: 10, netDays: 30, description: '2% 10 NET 30' });
    expect(invoice.totals).toEqual({ subtotal: 543, taxTotal: 35.97, chargeTotal: 45, allowanceTotal: 10, total: 623.97 });
    expect(invoice.charges).toEqual([{ type: 'charge', code: 'FREIGHT', amount: 45 }, { type: 'allowance', description: 'Early pay', amount: 10 }]);
    expect(invoice.taxes).toEqual([{ type: 'SALES', rate: 6.625, taxableAmount: 543, amount: 35.97 }]);
    expect(invoice.lines[1]!.taxes).toEqual([{ type: 'SALES', rate: 6.625, amount: 2.2 }]);
    expect(invoice.remitTo).toEqual({ name: 'Acme Fasteners Lockbox', ids: { duns: '987654321' } });
  });
});

describe('X12 997 functional acknowledgement', () => {
  it('reads 004010 and 005010 997s and round-trips them', async () => {
    const four = (await roundTrip(fixture('x12-997-4010.edi'), '997', '004010')).documents[0] as FunctionalAcknowledgement;
    expect(four).toMatchObject({ functionalId: 'PO', groupControlNumber: '101', status: 'partially-accepted', counts: { included: 2, received: 2, accepted: 1 } });
    expect(four.transactions).toEqual([
      { type: '850', controlNumber: '1001', status: 'accepted', errorCodes: [], errors: [] },
      { type: '850', controlNumber: '1002', status: 'rejected', errorCodes: ['5'], errors: [{ code: '7', segmentId: 'PO1', segmentPosition: 12, elementPosition: 2 }] },
    ]);
    const five = (await roundTrip(fixture('x12-997-5010.edi'), '997', '005010')).documents[0] as FunctionalAcknowledgement;
    expect(five).toMatchObject({ version: '005010', status: 'accepted' });
  });
});

describe('every X12 set in both versions', () => {
  it.each([
    ['x12-850-4010-crlf.edi', '850'], ['x12-855-4010.edi', '855'], ['x12-856-5010-sotpi.edi', '856'], ['x12-856-4010-sopi.edi', '856'], ['x12-810-4010.edi', '810'], ['x12-997-5010.edi', '997'],
  ] as const)('%s converts to %s 004010 and 005010 and reads back the same document', async (name, type) => {
    const { generateEdi } = await import('../../nodes/edi/generate.js');
    const document = parseEdi(fixture(name)).transactions[0]!.document;
    for (const version of ['004010', '005010']) {
      const { text } = await generateEdi({ type, version, document, sender: { id: 'S' }, receiver: { id: 'R' }, x12Delimiters: { element: '|', component: '\\', segment: '~' }, lineBreak: '\r\n' });
      const reread = parseEdi(text);
      expect(reread.errors).toEqual([]);
      expect(reread.transactions[0]!.version).toBe(version);
      const expected = type === '997' && version === '004010' ? { ...(document as object), version: undefined } : document;
      expect(JSON.parse(JSON.stringify(reread.transactions[0]!.document))).toEqual(JSON.parse(JSON.stringify(expected)));
    }
  });
});
