// 997 and CONTRL generation for inbound interchanges: accepted, rejected and partially accepted groups, addressed back to the sender.
import { describe, expect, it } from 'vitest';
import { buildAcknowledgements, generateAcknowledgements } from '../../nodes/edi/acknowledge.js';
import { MemoryControlNumbers } from '../../nodes/edi/control-numbers.js';
import { parseEdi } from '../../nodes/edi/parse.js';
import type { FunctionalAcknowledgement } from '../../nodes/edi/mapping/acknowledgement.js';
import { fixture } from './helpers.js';

describe('997 generation', () => {
  it('accepts a clean group and addresses the 997 back to the sender', async () => {
    const parsed = parseEdi(fixture('x12-multi-group.edi'));
    const [first, second] = await generateAcknowledgements(parsed, { controlNumbers: new MemoryControlNumbers(500), timestamp: new Date('2026-11-21T00:00:00Z') });
    expect(first!.acknowledgement).toMatchObject({ functionalId: 'PO', groupControlNumber: '1', status: 'accepted', counts: { included: 2, received: 2, accepted: 2 } });
    expect(second!.acknowledgement).toMatchObject({ functionalId: 'IN', groupControlNumber: '2', status: 'accepted' });
    const reread = parseEdi(first!.edi.text);
    expect(reread.interchanges[0]).toMatchObject({ senderId: 'SUPPLIERCO', receiverId: 'BUYERCO', controlNumber: '000000500' });
    expect(reread.interchanges[0]!.groups[0]).toMatchObject({ functionalId: 'FA', senderCode: 'SUPPLIERCO', receiverCode: 'BUYERCO' });
    // A 004010 997 has no AK103, so the group version is the one fact that does not travel.
    const { version: _version, ...withoutVersion } = first!.acknowledgement;
    expect(reread.transactions[0]!.document).toEqual(withoutVersion);
  });

  it('rejects a set with a bad SE count (AK5 code 4) and one with a content error (AK3/AK4)', async () => {
    const clean = fixture('x12-multi-group.edi').replace('SE*17*1001', 'SE*16*1001');
    const secondSet = clean.indexOf('ST*850*1002');
    const text = clean.slice(0, secondSet) + clean.slice(secondSet).replace('PO1*2*20*CS', 'PO1*2*X*CS');
    const parsed = parseEdi(text);
    const ack = buildAcknowledgements(parsed)[0]!.acknowledgement;
    expect(ack.status).toBe('rejected');
    expect(ack.transactions).toEqual([
      { type: '850', controlNumber: '1001', status: 'rejected', errorCodes: ['4'], errors: [] },
      { type: '850', controlNumber: '1002', status: 'rejected', errorCodes: ['5'], errors: [{ code: '7', segmentId: 'PO1', segmentPosition: 14, elementPosition: 2 }] },
    ]);
    const { edi } = (await generateAcknowledgements(parsed))[0]!;
    expect(edi.text).toContain('AK3*PO1*14**8~AK4*2**7~AK5*R*5~');
    expect(edi.text).toContain('AK9*R*2*2*0~');
  });

  it('marks a group partially accepted and reports a GE count problem in AK9', () => {
    const partial = buildAcknowledgements(parseEdi(fixture('x12-multi-group.edi').replace('SE*17*1002', 'SE*17*9999')))[0]!.acknowledgement;
    expect([partial.status, partial.transactions.map((t) => t.status)]).toEqual(['partially-accepted', ['accepted', 'rejected']]);
    expect(partial.transactions[1]!.errorCodes).toEqual(['3']);
    const badGroup = buildAcknowledgements(parseEdi(fixture('x12-multi-group.edi').replace('GE*2*1', 'GE*3*1')))[0]!.acknowledgement;
    expect([badGroup.status, badGroup.errorCodes, badGroup.counts]).toEqual(['rejected', ['5'], { included: 3, received: 2, accepted: 0 }]);
  });

  it('reports an unsupported transaction set with AK5 code 1 and writes 005010 997s for 005010 groups', async () => {
    const text = fixture('x12-850-5010-pipe.edi').replace('ST|850|1001|005010', 'ST|830|1001|005010');
    const parsed = parseEdi(text);
    const { acknowledgement, edi } = (await generateAcknowledgements(parsed))[0]!;
    expect(acknowledgement.transactions[0]).toMatchObject({ type: '830', status: 'rejected', errorCodes: ['1'] });
    expect(edi.version).toBe('005010');
    expect((parseEdi(edi.text).transactions[0]!.document as FunctionalAcknowledgement).version).toBe('005010');
  });

  it('never acknowledges an acknowledgement', () => {
    expect(buildAcknowledgements(parseEdi(fixture('x12-997-4010.edi')))).toEqual([]);
    expect(buildAcknowledgements(parseEdi(fixture('edifact-contrl.edi')))).toEqual([]);
  });
});

describe('CONTRL generation', () => {
  it('acknowledges a clean interchange with UCI action 7', async () => {
    const { acknowledgement, edi } = (await generateAcknowledgements(parseEdi(fixture('edifact-ordrsp-d01b.edi'))))[0]!;
    expect(acknowledgement).toMatchObject({ interchangeReference: 'ORD0001', interchangeSender: '4012345000009:14', status: 'accepted', transactions: [{ type: 'ORDRSP', controlNumber: '1', messageVersion: 'D:01B:UN:EAN005', status: 'accepted' }] });
    expect(edi.text).toContain("UCI+ORD0001+4012345000009:14+5412345000013:14+7'");
    expect(edi.text).toContain('UNH+1+CONTRL:D:3:UN');
    expect(parseEdi(edi.text).interchanges[0]).toMatchObject({ senderId: '5412345000013', receiverId: '4012345000009' });
  });

  it('rejects a message with a wrong UNT count (0085 code 29) and a bad UNZ (interchange rejected)', () => {
    const text = fixture('edifact-invoic-d01b.edi');
    const badUnt = buildAcknowledgements(parseEdi(text.replace(/UNT\+(\d+)\+1'/, "UNT+99+1'")))[0]!.acknowledgement;
    expect(badUnt.transactions[0]).toMatchObject({ status: 'rejected', errorCodes: ['29'] });
    expect(badUnt.status).toBe('rejected');
    const badUnz = buildAcknowledgements(parseEdi(text.replace("UNZ+1+INV0001'", "UNZ+1+INV0002'")))[0]!.acknowledgement;
    expect([badUnz.status, badUnz.errorCodes]).toEqual(['rejected', ['28']]);
  });

  it('locates content errors relative to UNH with UCS/UCD', async () => {
    const parsed = parseEdi(fixture('edifact-invoic-d01b.edi').replace("QTY+47:500:EA'", "QTY+47:many:EA'"));
    const { acknowledgement, edi } = (await generateAcknowledgements(parsed))[0]!;
    expect(acknowledgement.transactions[0]!.errors).toEqual([{ code: '12', segmentId: 'QTY', segmentPosition: 17, elementPosition: 1 }]);
    expect(edi.text).toContain("UCS+17'UCD+12+1'");
  });
});
