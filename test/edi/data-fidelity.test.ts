// Failure classes 3 and 5: nothing read is silently dropped (schedules, line dates, item ids, gross prices, unmapped), and the envelopes stay consistent.
import { describe, expect, it } from 'vitest';
import type { Invoice, PurchaseOrder, PurchaseOrderAcknowledgement } from '../../nodes/canonical/types.js';
import { canonicalExamples } from '../../nodes/canonical/examples.js';
import { EdiError } from '../../nodes/edi/edi-error.js';
import { parseEdi } from '../../nodes/edi/parse.js';
import { generateEdi } from '../../nodes/edi/generate.js';
import { buildAcknowledgements } from '../../nodes/edi/acknowledge.js';
import { createMemoryServices, createNodeHarness } from '../../nodes/sdk/index.js';
import { ediGenerateNode, ediParseNode } from '../../nodes/edi/index.js';
import { fixture, recount } from './helpers.js';
import { roundTrip } from './roundtrip-helpers.js';
import { SPLIT_855, SPLIT_ORDRSP } from './fidelity-fixtures.js';

describe('split schedules', () => {
  it('keeps every ACK of a PO1 loop as a schedule line and writes them all back', async () => {
    const { documents, generated } = await roundTrip(SPLIT_855, '855', '004010');
    const line = (documents[0] as PurchaseOrderAcknowledgement).lines[0]!;
    expect(line.schedule).toEqual([
      { qty: 40, uom: 'EA', date: '2026-12-01', status: 'accepted', statusCode: 'IA' },
      { qty: 10, uom: 'EA', date: '2026-12-15', status: 'backordered', statusCode: 'IB' },
    ]);
    expect(line).toMatchObject({ status: 'backordered', promisedQty: 50, promisedDate: '2026-12-01' });
    expect(generated.text).toContain('ACK*IA*40*EA*068*20261201~\nACK*IB*10*EA*068*20261215~');
  });

  it('reads 850 SCH schedules and ORDERS SCC/QTY/DTM groups', async () => {
    const x12 = recount(fixture('x12-850-4010-crlf.edi').replaceAll('\r\n', '\n').replace('PID*F****Hex bolt M8x40, zinc~', 'PID*F****Hex bolt M8x40, zinc~\nSCH*300*EA***002*20261201~\nSCH*200*EA***002*20261215~'));
    const order = (await roundTrip(x12, '850', '004010')).documents[0] as PurchaseOrder;
    expect(order.lines[0]!.schedule).toEqual([{ qty: 300, uom: 'EA', date: '2026-12-01' }, { qty: 200, uom: 'EA', date: '2026-12-15' }]);
    const edifact = recount(fixture('edifact-orders-d01b.edi').replace("PRI+AAA:0.42'", "PRI+AAA:0.42'\nSCC+1'\nQTY+21:300:EA'\nDTM+2:20261201:102'\nSCC+1'\nQTY+21:200:EA'\nDTM+2:20261215:102'"));
    const orders = (await roundTrip(edifact, 'ORDERS', 'D.01B')).documents[0] as PurchaseOrder;
    expect(orders.lines[0]).toMatchObject({ qty: 500, schedule: [{ qty: 300, uom: 'EA', date: '2026-12-01' }, { qty: 200, uom: 'EA', date: '2026-12-15' }] });
  });

  it('reads ORDRSP split deliveries, line-level dates, the LIN GTIN and net and gross prices', async () => {
    const text = SPLIT_ORDRSP;
    const { documents } = await roundTrip(text, 'ORDRSP', 'D.01B');
    const line = (documents[0] as PurchaseOrderAcknowledgement).lines[0]!;
    expect(line).toMatchObject({
      gtin: '4012345000016', promisedQty: 500, promisedDate: '2026-12-01', requestedDate: '2026-11-30', promisedUnitPrice: 0.42, grossUnitPrice: 0.5,
      schedule: [{ qty: 400, uom: 'EA', date: '2026-12-01' }, { qty: 100, uom: 'EA', date: '2026-12-10' }],
    });
  });
});

describe('no silent data loss', () => {
  it('never lets a gross price overwrite the net one, and never invents a currency', async () => {
    const text = recount(fixture('edifact-invoic-d01b.edi').replace("PRI+AAA:0.42'", "PRI+AAA:0.42'\nPRI+AAB:0.5'").replace("CUX+2:EUR:4'\n", ''));
    const { documents } = await roundTrip(text, 'INVOIC', 'D.01B');
    const invoice = documents[0] as Invoice;
    expect(invoice.lines[0]).toMatchObject({ unitPrice: 0.42, grossUnitPrice: 0.5, gtin: '4012345000016' });
    expect(invoice.currency).toBeUndefined();
    const x12 = await roundTrip(recount(fixture('x12-810-4010.edi').split('\n').filter((line) => !line.startsWith('CUR')).join('\n')), '810', '004010');
    expect((x12.documents[0] as Invoice).currency).toBeUndefined();
    expect(x12.generated.text).not.toContain('CUR*');
  });

  it('lists every segment and element it did not map, with its position', () => {
    const text = recount(fixture('x12-850-4010-crlf.edi').replaceAll('\r\n', '\n')
      .replace('BEG*00*SA*PO-10045**20261120~', 'BEG*00*NE*PO-10045*R1*20261120~\nREF*DP*042~\nDTM*010*20261125~')
      .replace('N1*BY*Northwind Distribution*UL*0614141000012~', 'N1*BY*Northwind Distribution*UL*0614141000012~\nPER*BD*Jane Buyer*TE*5551234~'));
    const transaction = parseEdi(text).transactions[0]!;
    expect(transaction.status).toBe('accepted');
    const at = (id: string) => text.split('\n').findIndex((line) => line.startsWith(id)) - text.split('\n').findIndex((line) => line.startsWith('ST*')) + 1;
    expect(transaction.unmapped).toEqual(expect.arrayContaining([
      { segmentId: 'BEG', segmentIndex: 3, position: 2, whole: false, elements: [{ position: 2, value: 'NE' }, { position: 4, value: 'R1' }] },
      expect.objectContaining({ segmentId: 'REF', position: at('REF*DP'), whole: true, elements: [{ position: 1, value: 'DP' }, { position: 2, value: '042' }] }),
      expect.objectContaining({ segmentId: 'DTM', position: at('DTM*010'), whole: true }),
      expect.objectContaining({ segmentId: 'PER', position: at('PER*'), whole: true }),
      // ITD01 "05" (terms type) has no canonical field either.
      expect.objectContaining({ segmentId: 'ITD', whole: false, elements: [{ position: 1, value: '05' }, { position: 2, value: '3' }] }),
    ]));
    expect(transaction.unmapped).toHaveLength(5);
    // A clean fixture maps everything but what the canonical model has no field for.
    expect(parseEdi(fixture('edifact-orders-d01b.edi')).transactions[0]!.unmapped!.filter((entry) => entry.whole)).toEqual([]);
  });
});

describe('tl-edi-parse carries warnings and the unmapped section on the message', () => {
  it('puts file and set warnings and unmapped segments on msg.edi', async () => {
    const parse = await createNodeHarness(ediParseNode, {});
    const text = fixture('x12-856-4010-sopi.edi').replace('CTT*8~', 'CTT*3~').replace('IEA*1*000000201~', 'IEA*1*000000201');
    const { outputs } = await parse.send({ payload: Buffer.from(text) });
    const edi = outputs[0]![0]!.edi as { warnings: Array<{ code: string }>; unmapped?: unknown[] };
    expect(edi.warnings.map((warning) => warning.code)).toEqual(['MISSING_TERMINATOR', 'COUNT_DIFFERS']);
  });
});

describe('envelope consistency', () => {
  it('keys the 850 stream and the 997 stream of one partner on one control-number sequence', async () => {
    const services = createMemoryServices();
    const shared = { ledger: services.ledger, keyValue: services.keyValue };
    const partners = [{ partnerId: 'acme', interchangeId: 'SUPPLIERCO' }];
    const generate = await createNodeHarness(ediGenerateNode, { ediType: '850', senderId: 'BUYERCO', receiverId: 'SUPPLIERCO', partners }, { services: shared });
    const parse = await createNodeHarness(ediParseNode, { acknowledge: 'always', partners }, { services: shared });
    const po = await generate.send({ payload: structuredClone(canonicalExamples.PurchaseOrder) });
    const ack = await parse.send({ payload: fixture('x12-855-4010.edi') });
    const isa13 = (text: string) => text.split('*')[13];
    expect([isa13(po.outputs[0]![0]!.payload as string), isa13(ack.outputs[2]![0]!.payload as string)]).toEqual(['000000001', '000000002']);
  });

  it('continues after the numbers an earlier version kept under the receiver id, so no ISA13 is handed out twice after an upgrade', async () => {
    const services = createMemoryServices();
    const shared = { ledger: services.ledger, keyValue: services.keyValue };
    // Before one sequence per partner: the 850 stream was keyed by the receiver id and had reached 41; the 997 stream by the partner id, at 3.
    const numbers = services.keyValue('edi-control-numbers');
    await numbers.set('interchange:SUPPLIERCO', 41);
    await numbers.set('interchange:acme', 3);
    const partners = [{ partnerId: 'acme', interchangeId: 'SUPPLIERCO' }];
    const generate = await createNodeHarness(ediGenerateNode, { ediType: '850', senderId: 'BUYERCO', receiverId: 'SUPPLIERCO', partners }, { services: shared });
    const parse = await createNodeHarness(ediParseNode, { acknowledge: 'always', partners }, { services: shared });
    const isa13 = (text: string) => text.split('*')[13];
    const first = await generate.send({ payload: structuredClone(canonicalExamples.PurchaseOrder) });
    const ack = await parse.send({ payload: fixture('x12-855-4010.edi') });
    const second = await generate.send({ payload: structuredClone(canonicalExamples.PurchaseOrder) });
    expect([first, ack, second].map((result, index) => isa13(result.outputs[index === 1 ? 2 : 0]![0]!.payload as string))).toEqual(['000000042', '000000043', '000000044']);
  });

  it('writes one 997 per functional group even when two groups share a GS06', () => {
    const text = fixture('x12-850-4010-crlf.edi').replaceAll('\r\n', '\n');
    const group = text.slice(text.indexOf('GS*'), text.indexOf('IEA*'));
    const twice = text.replace(group, group + group.replace('ST*850*1001', 'ST*850*1002').replace('SE*17*1001', 'SE*17*1002')).replace('IEA*1*', 'IEA*2*');
    const acknowledgements = buildAcknowledgements(parseEdi(twice)).map(({ acknowledgement }) => acknowledgement);
    expect(acknowledgements.map((ack) => [ack.groupControlNumber, ack.counts, ack.transactions.map((t) => t.controlNumber)])).toEqual([
      ['1', { included: 1, received: 1, accepted: 1 }, ['1001']],
      ['1', { included: 1, received: 1, accepted: 1 }, ['1002']],
    ]);
  });

  it('writes back the version parseEdi reports, suffix included', async () => {
    const parsed = parseEdi(fixture('x12-850-4010-crlf.edi').replace('*X*004010~', '*X*004010VICS~'));
    const transaction = parsed.transactions[0]!;
    expect(transaction.version).toBe('004010VICS');
    const written = await generateEdi({ type: '850', version: transaction.version, document: transaction.document, sender: { id: 'A' }, receiver: { id: 'B' } });
    expect(written.text).toContain('*X*004010VICS~');
    expect(parseEdi(written.text).transactions[0]!.document).toEqual(transaction.document);
  });

  it('echoes the message agency and association code in CONTRL', () => {
    const text = fixture('edifact-orders-d01b.edi').replace('ORDERS:D:01B:UN:EAN010', 'ORDERS:D:01B:ZZ:EAN010');
    const ack = buildAcknowledgements(parseEdi(text))[0]!.acknowledgement;
    expect(ack.transactions[0]!.messageVersion).toBe('D:01B:ZZ:EAN010');
  });

  it('refuses a document it cannot write with a located error, not a TypeError', async () => {
    const order = structuredClone(canonicalExamples.PurchaseOrder) as unknown as Record<string, Record<string, unknown>>;
    delete order.buyer!.ids;
    const error = await generateEdi({ type: '850', document: order, sender: { id: 'A' }, receiver: { id: 'B' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EdiError);
    expect((error as EdiError).toJSON()).toMatchObject({ code: 'INVALID_DOCUMENT', path: '/buyer/ids' });
    expect((error as EdiError).message).toMatch(/ids/);
  });
});
