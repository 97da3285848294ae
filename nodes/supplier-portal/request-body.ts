// Parses an inbound partner body by content type (JSON, XML, CSV, X12/EDIFACT text), reporting malformed input with its location.
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { locateJsonError, NodeError } from '../sdk/index.js';

export type BodyFormat = 'json' | 'xml' | 'csv' | 'x12' | 'edifact';

export const BODY_FORMATS: readonly BodyFormat[] = ['json', 'xml', 'csv', 'x12', 'edifact'];

export interface ParsedBody {
  format: BodyFormat;
  payload: unknown;
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw new NodeError('MALFORMED_JSON', 'body is empty; send a JSON document', { details: [{ path: '$', message: 'body is empty' }] });
  try {
    return JSON.parse(text);
  } catch (thrown) {
    const location = locateJsonError(text);
    const message = location ? `${location.message} at line ${location.line}, column ${location.column}` : thrown instanceof Error ? thrown.message : String(thrown);
    throw new NodeError('MALFORMED_JSON', `body is not valid JSON: ${message}`, {
      details: [{ path: '$', message, ...(location ? { line: location.line, column: location.column, offset: location.offset } : {}) }],
    });
  }
}

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Item numbers, GLNs and ZIP codes lose leading zeros as numbers; the validate and transform nodes convert on purpose.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

export function parseXmlBody(text: string): unknown {
  if (text.trim() === '') throw new NodeError('MALFORMED_XML', 'body is empty; send an XML document', { details: [{ path: '$', message: 'body is empty' }] });
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    const where = col === undefined ? `line ${line}` : `line ${line}, column ${col}`;
    throw new NodeError('MALFORMED_XML', `body is not well-formed XML: ${msg} at ${where}`, {
      details: [{ path: '$', message: `${msg} at ${where}`, line, ...(col === undefined ? {} : { column: col }) }],
    });
  }
  return xmlParser.parse(text) as unknown;
}

/** CSV with a header row becomes an array of objects (column -> string). */
export function parseCsvBody(text: string, delimiter: string): Array<Record<string, string>> {
  if (text.trim() === '') throw new NodeError('MALFORMED_CSV', 'body is empty; send CSV with a header row', { details: [{ path: '$', message: 'body is empty' }] });
  try {
    return parseCsv(text, { columns: true, bom: true, skip_empty_lines: true, trim: true, delimiter }) as Array<Record<string, string>>;
  } catch (thrown) {
    if (!(thrown instanceof CsvError)) throw thrown;
    const error = thrown as CsvError & { lines?: number };
    const line = error.lines ?? 1;
    const message = error.message.replace(/ on line \d+$/, '');
    throw new NodeError('MALFORMED_CSV', `body is not valid CSV: ${message} (line ${line})`, { details: [{ path: `$[${Math.max(0, line - 2)}]`, message, line }] });
  }
}

/** Maps a Content-Type header to a body format; undefined when the type is not one we parse. */
export function formatOf(contentType: string | undefined, body: Buffer): BodyFormat | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === '' || type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return 'xml';
  if (type === 'text/csv' || type === 'application/csv') return 'csv';
  if (type === 'application/edi-x12' || type === 'application/x12') return 'x12';
  if (type === 'application/edifact' || type === 'application/edi-edifact') return 'edifact';
  if (type === 'text/plain') {
    const start = body.subarray(0, 3).toString('latin1');
    if (start === 'ISA') return 'x12';
    if (start === 'UNA' || start === 'UNB') return 'edifact';
  }
  return undefined;
}

/** Parses a body in the given format; EDI stays text for the EDI parse node. */
export function parseBody(format: BodyFormat, body: Buffer, options: { csvDelimiter: string }): ParsedBody {
  const text = body.toString('utf8');
  switch (format) {
    case 'json':
      return { format, payload: parseJsonBody(text) };
    case 'xml':
      return { format, payload: parseXmlBody(text) };
    case 'csv':
      return { format, payload: parseCsvBody(text, options.csvDelimiter) };
    case 'x12':
    case 'edifact':
      if (text.trim() === '') throw new NodeError('MALFORMED_EDI', 'body is empty; send an interchange', { details: [{ path: '$', message: 'body is empty' }] });
      if (format === 'x12' && !/^\uFEFF?\s*ISA/.test(text)) {
        throw new NodeError('MALFORMED_EDI', 'an X12 interchange must start with an ISA segment', { details: [{ path: '$', segment: 'ISA', message: 'first segment is not ISA', line: 1, column: 1 }] });
      }
      return { format, payload: text };
  }
}
