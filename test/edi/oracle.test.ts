// Cross-checks our X12 segment reading against node-x12 (a test oracle only, never the codec) on every X12 fixture.
import { describe, expect, it } from 'vitest';
import { X12Parser } from 'node-x12';
import { readX12 } from '../../nodes/edi/x12/reader.js';
import { elementValue } from '../../nodes/edi/segment.js';
import { fixture } from './helpers.js';

interface OracleSegment {
  tag: string;
  elements: Array<{ value: string }>;
}

interface OracleInterchange {
  functionalGroups: Array<{ transactions: Array<{ segments: OracleSegment[] }> }>;
}

const X12_FIXTURES = ['x12-850-4010-crlf.edi', 'x12-multi-group.edi', 'x12-855-4010.edi', 'x12-856-4010-sopi.edi', 'x12-810-4010.edi', 'x12-997-4010.edi'];

describe('node-x12 as an oracle', () => {
  it.each(X12_FIXTURES)('reads the same segments and element values in %s', (name) => {
    const text = fixture(name);
    const oracle = new X12Parser(true).parse(text) as unknown as OracleInterchange;
    const theirs = oracle.functionalGroups.flatMap((group) => group.transactions.flatMap((transaction) => transaction.segments.map((segment) => [segment.tag, ...segment.elements.map((element) => element.value)])));
    const ours = readX12(text).interchanges[0]!.groups.flatMap((group) => group.transactions.flatMap((transaction) => [transaction.st, ...transaction.segments, transaction.se!]
      .map((segment) => [segment.id, ...segment.elements.map((_, index) => raw(segment, index + 1))])));
    // node-x12 keeps ST and SE inside the transaction's segment list as well; compare what both contain.
    const strip = (rows: string[][]) => rows.filter((row) => row[0] !== 'ST' && row[0] !== 'SE');
    expect(strip(ours)).toEqual(strip(theirs));
    expect(strip(ours).length).toBeGreaterThan(3);
  });
});

/** node-x12 does not split composites, so compare raw element text. */
function raw(segment: Parameters<typeof elementValue>[0], position: number): string {
  const element = segment.elements[position - 1];
  if (Array.isArray(element)) return element.join('>');
  return elementValue(segment, position);
}
