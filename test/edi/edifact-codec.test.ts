// EDIFACT tokenizer, envelope reader and writer: UNA, release character, UNB/UNZ, UNG/UNE and UNH/UNT checks.
import { describe, expect, it } from 'vitest';
import { EdiError } from '../../nodes/edi/edi-error.js';
import { readEdifact } from '../../nodes/edi/edifact/reader.js';
import { writeEdifactInterchange, type EdifactInterchangeSpec } from '../../nodes/edi/edifact/writer.js';
import { segment, toSegmentData } from '../../nodes/edi/segment.js';
import { fixture } from './helpers.js';

function catchEdi(run: () => unknown): EdiError {
  try {
    run();
  } catch (error) {
    if (error instanceof EdiError) return error;
    throw error;
  }
  throw new Error('expected an EdiError');
}

describe('EDIFACT reader', () => {
  it('reads UNA, unescapes ?\' ?+ ?: and ?? and reports the header', () => {
    const interchange = readEdifact(fixture('edifact-orders-una-escaped.edi')).interchanges[0]!;
    expect(interchange.hasUna).toBe(true);
    expect(interchange.header).toMatchObject({ syntaxId: 'UNOC', senderId: '5412345000013', senderQualifier: '14', recipientId: '4012345000009', controlReference: 'IC0001' });
    const message = interchange.messages[0]!;
    expect([message.type, message.version, message.release, message.agency, message.associationCode]).toEqual(['ORDERS', 'D', '96A', 'UN', 'EAN008']);
    const ftx = message.segments.find((s) => s.id === 'FTX')!;
    expect(ftx.elements[3]).toEqual("Deliver to dock 3's door + ring twice: gate? B");
    expect(message.segments.find((s) => s.id === 'QTY')!.elements).toEqual([['21', '500', 'EA']]);
    expect(message.segments.map((s) => s.id)).toContain('UNS');
  });

  it('uses default service characters without UNA and counts groups in UNZ', () => {
    const interchange = readEdifact(fixture('edifact-groups.edi')).interchanges[0]!;
    expect(interchange.hasUna).toBe(false);
    expect(interchange.groups.map((g) => [g.groupId, g.reference, g.messageCount])).toEqual([['ORDERS', 'G1', 2], ['INVOIC', 'G2', 1]]);
    expect(interchange.messages.map((m) => `${m.groupReference}/${m.reference}/${m.type}:${m.release}`)).toEqual(['G1/1/ORDERS:96A', 'G1/2/ORDERS:96A', 'G2/3/INVOIC:01B']);
  });

  it('reads custom UNA service characters', () => {
    const text = "UNA|=,!*\nUNB=UNOC|4=A=B=20261120|1030=9\nUNH=1=ORDERS|D|01B|UN\nFTX=AAI===a!=b!|c!!*x\nUNT=3=1\nUNZ=1=9\n";
    const interchange = readEdifact(text).interchanges[0]!;
    expect(interchange.delimiters).toEqual({ component: '|', element: '=', decimal: ',', release: '!', repetition: '*', segment: '\n' });
    expect(interchange.messages[0]!.segments[0]!.elements[3]).toEqual({ repeats: ['a=b|c!', 'x'] });
  });

  it('reports located count and reference mismatches', () => {
    const clean = fixture('edifact-orders-una-escaped.edi');
    const count = catchEdi(() => readEdifact(clean.replace('UNT+13+M1', 'UNT+12+M1')));
    expect([count.code, count.segmentId, count.elementPosition, count.segmentIndex, count.byteOffset]).toEqual(['COUNT_MISMATCH', 'UNT', 1, 14, Buffer.byteLength(clean.slice(0, clean.indexOf('UNT+13')))]);
    expect(catchEdi(() => readEdifact(clean.replace('UNT+13+M1', 'UNT+13+M2'))).code).toBe('CONTROL_NUMBER_MISMATCH');
    expect(catchEdi(() => readEdifact(clean.replace('UNZ+1+IC0001', 'UNZ+2+IC0001'))).code).toBe('COUNT_MISMATCH');
    expect(catchEdi(() => readEdifact(clean.replace('UNZ+1+IC0001', 'UNZ+1+IC0002'))).segmentId).toBe('UNZ');
    const groups = fixture('edifact-groups.edi');
    expect(catchEdi(() => readEdifact(groups.replace('UNE+2+G1', 'UNE+1+G1'))).segmentId).toBe('UNE');
  });

  it('collects problems in lenient mode and rejects malformed text', () => {
    const clean = fixture('edifact-orders-una-escaped.edi');
    const document = readEdifact(clean.replace('UNT+13+M1', 'UNT+11+M1'), { strict: false });
    expect(document.interchanges[0]!.messages[0]!.errors.map((e) => e.code)).toEqual(['COUNT_MISMATCH']);
    expect(catchEdi(() => readEdifact('UNA:+')).code).toBe('INVALID_UNA');
    // An unterminated last segment is read with a warning; the missing UNT/UNZ are still errors.
    const cut = readEdifact("UNB+UNOA:3+A+B+1:1+1'UNH+1", { strict: false });
    expect(cut.warnings.map((w) => [w.code, w.segmentId])).toEqual([['MISSING_TERMINATOR', 'UNH']]);
    expect(cut.errors.map((e) => e.code)).toEqual(['MISSING_TRAILER', 'MISSING_TRAILER']);
    expect(catchEdi(() => readEdifact("UNB+UNOA:3+A+B+1:1+1'ab+1'")).code).toBe('INVALID_SEGMENT_ID');
    expect(catchEdi(() => readEdifact("BGM+220'")).code).toBe('SEGMENT_OUTSIDE_ENVELOPE');
  });
});

describe('EDIFACT writer', () => {
  const spec: EdifactInterchangeSpec = {
    senderId: '4012345000009', senderQualifier: '14', recipientId: '5412345000013', recipientQualifier: '14', controlReference: 77, timestamp: new Date('2026-11-21T08:00:00Z'), test: true,
    messages: [{ reference: 1, type: 'ORDRSP', version: 'D', release: '96A', agency: 'UN', segments: [segment('BGM', '231', 'ACK-1', '29'), segment('FTX', 'AAI', '', '', "it's 5+3: ok?")] }],
  };

  it('escapes service characters and computes trailers', () => {
    const text = writeEdifactInterchange(spec, { lineBreak: '\n' });
    expect(text.split('\n').filter(Boolean)).toEqual([
      "UNB+UNOC:3+4012345000009:14+5412345000013:14+261121:0800+77++++++1'", "UNH+1+ORDRSP:D:96A:UN'", "BGM+231+ACK-1+29'", "FTX+AAI+++it?'s 5?+3?: ok??'", "UNT+4+1'", "UNZ+1+77'",
    ]);
    const read = readEdifact(text).interchanges[0]!;
    expect(read.header.test).toBe(true);
    expect(read.messages[0]!.segments.map(toSegmentData)).toEqual(spec.messages[0]!.segments);
  });

  it('writes UNA with custom service characters that read back', () => {
    const text = writeEdifactInterchange(spec, { delimiters: { element: '|', segment: '~', release: '\\' } });
    expect(text.startsWith('UNA:|.\\ ~')).toBe(true);
    expect(readEdifact(text).interchanges[0]!.messages[0]!.segments.map(toSegmentData)).toEqual(spec.messages[0]!.segments);
  });
});
