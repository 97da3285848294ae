// tl-edi-parse and tl-edi-generate through the SDK harness: outputs, partner routing, acknowledgements, persisted control numbers.
import { describe, expect, it } from 'vitest';
import { createNodeHarness } from '../../nodes/sdk/index.js';
import { CONTROL_NUMBER_NAMESPACE, ediGenerateNode, ediNodes, ediParseNode, parseEdi } from '../../nodes/edi/index.js';
import { fixture } from './helpers.js';

describe('tl-edi-parse', () => {
  it('is exported in ediNodes', () => {
    expect(ediNodes.map((node) => node.type)).toEqual(['tl-edi-parse', 'tl-edi-generate']);
  });

  it('sends one canonical document per set with envelope facts and the partner id from the sender map', async () => {
    const harness = await createNodeHarness(ediParseNode, { partners: [{ partnerId: 'northwind', interchangeId: 'BUYERCO' }] });
    const { outputs, error } = await harness.send({ payload: Buffer.from(fixture('x12-multi-group.edi')) });
    expect(error).toBeUndefined();
    expect(outputs[0]!.map((msg) => [msg.topic, msg.partnerId, (msg.payload as { partnerId?: string }).partnerId])).toEqual([
      ['PurchaseOrder', 'northwind', 'northwind'], ['PurchaseOrder', 'northwind', 'northwind'], ['Invoice', 'northwind', 'northwind'],
    ]);
    expect(outputs[0]![2]!.edi).toMatchObject({ standard: 'x12', type: '810', version: '004010', controlNumber: '2001', groupControlNumber: '2', interchange: { senderId: 'BUYERCO', receiverId: 'SUPPLIERCO', test: false } });
    expect(outputs[1]).toEqual([]);
    expect(outputs[2]).toEqual([]);
  });

  it('routes rejected sets to output 2 and sends a 997 to output 3 with persisted control numbers', async () => {
    const harness = await createNodeHarness(ediParseNode, { acknowledge: 'always', partners: [{ partnerId: 'northwind', interchangeId: 'BUYERCO', qualifier: 'ZZ' }] });
    const text = fixture('x12-multi-group.edi').replace('SE*17*1002', 'SE*17*1003');
    const first = await harness.send({ payload: text });
    expect(first.outputs[0]!.map((msg) => msg.edi && (msg.edi as { controlNumber: string }).controlNumber)).toEqual(['1001', '2001']);
    expect(first.outputs[1]!).toHaveLength(1);
    expect(first.outputs[1]![0]!.ediErrors).toEqual([expect.objectContaining({ code: 'CONTROL_NUMBER_MISMATCH', segmentId: 'SE', elementPosition: 2 })]);
    const acks = first.outputs[2]!;
    expect(acks.map((msg) => [msg.topic, msg.partnerId])).toEqual([['997', 'northwind'], ['997', 'northwind']]);
    expect(acks[0]!.payload).toMatch(/AK9\*P\*2\*2\*1~/);
    const second = await harness.send({ payload: text });
    const controlNumbers = [...first.outputs[2]!, ...second.outputs[2]!].map((msg) => parseEdi(msg.payload as string).interchanges[0]!.controlNumber);
    expect(controlNumbers).toEqual(['000000001', '000000002', '000000003', '000000004']);
    expect(await harness.services.keyValue(CONTROL_NUMBER_NAMESPACE).get('interchange:northwind')).toBe(4);
  });

  it('explains sets rejected only because the interchange trailer is wrong', async () => {
    const harness = await createNodeHarness(ediParseNode, {});
    const { outputs } = await harness.send({ payload: fixture('x12-multi-group.edi').replace('IEA*2*', 'IEA*3*') });
    expect(outputs[0]).toEqual([]);
    expect(outputs[1]!.map((msg) => (msg.ediErrors as Array<{ code: string; segmentId: string }>).map((e) => `${e.segmentId}:${e.code}`))).toEqual([
      ['IEA:COUNT_MISMATCH'], ['IEA:COUNT_MISMATCH'], ['IEA:COUNT_MISMATCH'],
    ]);
  });

  it('sends unreadable input to output 2 with a located error instead of failing', async () => {
    const harness = await createNodeHarness(ediParseNode, {});
    const { outputs, error } = await harness.send({ payload: fixture('x12-850-4010-crlf.edi').replace('CUR*BY', 'cur*BY') });
    expect(error).toBeUndefined();
    expect(outputs[1]![0]!.ediErrors).toEqual([expect.objectContaining({ code: 'INVALID_SEGMENT_ID', segmentIndex: 4, segmentId: 'cur' })]);
    const missing = await harness.send({ payload: 42 });
    expect(missing.error?.code).toBe('EDI_NO_INPUT');
  });

  it('rejects senders that are not in the partner map when configured to', async () => {
    const harness = await createNodeHarness(ediParseNode, { unknownPartner: 'reject', partners: [{ partnerId: 'acme', interchangeId: 'SOMEONE' }] });
    const { outputs } = await harness.send({ payload: fixture('edifact-ordrsp-d01b.edi') });
    expect(outputs[0]).toEqual([]);
    expect(outputs[1]![0]!.ediErrors).toEqual([expect.objectContaining({ code: 'UNKNOWN_PARTNER' })]);
  });

  it('answers EDIFACT with CONTRL only when the interchange asks for it', async () => {
    const harness = await createNodeHarness(ediParseNode, { acknowledge: 'when-requested' });
    const plain = await harness.send({ payload: fixture('edifact-invoic-d01b.edi') });
    expect(plain.outputs[2]).toEqual([]);
    const requested = fixture('edifact-invoic-d01b.edi').replace("261129:1000+INV0001'", "261129:1000+INV0001++++1'");
    const asked = await harness.send({ payload: requested });
    expect(asked.outputs[2]!.map((msg) => msg.topic)).toEqual(['CONTRL']);
  });

  it('narrows partner matching by our recipient id', async () => {
    const harness = await createNodeHarness(ediParseNode, { partners: [
      { partnerId: 'northwind-east', interchangeId: 'BUYERCO', receiverId: 'OTHERUS' },
      { partnerId: 'northwind-west', interchangeId: 'BUYERCO', receiverId: 'SUPPLIERCO' },
    ] });
    const { outputs } = await harness.send({ payload: fixture('x12-850-4010-crlf.edi') });
    expect(outputs[0]!.map((msg) => msg.partnerId)).toEqual(['northwind-west']);
  });

  it('can emit raw segments', async () => {
    const harness = await createNodeHarness(ediParseNode, { to: 'segments' });
    const { outputs } = await harness.send({ payload: fixture('x12-850-4010-crlf.edi') });
    expect((outputs[0]![0]!.payload as Array<{ id: string }>).map((s) => s.id).slice(0, 3)).toEqual(['BEG', 'CUR', 'ITD']);
    const both = await (await createNodeHarness(ediParseNode, { to: 'both' })).send({ payload: fixture('x12-850-4010-crlf.edi') });
    const msg = both.outputs[0]![0]!;
    expect((msg.payload as { poNumber: string }).poNumber).toBe('PO-10045');
    expect(structuredClone((msg.edi as { segments: unknown[] }).segments)[0]).toEqual({ id: 'BEG', elements: ['00', 'SA', 'PO-10045', '', '20261120'], index: 3, offset: fixture('x12-850-4010-crlf.edi').indexOf('BEG*') });
  });
});

describe('tl-edi-generate', () => {
  const ack = () => parseEdi(fixture('x12-855-4010.edi')).transactions[0]!.document;

  it('writes an 855 for the partner from msg.partnerId with sequential persisted control numbers', async () => {
    const harness = await createNodeHarness(ediGenerateNode, { ediType: '855', version: '005010', senderId: 'NORTHWIND', test: true, partners: [{ partnerId: 'acme', interchangeId: 'ACMEEDI', qualifier: '01' }] });
    const first = await harness.send({ payload: ack(), partnerId: 'acme' });
    const second = await harness.send({ payload: ack(), partnerId: 'acme' });
    expect(first.error).toBeUndefined();
    const parsed = parseEdi(first.outputs[0]![0]!.payload as string);
    expect(parsed.interchanges[0]).toMatchObject({ senderId: 'NORTHWIND', receiverId: 'ACMEEDI', receiverQualifier: '01', test: true, syntaxVersion: '00501' });
    expect(parsed.transactions[0]!.document).toEqual(ack());
    expect([first, second].map((r) => (r.outputs[0]![0]!.edi as { interchangeControlNumber: string }).interchangeControlNumber)).toEqual(['000000001', '000000002']);
  });

  it('writes EDIFACT with custom delimiters and reports unwritable documents as EDI_GENERATE_FAILED', async () => {
    const harness = await createNodeHarness(ediGenerateNode, { ediType: 'ORDRSP', version: 'D.01B', senderId: 'NW', receiverId: 'ACME', elementSeparator: '|', segmentTerminator: '~' });
    const { outputs } = await harness.send({ payload: ack() });
    const text = outputs[0]![0]!.payload as string;
    expect(text.startsWith('UNA:|.? ~')).toBe(true);
    expect(parseEdi(text).transactions[0]!.status).toBe('accepted');
    const broken = await harness.send({ payload: { lines: [] } });
    expect(broken.error?.code).toBe('EDI_GENERATE_FAILED');
    expect(broken.error?.details).toMatchObject({ code: 'INVALID_DOCUMENT' });
  });

  it('refuses a version that does not fit the document type at deploy', async () => {
    await expect(createNodeHarness(ediGenerateNode, { ediType: '850', version: 'D.96A', senderId: 'X' })).rejects.toThrow(/does not fit/);
  });
});
