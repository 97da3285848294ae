// X12 writer: serialises envelopes and segments with configurable delimiters; counts and trailers are computed, never trusted.
import { EdiError } from '../edi-error.js';
import { isRepeated, type ElementValue, type SegmentData } from '../segment.js';
import { DEFAULT_X12_DELIMITERS, delimiterProblem, type X12Delimiters } from './delimiters.js';

export interface X12TransactionSpec {
  /** ST01, e.g. "855". */
  setId: string;
  /** ST02; numbers are zero-padded to four digits. */
  controlNumber: number | string;
  /** ST03 (5010 only); defaults to the group's GS08 for 005010 and later. */
  implementationReference?: string;
  /** Body segments between ST and SE. */
  segments: SegmentData[];
}

export interface X12GroupSpec {
  functionalId: string;
  senderCode: string;
  receiverCode: string;
  controlNumber: number;
  /** GS08, e.g. "004010" or "005010". */
  version: string;
  transactions: X12TransactionSpec[];
}

export interface X12InterchangeSpec {
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  controlNumber: number;
  /** ISA15: "T" test or "P" production (default "P"). */
  usage?: 'T' | 'P';
  /** ISA14: request a TA1 (default false). */
  ackRequested?: boolean;
  /** Envelope date and time (default now). */
  timestamp?: Date;
  /** ISA12; derived from the first group's GS08 when absent ("004010" -> "00401"). */
  version?: string;
  authorizationQualifier?: string;
  authorization?: string;
  securityQualifier?: string;
  security?: string;
  groups: X12GroupSpec[];
}

export interface X12WriteOptions {
  /** Delimiters to use; defaults are * > ^ ~. The repetition separator is only written for 00402 and later. */
  delimiters?: Partial<X12Delimiters>;
  /** Written after every segment terminator, e.g. "\n" or "\r\n" for readability (default none). */
  lineBreak?: string;
}

/** Writes one interchange; throws EdiError when a value contains a delimiter or the delimiters clash. */
export function writeX12Interchange(spec: X12InterchangeSpec, options: X12WriteOptions = {}): string {
  const version = spec.version ?? isaVersionOf(spec.groups[0]?.version ?? '004010');
  const usesRepetition = version >= '00402';
  const chosen = { ...DEFAULT_X12_DELIMITERS, ...options.delimiters };
  const delimiters: X12Delimiters = usesRepetition
    ? { element: chosen.element, component: chosen.component, repetition: chosen.repetition, segment: chosen.segment }
    : { element: chosen.element, component: chosen.component, segment: chosen.segment };
  const problem = delimiterProblem(delimiters);
  if (problem) throw new EdiError('INVALID_DELIMITERS', `cannot write X12 with these delimiters: ${problem}`);
  const writer = new X12SegmentWriter(delimiters, options.lineBreak ?? '');
  const timestamp = spec.timestamp ?? new Date();
  const { yymmdd, ccyymmdd, hhmm } = formatTimestamp(timestamp);
  const isa = [
    'ISA', pad(spec.authorizationQualifier ?? '00', 2), pad(spec.authorization ?? '', 10), pad(spec.securityQualifier ?? '00', 2), pad(spec.security ?? '', 10),
    pad(spec.senderQualifier, 2), pad(spec.senderId, 15), pad(spec.receiverQualifier, 2), pad(spec.receiverId, 15), yymmdd, hhmm,
    usesRepetition ? (delimiters.repetition as string) : 'U', version, String(spec.controlNumber).padStart(9, '0'), spec.ackRequested ? '1' : '0', spec.usage ?? 'P',
  ];
  // ISA11 carries the repetition separator itself from 00402 on, so it is the one value allowed to be a delimiter.
  for (let position = 1; position < isa.length; position++) if (position !== 11) writer.checkValue(isa[position] as string, 'ISA', position, 0);
  writer.raw(isa.join(delimiters.element) + delimiters.element + delimiters.component);
  for (const group of spec.groups) {
    writer.write({ id: 'GS', elements: [group.functionalId, group.senderCode, group.receiverCode, ccyymmdd, hhmm, String(group.controlNumber), 'X', group.version] });
    for (const transaction of group.transactions) {
      const controlNumber = typeof transaction.controlNumber === 'number' ? String(transaction.controlNumber).padStart(4, '0') : transaction.controlNumber;
      const reference = transaction.implementationReference ?? (group.version >= '005010' ? group.version : undefined);
      writer.write({ id: 'ST', elements: reference === undefined ? [transaction.setId, controlNumber] : [transaction.setId, controlNumber, reference] });
      for (const body of transaction.segments) writer.write(body);
      writer.write({ id: 'SE', elements: [String(transaction.segments.length + 2), controlNumber] });
    }
    writer.write({ id: 'GE', elements: [String(group.transactions.length), String(group.controlNumber)] });
  }
  writer.write({ id: 'IEA', elements: [String(spec.groups.length), String(spec.controlNumber).padStart(9, '0')] });
  return writer.toString();
}

/** "004010" / "005010X222A1" -> "00401" / "00501". */
export function isaVersionOf(groupVersion: string): string {
  return groupVersion.slice(0, 5).padEnd(5, '0');
}

class X12SegmentWriter {
  private readonly parts: string[] = [];
  private segmentCount = 0;
  constructor(private readonly delimiters: X12Delimiters, private readonly lineBreak: string) {}

  raw(text: string): void {
    this.parts.push(text, this.delimiters.segment, this.lineBreak);
    this.segmentCount++;
  }

  write(segment: SegmentData): void {
    let text = segment.id;
    segment.elements.forEach((element, index) => {
      text += this.delimiters.element + this.element(element, segment.id, index + 1);
    });
    this.raw(text);
  }

  private element(element: ElementValue, segmentId: string, position: number): string {
    if (isRepeated(element)) {
      if (this.delimiters.repetition === undefined) throw new EdiError('DELIMITER_IN_VALUE', 'repeated elements need version 00402 or later', this.location(segmentId, position, 0));
      return element.repeats.map((repeat) => this.composite(repeat, segmentId, position)).join(this.delimiters.repetition);
    }
    return this.composite(element, segmentId, position);
  }

  private composite(element: string | string[], segmentId: string, position: number): string {
    if (typeof element === 'string') return this.checkValue(element, segmentId, position, 0);
    return element.map((component, index) => this.checkValue(component, segmentId, position, index + 1)).join(this.delimiters.component);
  }

  /** X12 has no escape character, so a delimiter inside a value cannot be written. */
  checkValue(value: string, segmentId: string, position: number, component: number): string {
    const { element, component: componentSeparator, repetition, segment } = this.delimiters;
    if (value.includes(element) || value.includes(componentSeparator) || value.includes(segment) || (repetition !== undefined && value.includes(repetition))) {
      throw new EdiError('DELIMITER_IN_VALUE', `value "${value}" contains a delimiter`, this.location(segmentId, position, component));
    }
    return value;
  }

  private location(segmentId: string, elementPosition: number, componentPosition: number) {
    return componentPosition ? { segmentIndex: this.segmentCount, segmentId, elementPosition, componentPosition } : { segmentIndex: this.segmentCount, segmentId, elementPosition };
  }

  toString(): string {
    return this.parts.join('');
  }
}

function pad(value: string, width: number): string {
  return value.length >= width ? value.slice(0, width) : value.padEnd(width, ' ');
}

function formatTimestamp(date: Date): { yymmdd: string; ccyymmdd: string; hhmm: string } {
  const two = (n: number) => String(n).padStart(2, '0');
  const ccyymmdd = `${date.getUTCFullYear()}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`;
  return { ccyymmdd, yymmdd: ccyymmdd.slice(2), hhmm: `${two(date.getUTCHours())}${two(date.getUTCMinutes())}` };
}
