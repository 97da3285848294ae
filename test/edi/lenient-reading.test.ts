// Failure class 1 ("whole files thrown away"): sloppy but readable files are read, with located warnings; a bad interchange costs only itself.
import { describe, expect, it } from 'vitest';
import { parseEdi } from '../../nodes/edi/parse.js';
import type { PurchaseOrder } from '../../nodes/canonical/types.js';
import { fixture } from './helpers.js';
import { wrap } from './fidelity-fixtures.js';

const X12 = fixture('x12-850-4010-crlf.edi');
const EDIFACT = fixture('edifact-orders-d01b.edi');
const CRLF_X12 = X12.replaceAll('~\n', '~\r\n');

function orderOf(text: string | Buffer): PurchaseOrder {
  const result = parseEdi(text);
  expect(result.errors).toEqual([]);
  expect(result.transactions.map((t) => t.status)).toEqual(['accepted']);
  return result.transactions[0]!.document as PurchaseOrder;
}

describe('X12 lenient reading', () => {
  const reference = orderOf(X12);

  it('reads an IEA without terminator when segments end in CR/LF, with a located warning', () => {
    const text = CRLF_X12.replace('IEA*1*000000101~\r\n', 'IEA*1*000000101\r\n');
    const result = parseEdi(text);
    expect(result.errors).toEqual([]);
    expect(result.transactions[0]!.document).toEqual(reference);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'MISSING_TERMINATOR', segmentId: 'IEA', byteOffset: text.indexOf('IEA*1') })]);
    // Also at the very end of the input, without any line break.
    expect(parseEdi(text.trimEnd()).warnings.map((w) => w.code)).toEqual(['MISSING_TERMINATOR']);
  });

  it.each([
    ['Ctrl-Z', '\u001a', 'STRAY_BYTES'],
    ['a trailing terminator', '~', 'EMPTY_SEGMENT'],
    ['a NUL byte', '\u0000', 'STRAY_BYTES'],
    ['a mail footer', '-- sent by VAN', 'TRAILING_BYTES'],
  ])('ignores %s after the last trailer with a warning', (_name, tail, code) => {
    const text = X12 + tail;
    const result = parseEdi(text);
    expect(result.errors).toEqual([]);
    expect(result.transactions[0]!.document).toEqual(reference);
    expect(result.warnings).toEqual([expect.objectContaining({ code, byteOffset: X12.length })]);
  });

  it('reads a file wrapped at 80 columns, ISA included', () => {
    const text = wrap(X12, 80);
    expect(text.split('\r\n')[0]).toHaveLength(80);
    const result = parseEdi(text);
    expect(result.errors).toEqual([]);
    expect(result.transactions[0]!.document).toEqual(reference);
    expect(result.warnings.map((w) => w.code)).toEqual(['WRAPPED_LINES', 'WRAPPED_LINES']);
    // Locations still point into the wrapped input.
    const bad = parseEdi(wrap(X12.replace('CTT*2', 'CTT*3'), 80));
    const offset = bad.errors[0]!.byteOffset!;
    expect(wrap(X12.replace('CTT*2', 'CTT*3'), 80).slice(offset).replaceAll('\r\n', '')).toMatch(/^CTT\*3/);
  });

  it('reads one bad interchange of a mailbag as a located error and keeps the good ones', () => {
    const second = X12.replaceAll('000000101', '000000102').replace('PO-10045', 'PO-10046');
    const broken = X12.replaceAll('000000101', '000000103').replace('CUR*BY', 'c!r*BY');
    const third = X12.replaceAll('000000101', '000000104').replace('PO-10045', 'PO-10047');
    const text = X12 + broken + second + 'ISA*00*garbage~' + third;
    const result = parseEdi(text);
    expect(result.interchanges.map((i) => i.controlNumber)).toEqual(['000000101', '000000103', '000000102', '000000104']);
    const accepted = result.transactions.filter((t) => t.status === 'accepted').map((t) => (t.document as PurchaseOrder).poNumber);
    expect(accepted).toEqual(['PO-10045', 'PO-10046', 'PO-10047']);
    expect(result.errors).toHaveLength(2);
    const [badId, truncated] = result.errors;
    expect(badId).toMatchObject({ code: 'INVALID_SEGMENT_ID', byteOffset: text.indexOf('c!r*BY') });
    // The broken ISA runs into the next interchange's; either way it is located at its own start.
    expect(truncated).toMatchObject({ code: expect.stringMatching(/^(ISA_TRUNCATED|INVALID_DELIMITERS)$/), segmentId: 'ISA', byteOffset: text.indexOf('ISA*00*garbage') });
    expect(result.transactions.find((t) => t.interchangeControlNumber === '000000103')).toMatchObject({ status: 'rejected', errors: [expect.objectContaining({ code: 'INVALID_SEGMENT_ID' })] });
  });

  it('counts a BOM in byte offsets, for text and for bytes', () => {
    const bad = X12.replace('CTT*2', 'CTT*3');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(bad)]);
    expect(parseEdi(bytes).errors[0]!.byteOffset).toBe(bytes.indexOf('CTT*3'));
    expect(parseEdi(`\ufeff${bad}`).errors[0]!.byteOffset).toBe(bytes.indexOf('CTT*3'));
  });
});

describe('EDIFACT lenient reading', () => {
  const reference = orderOf(EDIFACT);

  it('reads UNZ without terminator, a trailing empty segment and Ctrl-Z, with warnings', () => {
    const noTerminator = EDIFACT.replace("UNZ+1+IC0002'", 'UNZ+1+IC0002');
    expect(parseEdi(noTerminator).transactions[0]!.document).toEqual(reference);
    expect(parseEdi(noTerminator).warnings.map((w) => [w.code, w.segmentId])).toEqual([['MISSING_TERMINATOR', 'UNZ']]);
    const doubled = `${EDIFACT.trimEnd()}'\u001a`;
    const result = parseEdi(doubled);
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.code)).toEqual(['EMPTY_SEGMENT', 'STRAY_BYTES']);
  });

  it('reads a file wrapped at 80 columns', () => {
    const result = parseEdi(wrap(EDIFACT, 80));
    expect(result.errors).toEqual([]);
    expect(result.transactions[0]!.document).toEqual(reference);
    expect(result.warnings.map((w) => w.code)).toEqual(['WRAPPED_LINES']);
  });

  it('keeps the good interchanges of a mailbag with a bad one', () => {
    const bad = EDIFACT.replaceAll('IC0002', 'IC0003').replace('CUX+2', 'c!x+2');
    const good = EDIFACT.replaceAll('IC0002', 'IC0004').replace('PO-20001', 'PO-20002');
    const result = parseEdi(EDIFACT + bad + good);
    expect(result.transactions.filter((t) => t.status === 'accepted').map((t) => (t.document as PurchaseOrder).poNumber)).toEqual(['PO-20001', 'PO-20002']);
    expect(result.errors).toEqual([expect.objectContaining({ code: 'INVALID_SEGMENT_ID', byteOffset: (EDIFACT + bad).indexOf('c!x+2') })]);
  });

  it('reads a mailbag that repeats the UNA, and refuses (located) an interchange whose UNA differs', () => {
    const una = fixture('edifact-orders-una-escaped.edi');
    expect(una.startsWith('UNA')).toBe(true);
    const same = parseEdi(una + una.replaceAll('UNB+UNOC', 'UNB+UNOC'));
    expect(same.transactions.map((t) => t.status)).toEqual(['accepted', 'accepted']);
    const other = `${una}UNA:+,? '${una.slice(9)}`;
    const result = parseEdi(other);
    expect(result.transactions.map((t) => t.status)).toEqual(['accepted']);
    expect(result.errors).toEqual([expect.objectContaining({ code: 'INVALID_UNA', byteOffset: una.length })]);
  });

  it('decodes UNOC bytes as Latin-1, with byte offsets in Latin-1 bytes', () => {
    const text = EDIFACT.replace('Northwind Distribution', 'Nordwind Großhandel Müller').replace('CNT+2:2', 'CNT+2:3');
    const bytes = Buffer.from(text, 'latin1');
    const result = parseEdi(bytes);
    expect(result.encoding).toBe('latin1');
    expect(result.errors).toEqual([expect.objectContaining({ code: 'COUNT_MISMATCH', byteOffset: bytes.indexOf('CNT+2:3') })]);
    const fixed = parseEdi(Buffer.from(text.replace('CNT+2:3', 'CNT+2:2'), 'latin1'));
    expect((fixed.transactions[0]!.document as PurchaseOrder).buyer.name).toBe('Nordwind Großhandel Müller');
    // A UNOC file whose bytes are UTF-8 is read as UTF-8, and the choice is reported.
    const utf8 = parseEdi(Buffer.from(text.replace('CNT+2:3', 'CNT+2:2'), 'utf8'));
    expect([utf8.encoding, (utf8.transactions[0]!.document as PurchaseOrder).buyer.name, utf8.warnings[0]?.code]).toEqual(['utf-8', 'Nordwind Großhandel Müller', 'ENCODING']);
  });
});
