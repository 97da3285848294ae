// tl-edi-parse and tl-edi-generate in the ledger: interchanges and sets with control numbers, our 997s, and a partner's 997/CONTRL applied to what we sent.
import { describe, expect, it } from 'vitest';
import { createMemoryServices, createNodeHarness, MemoryLedger, type TradelaneMessage } from '../../nodes/sdk/index.js';
import { ediGenerateNode, ediParseNode, generateEdi } from '../../nodes/edi/index.js';
import { canonicalExamples } from '../../nodes/canonical/examples.js';
import { fixture } from './helpers.js';

const PARTNERS = [{ partnerId: 'acme', interchangeId: 'ACMEFAST' }];

/** A generate and a parse node that share one ledger and one control-number store, as in one runtime. */
async function tradingPair(ediType = '850', version = '004010') {
  const services = createMemoryServices();
  const shared = { ledger: services.ledger, keyValue: services.keyValue };
  const generate = await createNodeHarness(ediGenerateNode, { ediType, version, senderId: 'NORTHWIND', receiverId: 'ACMEFAST', partners: PARTNERS }, { services: shared, nodeId: 'gen-1', flowId: 'po-out' });
  const parse = await createNodeHarness(ediParseNode, { partners: PARTNERS }, { services: shared, nodeId: 'parse-1', flowId: 'edi-in' });
  return { generate, parse, ledger: services.ledger as MemoryLedger };
}

const po = (poNumber: string) => ({ ...structuredClone(canonicalExamples.PurchaseOrder), poNumber });

describe('tl-edi-parse in the ledger', () => {
  it('records the interchange with its raw text, each set with keys, canonical form and control numbers, and our 997 with its verdict', async () => {
    const harness = await createNodeHarness(ediParseNode, { acknowledge: 'always', partners: [{ partnerId: 'acme', interchangeId: 'SUPPLIERCO' }] }, { flowId: 'edi-in', nodeId: 'parse-1' });
    const text = fixture('x12-855-4010.edi');
    const { outputs } = await harness.send({ correlationId: 'c-855', payload: text });
    const ledger = harness.services.ledger;
    const [interchange, set, ack] = ledger.all();
    expect(interchange).toMatchObject({
      direction: 'in', channel: 'edi', documentType: 'x12-interchange', status: 'accepted', raw: text, partnerId: 'acme', flowId: 'edi-in',
      edi: { standard: 'x12', interchangeControl: '000000201' }, facts: { senderId: 'SUPPLIERCO', receiverId: 'BUYERCO', test: false },
    });
    expect(set).toMatchObject({
      direction: 'in', channel: 'edi', documentType: 'acknowledgement', status: 'accepted', parentId: interchange!.id, partnerId: 'acme',
      keys: { poNumber: 'PO-10045', ackNumber: 'ACK-77301' }, edi: { standard: 'x12', interchangeControl: '000000201', groupControl: '201', setControl: '0001', setType: '855', ackStatus: 'accepted' },
    });
    expect(set!.canonical).toMatchObject({ poNumber: 'PO-10045' });
    expect(ack).toMatchObject({ direction: 'out', channel: 'edi', documentType: '997', status: 'sent', parentId: interchange!.id, partnerId: 'acme', edi: { standard: 'x12', setType: '997' } });
    expect(ack!.raw).toBe(outputs[2]![0]!.payload);
    expect(outputs[0]![0]).toMatchObject({ ledgerId: set!.id, documentType: 'acknowledgement' });
    expect(outputs[2]![0]).toMatchObject({ ledgerId: ack!.id });
  });

  it('turns the intake\'s document into the interchange, records a rejected set with located errors and leaves the status to the waiting answer', async () => {
    const harness = await createNodeHarness(ediParseNode, { partners: [{ partnerId: 'acme', interchangeId: 'SUPPLIERCO' }] });
    const ledger = harness.services.ledger;
    const intakeId = ledger.record({ direction: 'in', channel: 'intake', documentType: 'http-request', status: 'received', correlationId: 'c-bad', raw: 'x' });
    const res = { sent: false, header: () => undefined, send: () => undefined };
    const { outputs } = await harness.send({ correlationId: 'c-bad', ledgerId: intakeId, res, payload: fixture('x12-855-4010.edi').replace(/\nSE\*(\d+)/, '\nSE*9$1') });
    expect(ledger.documents.get(intakeId)).toMatchObject({ documentType: 'x12-interchange', status: 'received', edi: { interchangeControl: '000000201' } });
    const set = ledger.all().find((document) => document.parentId === intakeId)!;
    expect(set).toMatchObject({ documentType: 'acknowledgement', status: 'refused', edi: { setControl: '0001', setType: '855' }, errors: [{ code: 'COUNT_MISMATCH', segment: 'SE', segmentId: 'SE' }] });
    expect(outputs[1]![0]!.ledgerId).toBe(set.id);
  });

  it('refuses unreadable text on the intake\'s document, or on one of its own when nothing was recorded before', async () => {
    const harness = await createNodeHarness(ediParseNode, {});
    const ledger = harness.services.ledger;
    const broken = fixture('x12-850-4010-crlf.edi').replace('CUR*BY', 'cur*BY');
    const { outputs } = await harness.send({ correlationId: 'c-file', payload: broken });
    // Lenient reading keeps the envelope it could read: the interchange and its cut-short set are refused with the located error.
    const [own, set] = ledger.all();
    expect(own).toMatchObject({ channel: 'edi', documentType: 'x12-interchange', status: 'refused', raw: broken, errors: [{ code: 'INVALID_SEGMENT_ID', segmentIndex: 4 }] });
    expect(set).toMatchObject({ parentId: own!.id, documentType: 'purchaseOrder', status: 'refused', errors: [{ code: 'INVALID_SEGMENT_ID', segmentIndex: 4, byteOffset: broken.indexOf('cur*BY') }] });
    expect(outputs[1]![0]!.ledgerId).toBe(set!.id);
    const unreadable = await harness.send({ correlationId: 'c-junk', payload: 'ISA*00*' });
    expect(ledger.all().find((document) => document.correlationId === 'c-junk')).toMatchObject({ documentType: 'edi-interchange', status: 'refused', errors: [{ code: 'ISA_TRUNCATED' }] });
    expect(unreadable.outputs[1]![0]!.ediErrors).toEqual([expect.objectContaining({ code: 'ISA_TRUNCATED' })]);
  });
});

describe('tl-edi-generate in the ledger, and the partner\'s 997 / CONTRL', () => {
  it('records an outbound 850 as a sent purchaseOrder expecting a 997, and an accepting 997 records its verdict on it', async () => {
    const { generate, parse, ledger } = await tradingPair();
    const { outputs } = await generate.send({ correlationId: 'c-po', payload: po('PO-2001') });
    const sent = outputs[0]![0]!;
    const [order] = ledger.all();
    expect(order).toMatchObject({
      direction: 'out', channel: 'edi', documentType: 'purchaseOrder', status: 'sent', partnerId: 'acme', flowId: 'po-out', keys: { poNumber: 'PO-2001' }, raw: sent.payload,
      edi: { standard: 'x12', setType: '850', interchangeControl: '000000001', groupControl: '1', setControl: '0001', ackStatus: 'expected' },
    });
    expect(sent.ledgerId).toBe(order!.id);

    const reply = await generateEdi({
      type: '997', document: { standard: 'x12', functionalId: 'PO', groupControlNumber: '0001', status: 'accepted', errorCodes: [], transactions: [{ type: '850', controlNumber: '0001', status: 'accepted', errorCodes: [], errors: [] }] },
      sender: { id: 'ACMEFAST' }, receiver: { id: 'NORTHWIND' },
    });
    await parse.send({ correlationId: 'c-997', payload: reply.text });
    // Readable, not agreed: the PO waits for its business acknowledgement (and its SLA) in "sent".
    expect(ledger.documents.get(order!.id)).toMatchObject({ status: 'sent', edi: { ackStatus: 'accepted', groupControl: '1' } });
    const inbound = ledger.all().find((document) => document.documentType === '997')!;
    expect(inbound).toMatchObject({ direction: 'in', status: 'accepted', partnerId: 'acme', edi: { setType: '997' } });
  });

  it('fails an outbound document a 997 rejects, and leaves other partners\' documents with the same numbers alone', async () => {
    const { generate, parse, ledger } = await tradingPair();
    await generate.send({ correlationId: 'c-po', payload: po('PO-2002') });
    const other = ledger.record({ direction: 'out', channel: 'edi', documentType: 'purchaseOrder', status: 'sent', correlationId: 'c-other', partnerId: 'globex', edi: { standard: 'x12', groupControl: '1', setControl: '0001', ackStatus: 'expected' } });
    const reply = await generateEdi({
      type: '997', document: { standard: 'x12', functionalId: 'PO', groupControlNumber: '1', status: 'rejected', errorCodes: ['5'], transactions: [{ type: '850', controlNumber: '1', status: 'rejected', errorCodes: ['5'], errors: [] }] },
      sender: { id: 'ACMEFAST' }, receiver: { id: 'NORTHWIND' },
    });
    await parse.send({ correlationId: 'c-997r', payload: reply.text });
    const [order] = ledger.all();
    expect(order).toMatchObject({ status: 'failed', edi: { ackStatus: 'rejected' }, errors: [{ code: '5', message: expect.stringContaining('rejected') }] });
    expect(ledger.documents.get(other)).toMatchObject({ status: 'sent', edi: { ackStatus: 'expected' } });
  });

  it('records several ORDERS in one interchange as an interchange record with a set each; a CONTRL grades each set', async () => {
    const { generate, parse, ledger } = await tradingPair('ORDERS', 'D.96A');
    await generate.send({ correlationId: 'c-orders', partnerId: 'acme', payload: [po('PO-3001'), po('PO-3002')] });
    const [interchange, first, second] = ledger.all();
    expect(interchange).toMatchObject({ documentType: 'edifact-interchange', status: 'sent', edi: { standard: 'edifact', ackStatus: 'expected' } });
    expect(interchange!.edi!.setControl).toBeUndefined();
    expect([first, second].map((set) => [set!.documentType, set!.keys!.poNumber, set!.parentId, set!.raw])).toEqual([
      ['purchaseOrder', 'PO-3001', interchange!.id, undefined], ['purchaseOrder', 'PO-3002', interchange!.id, undefined],
    ]);
    const reference = interchange!.edi!.interchangeControl!;
    const contrl = await generateEdi({
      type: 'CONTRL', document: {
        standard: 'edifact', interchangeReference: reference, status: 'partially-accepted', errorCodes: [],
        transactions: [
          { type: 'ORDERS', controlNumber: first!.edi!.setControl!, status: 'accepted', errorCodes: [], errors: [] },
          { type: 'ORDERS', controlNumber: second!.edi!.setControl!, status: 'rejected', errorCodes: ['12'], errors: [] },
        ],
      },
      sender: { id: 'ACMEFAST' }, receiver: { id: 'NORTHWIND' },
    });
    await parse.send({ correlationId: 'c-contrl', payload: contrl.text });
    expect(ledger.documents.get(first!.id)).toMatchObject({ status: 'sent', edi: { ackStatus: 'accepted' } });
    expect(ledger.documents.get(second!.id)).toMatchObject({ status: 'failed', edi: { ackStatus: 'rejected' } });
    expect(ledger.documents.get(interchange!.id)).toMatchObject({ status: 'sent', edi: { ackStatus: 'accepted-with-errors' } });
  });

  it('puts the generated document under the message\'s own document and never expects an acknowledgement of a 997', async () => {
    const services = createMemoryServices();
    const generate = await createNodeHarness(ediGenerateNode, { ediType: '997', senderId: 'NORTHWIND', receiverId: 'ACMEFAST' }, { services });
    const cause = services.ledger.record({ direction: 'in', channel: 'edi', documentType: 'purchaseOrder', status: 'accepted', correlationId: 'c-ack' });
    const msg: Partial<TradelaneMessage> = { correlationId: 'c-ack', ledgerId: cause, payload: { standard: 'x12', functionalId: 'PO', groupControlNumber: '9', status: 'accepted', errorCodes: [], transactions: [] } };
    await generate.send(msg);
    const written = services.ledger.all().find((document) => document.id !== cause)!;
    expect(written).toMatchObject({ documentType: '997', direction: 'out', parentId: cause });
    expect(written.edi!.ackStatus).toBeUndefined();
    expect(written.partnerId).toBeUndefined();
  });
});
