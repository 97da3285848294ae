// X12 writer and control-number sources: configurable delimiters, computed trailers, ISA15, persisted sequences.
import { describe, expect, it } from 'vitest';
import { EdiError } from '../../nodes/edi/edi-error.js';
import { KeyValueControlNumbers, MemoryControlNumbers } from '../../nodes/edi/control-numbers.js';
import { readX12 } from '../../nodes/edi/x12/reader.js';
import { writeX12Interchange, type X12InterchangeSpec } from '../../nodes/edi/x12/writer.js';
import { segment, toSegmentData } from '../../nodes/edi/segment.js';
import { MemoryKeyValueStore } from '../../nodes/sdk/index.js';

const spec = (version: string): X12InterchangeSpec => ({
  senderQualifier: 'ZZ', senderId: 'SUPPLIERCO', receiverQualifier: '01', receiverId: '123456789', controlNumber: 42, usage: 'T',
  timestamp: new Date('2026-11-21T09:05:00Z'),
  groups: [{
    functionalId: 'PR', senderCode: 'SUPPLIERCO', receiverCode: 'BUYERCO', controlNumber: 7, version,
    transactions: [{ setId: '855', controlNumber: 1, segments: [segment('BAK', '00', 'AC', 'PO-1', '20261121'), segment('REF', 'ZZ', ['A', 'B'], '', ''), segment('CTT', 1)] }],
  }],
});

describe('X12 writer', () => {
  it('writes a readable 004010 interchange with computed counts and a fixed-width ISA', () => {
    const text = writeX12Interchange(spec('004010'), { lineBreak: '\n' });
    const lines = text.split('\n');
    expect(lines[0]).toBe('ISA*00*          *00*          *ZZ*SUPPLIERCO     *01*123456789      *261121*0905*U*00401*000000042*0*T*>~');
    expect(lines[0]).toHaveLength(106);
    expect(lines.slice(1, -1)).toEqual([
      'GS*PR*SUPPLIERCO*BUYERCO*20261121*0905*7*X*004010~', 'ST*855*0001~', 'BAK*00*AC*PO-1*20261121~', 'REF*ZZ*A>B~', 'CTT*1~', 'SE*5*0001~', 'GE*1*7~', 'IEA*1*000000042~',
    ]);
    const document = readX12(text);
    expect(document.interchanges[0]!.header.usage).toBe('T');
    expect(document.interchanges[0]!.groups[0]!.transactions[0]!.segments.map(toSegmentData)).toEqual(spec('004010').groups[0]!.transactions[0]!.segments);
  });

  it('writes 005010 with a repetition separator, ST03 and custom delimiters that read back', () => {
    const text = writeX12Interchange(spec('005010'), { delimiters: { element: '|', component: '\\', repetition: '{', segment: '\n' } });
    const interchange = readX12(text).interchanges[0]!;
    expect(interchange.delimiters).toEqual({ element: '|', component: '\\', repetition: '{', segment: '\n' });
    expect(interchange.header.version).toBe('00501');
    expect(interchange.groups[0]!.transactions[0]!.implementationReference).toBe('005010');
    expect(interchange.groups[0]!.transactions[0]!.segments[1]!.elements).toEqual(['ZZ', ['A', 'B']]);
  });

  it('refuses values that contain a delimiter, with the location', () => {
    const bad = spec('004010');
    bad.groups[0]!.transactions[0]!.segments[0] = segment('BAK', '00', 'AC', 'PO*1');
    try {
      writeX12Interchange(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EdiError);
      expect((error as EdiError).toJSON()).toMatchObject({ code: 'DELIMITER_IN_VALUE', segmentId: 'BAK', elementPosition: 3 });
    }
  });

  it('refuses clashing delimiters', () => {
    expect(() => writeX12Interchange(spec('004010'), { delimiters: { element: '~' } })).toThrow(EdiError);
  });
});

describe('control numbers', () => {
  it('counts per kind and scope in memory', async () => {
    const numbers = new MemoryControlNumbers(100);
    expect([await numbers.next('interchange', 'acme'), await numbers.next('interchange', 'acme'), await numbers.next('interchange', 'other'), await numbers.next('group', 'acme')]).toEqual([100, 101, 100, 100]);
  });

  it('persists sequences in a key-value store and survives a new instance', async () => {
    const store = new MemoryKeyValueStore({ now: () => 0 });
    const first = new KeyValueControlNumbers(store);
    const concurrent = await Promise.all([1, 2, 3, 4, 5].map(() => first.next('interchange', 'acme')));
    expect(concurrent).toEqual([1, 2, 3, 4, 5]);
    const restarted = new KeyValueControlNumbers(store);
    expect(await restarted.next('interchange', 'acme')).toBe(6);
    await store.set('transaction:acme', 999_999_999);
    expect(await restarted.next('transaction', 'acme')).toBe(1);
  });
});
