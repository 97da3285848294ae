// X12 tokenizer and envelope reader: delimiters from ISA, CR/LF tolerance, envelope counts and located errors.
import { describe, expect, it } from 'vitest';
import { EdiError } from '../../nodes/edi/edi-error.js';
import { readX12 } from '../../nodes/edi/x12/reader.js';
import { X12Tokenizer } from '../../nodes/edi/x12/tokenizer.js';
import { elementValue } from '../../nodes/edi/segment.js';
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

describe('X12 delimiters and tokenizer', () => {
  it('reads standard delimiters and tolerates CRLF after every segment', () => {
    const document = readX12(fixture('x12-850-4010-crlf.edi'));
    const [interchange] = document.interchanges;
    expect(interchange?.delimiters).toEqual({ element: '*', component: '>', segment: '~' });
    expect(interchange?.header).toMatchObject({ senderId: 'BUYERCO', receiverId: 'SUPPLIERCO', version: '00401', controlNumber: '000000101', usage: 'P' });
    const transaction = interchange?.groups[0]?.transactions[0];
    expect(transaction?.setId).toBe('850');
    expect(transaction?.segments.map((s) => s.id)).toEqual(['BEG', 'CUR', 'ITD', 'DTM', 'N1', 'N1', 'N1', 'N3', 'N4', 'PO1', 'PID', 'DTM', 'PO1', 'PID', 'CTT']);
    expect(elementValue(transaction!.segments[0]!, 3)).toBe('PO-10045');
    expect(document.errors).toEqual([]);
  });

  it('reads | element, \\ component and ^ repetition separators (005010)', () => {
    const interchange = readX12(fixture('x12-850-5010-pipe.edi')).interchanges[0]!;
    expect(interchange.delimiters).toEqual({ element: '|', component: '\\', repetition: '^', segment: '~' });
    const transaction = interchange.groups[0]!.transactions[0]!;
    expect(transaction.implementationReference).toBe('005010');
    expect(elementValue(transaction.segments[4]!, 2)).toBe('Northwind Distribution');
  });

  it('reads ^ element, | component and \\ terminator with LF line breaks', () => {
    const interchange = readX12(fixture('x12-850-4010-caret.edi')).interchanges[0]!;
    expect(interchange.delimiters).toEqual({ element: '^', component: '|', segment: '\\' });
    expect(interchange.groups[0]!.transactions[0]!.segments).toHaveLength(15);
  });

  it('splits composites and repetitions', () => {
    const text = 'ISA*00*          *00*          *ZZ*A              *ZZ*B              *261120*1030*^*00501*000000001*0*T*:~'
      + 'GS*PO*A*B*20261120*1030*1*X*005010~ST*850*0001*005010~REF*ZZ*A:B:C*X^Y:Z~SE*3*0001~GE*1*1~IEA*1*000000001~';
    const tokenizer = new X12Tokenizer(text);
    const segments = [];
    for (let s = tokenizer.next(); s; s = tokenizer.next()) segments.push(s);
    const ref = segments.find((s) => s.id === 'REF')!;
    expect(ref.elements).toEqual(['ZZ', ['A', 'B', 'C'], { repeats: ['X', ['Y', 'Z']] }]);
    expect(segments.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(text.slice(ref.offset, ref.offset + 3)).toBe('REF');
  });

  it('keeps several GS groups with several ST sets apart', () => {
    const document = readX12(fixture('x12-multi-group.edi'));
    const groups = document.interchanges[0]!.groups;
    expect(groups.map((g) => [g.functionalId, g.controlNumber, g.transactions.map((t) => `${t.setId}/${t.controlNumber}`)])).toEqual([
      ['PO', '1', ['850/1001', '850/1002']],
      ['IN', '2', ['810/2001']],
    ]);
  });

  it('reads two interchanges in one file', () => {
    const one = fixture('x12-850-4010-crlf.edi');
    const two = fixture('x12-850-5010-pipe.edi');
    const document = readX12(one + two);
    expect(document.interchanges.map((i) => i.delimiters.element)).toEqual(['*', '|']);
  });
});

describe('X12 envelope validation', () => {
  const clean = fixture('x12-multi-group.edi');

  it('reports a wrong SE count with its location', () => {
    const broken = clean.replace('SE*17*1001', 'SE*16*1001');
    const error = catchEdi(() => readX12(broken));
    expect(error.code).toBe('COUNT_MISMATCH');
    expect(error.segmentId).toBe('SE');
    expect(error.elementPosition).toBe(1);
    expect(error.segmentIndex).toBe(18);
    expect(error.byteOffset).toBe(clean.indexOf('SE*17*1001'));
  });

  it('reports control number mismatches on SE, GE and IEA', () => {
    expect(catchEdi(() => readX12(clean.replace('SE*17*1002', 'SE*17*1003'))).code).toBe('CONTROL_NUMBER_MISMATCH');
    expect(catchEdi(() => readX12(clean.replace('GE*1*2', 'GE*1*3'))).segmentId).toBe('GE');
    const iea = catchEdi(() => readX12(clean.replace('IEA*2*000000101', 'IEA*2*000000102')));
    expect([iea.code, iea.segmentId, iea.elementPosition]).toEqual(['CONTROL_NUMBER_MISMATCH', 'IEA', 2]);
  });

  it('reports wrong GE and IEA counts', () => {
    expect(catchEdi(() => readX12(clean.replace('GE*2*1', 'GE*3*1'))).message).toMatch(/GE01 declares 3 transaction sets but 2/);
    expect(catchEdi(() => readX12(clean.replace('IEA*2*', 'IEA*1*'))).code).toBe('COUNT_MISMATCH');
  });

  it('reports a missing SE and keeps going in lenient mode', () => {
    const broken = clean.replace(/SE\*17\*1001~\n/, '');
    expect(catchEdi(() => readX12(broken)).code).toBe('MISSING_TRAILER');
    const document = readX12(broken, { strict: false });
    const sets = document.interchanges[0]!.groups[0]!.transactions;
    expect(sets).toHaveLength(2);
    expect(sets[0]!.errors.map((e) => e.code)).toEqual(['MISSING_TRAILER']);
    expect(sets[1]!.errors).toEqual([]);
  });

  it('reports segments outside any envelope and a missing IEA', () => {
    expect(catchEdi(() => readX12(clean.replace(/IEA\*2\*000000101~\n$/, ''))).code).toBe('MISSING_TRAILER');
    const stray = catchEdi(() => readX12(clean.replace('GS*PO', 'BEG*00~GS*PO')));
    expect([stray.code, stray.segmentId, stray.segmentIndex]).toEqual(['UNEXPECTED_SEGMENT', 'BEG', 1]);
  });

  it('rejects text that is not X12, truncated ISAs, bad ids and unterminated segments', () => {
    expect(catchEdi(() => readX12('UNB+UNOA:3')).code).toBe('UNKNOWN_STANDARD');
    expect(catchEdi(() => readX12('ISA*00*')).code).toBe('ISA_TRUNCATED');
    expect(catchEdi(() => readX12('')).code).toBe('EMPTY_INPUT');
    const badId = catchEdi(() => readX12(clean.replace('CUR*BY', 'c!R*BY')));
    expect([badId.code, badId.segmentIndex]).toEqual(['INVALID_SEGMENT_ID', 4]);
    // A last segment without terminator is read, with a located warning (lenient reading).
    const unterminated = readX12(clean.slice(0, -2));
    expect(unterminated.warnings).toEqual([expect.objectContaining({ code: 'MISSING_TERMINATOR', segmentId: 'IEA', byteOffset: clean.lastIndexOf('IEA') })]);
    expect(unterminated.interchanges[0]!.iea).toBeDefined();
  });

  it('refuses an ISA whose delimiters collide', () => {
    const same = clean.slice(0, 104) + '*' + clean.slice(105);
    expect(catchEdi(() => readX12(same)).code).toBe('INVALID_DELIMITERS');
  });

  it('streams transaction sets without retaining them', () => {
    const seen: string[] = [];
    const document = readX12(clean, { retainTransactions: false, onTransaction: (t, g) => seen.push(`${g.controlNumber}:${t.controlNumber}:${t.segments.length}`) });
    expect(seen).toEqual(['1:1001:15', '1:1002:15', '2:2001:6']);
    expect(document.interchanges[0]!.groups.map((g) => [g.transactions.length, g.transactionCount])).toEqual([[0, 2], [0, 1]]);
  });
});
