// EDIFACT writer: UNA when asked for, release-character escaping, computed UNT/UNZ counts.
import { EdiError } from '../edi-error.js';
import { isRepeated, type ElementValue, type SegmentData } from '../segment.js';
import { DEFAULT_EDIFACT_DELIMITERS, edifactDelimiterProblem, unaText, type EdifactDelimiters } from './delimiters.js';

export interface EdifactMessageSpec {
  reference: number | string;
  /** e.g. "ORDERS". */
  type: string;
  /** "D". */
  version: string;
  /** "96A", "01B". */
  release: string;
  /** "UN". */
  agency: string;
  associationCode?: string;
  /** Body segments between UNH and UNT. */
  segments: SegmentData[];
}

export interface EdifactInterchangeSpec {
  /** S001, default "UNOC". */
  syntaxId?: string;
  /** "3" (default) or "4". */
  syntaxVersion?: string;
  senderId: string;
  senderQualifier?: string;
  recipientId: string;
  recipientQualifier?: string;
  controlReference: number | string;
  timestamp?: Date;
  applicationReference?: string;
  ackRequested?: boolean;
  test?: boolean;
  messages: EdifactMessageSpec[];
}

export interface EdifactWriteOptions {
  delimiters?: Partial<EdifactDelimiters>;
  /** Write the UNA service string advice; default: only when the delimiters differ from the defaults. */
  una?: boolean;
  /** Written after every segment terminator, e.g. "\n". */
  lineBreak?: string;
}

export function writeEdifactInterchange(spec: EdifactInterchangeSpec, options: EdifactWriteOptions = {}): string {
  const syntaxVersion = spec.syntaxVersion ?? '3';
  const delimiters: EdifactDelimiters = { ...DEFAULT_EDIFACT_DELIMITERS, ...(syntaxVersion === '4' ? { repetition: '*' } : {}), ...options.delimiters };
  const problem = edifactDelimiterProblem(delimiters);
  if (problem) throw new EdiError('INVALID_DELIMITERS', `cannot write EDIFACT with these service characters: ${problem}`);
  const lineBreak = options.lineBreak ?? '';
  const differs = (['component', 'element', 'decimal', 'release', 'segment'] as const).some((key) => delimiters[key] !== DEFAULT_EDIFACT_DELIMITERS[key])
    || (delimiters.repetition ?? '') !== (syntaxVersion === '4' ? '*' : '');
  const parts: string[] = [];
  if (options.una ?? differs) parts.push(unaText(delimiters), lineBreak);
  const writer = new EdifactSegmentWriter(delimiters, lineBreak, parts);
  const timestamp = spec.timestamp ?? new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  const ccyymmdd = `${timestamp.getUTCFullYear()}${two(timestamp.getUTCMonth() + 1)}${two(timestamp.getUTCDate())}`;
  const date = syntaxVersion === '4' ? ccyymmdd : ccyymmdd.slice(2);
  const time = `${two(timestamp.getUTCHours())}${two(timestamp.getUTCMinutes())}`;
  const controlReference = String(spec.controlReference);
  writer.write({
    id: 'UNB',
    elements: trimTrailing([
      [spec.syntaxId ?? 'UNOC', syntaxVersion], compact([spec.senderId, spec.senderQualifier ?? '']), compact([spec.recipientId, spec.recipientQualifier ?? '']),
      [date, time], controlReference, '', spec.applicationReference ?? '', '', spec.ackRequested ? '1' : '', '', spec.test ? '1' : '',
    ]),
  });
  for (const message of spec.messages) {
    const reference = String(message.reference);
    writer.write({ id: 'UNH', elements: [reference, compact([message.type, message.version, message.release, message.agency, message.associationCode ?? ''])] });
    for (const body of message.segments) writer.write(body);
    writer.write({ id: 'UNT', elements: [String(message.segments.length + 2), reference] });
  }
  writer.write({ id: 'UNZ', elements: [String(spec.messages.length), controlReference] });
  return parts.join('');
}

function compact(components: string[]): string | string[] {
  let last = components.length;
  while (last > 1 && components[last - 1] === '') last--;
  return last === 1 ? (components[0] as string) : components.slice(0, last);
}

function trimTrailing(elements: ElementValue[]): ElementValue[] {
  let last = elements.length;
  while (last > 0 && elements[last - 1] === '') last--;
  return elements.slice(0, last);
}

class EdifactSegmentWriter {
  private readonly specials: Set<string>;
  constructor(private readonly delimiters: EdifactDelimiters, private readonly lineBreak: string, private readonly parts: string[]) {
    this.specials = new Set([delimiters.component, delimiters.element, delimiters.release, delimiters.segment]);
    if (delimiters.repetition !== undefined) this.specials.add(delimiters.repetition);
  }

  write(segment: SegmentData): void {
    let text = segment.id;
    for (const element of segment.elements) text += this.delimiters.element + this.element(element, segment.id);
    this.parts.push(text, this.delimiters.segment, this.lineBreak);
  }

  private element(element: ElementValue, segmentId: string): string {
    if (isRepeated(element)) {
      if (this.delimiters.repetition === undefined) throw new EdiError('DELIMITER_IN_VALUE', 'repeated elements need syntax version 4 or a repetition separator', { segmentId });
      return element.repeats.map((repeat) => this.composite(repeat)).join(this.delimiters.repetition);
    }
    return this.composite(element);
  }

  private composite(element: string | string[]): string {
    return typeof element === 'string' ? this.escape(element) : element.map((component) => this.escape(component)).join(this.delimiters.component);
  }

  /** Prefixes every service character inside a value with the release character. */
  private escape(value: string): string {
    let needs = false;
    for (const character of value) if (this.specials.has(character)) { needs = true; break; }
    if (!needs) return value;
    let escaped = '';
    for (const character of value) escaped += this.specials.has(character) ? this.delimiters.release + character : character;
    return escaped;
  }
}
