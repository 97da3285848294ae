// X12 tokenizer: one pass over the text (native terminator search, id scan), yielding located segments whose elements split on first read.
import { EdiError, byteOffsetOf } from '../edi-error.js';
import type { Composite, ElementValue, Segment } from '../segment.js';
import { LazySegment, type ElementSplitter } from '../lazy-segment.js';
import { readIsa, type X12Delimiters } from './delimiters.js';

const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;
const BOM = 0xfeff;

/**
 * Yields segments one at a time so callers can process huge interchanges without holding them.
 * Delimiters come from each ISA; a new ISA (a second interchange in the same file) re-reads them.
 */
export class X12Tokenizer {
  private pos = 0;
  private segmentIndex = 0;
  private current: X12Delimiters | undefined;
  private elementCode = -1;
  private terminator = '~';
  /** One splitter per interchange: a later ISA may bring other delimiters, and earlier segments keep theirs. */
  private splitter: ElementSplitter = () => [];

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === BOM) this.pos = 1;
  }

  /** Delimiters of the interchange being read (undefined before the first ISA). */
  get delimiters(): X12Delimiters | undefined {
    return this.current;
  }

  /** Index of the next segment to be returned. */
  get nextSegmentIndex(): number {
    return this.segmentIndex;
  }

  /** Returns the next segment, or undefined at the end of the input. Throws EdiError for malformed text. */
  next(): Segment | undefined {
    const text = this.text;
    const length = text.length;
    let pos = this.pos;
    // Tolerate CR/LF (and stray spaces/tabs) between segments: many partners add a line break after each terminator.
    while (pos < length) {
      const code = text.charCodeAt(pos);
      if (code === CR || code === LF || code === SPACE || code === TAB) pos++;
      else break;
    }
    if (pos >= length) {
      this.pos = pos;
      return undefined;
    }
    if (text.startsWith('ISA', pos)) return this.readInterchangeHeader(pos);
    if (!this.current) {
      throw new EdiError('UNKNOWN_STANDARD', 'X12 input must start with an ISA segment', { segmentIndex: this.segmentIndex, byteOffset: byteOffsetOf(text, pos) });
    }
    return this.readSegment(pos);
  }

  private readInterchangeHeader(pos: number): Segment {
    const isa = readIsa(this.text, pos, this.segmentIndex);
    this.current = isa.delimiters;
    this.elementCode = isa.delimiters.element.charCodeAt(0);
    this.terminator = isa.delimiters.segment;
    this.splitter = x12ElementSplitter(isa.delimiters);
    this.pos = isa.end;
    this.segmentIndex++;
    return isa.segment;
  }

  private readSegment(start: number): Segment {
    const text = this.text;
    // The terminator cannot occur inside X12 data (there is no escape character), so a native search finds the segment end.
    const end = text.indexOf(this.terminator, start);
    let idEnd = start;
    const limit = end < 0 ? Math.min(text.length, start + 4) : end;
    while (idEnd < limit && text.charCodeAt(idEnd) !== this.elementCode) idEnd++;
    if (end < 0) {
      throw new EdiError('UNTERMINATED_SEGMENT', `segment is not terminated by "${this.current?.segment ?? ''}"`, {
        segmentIndex: this.segmentIndex, segmentId: text.slice(start, Math.min(idEnd, start + 3)), byteOffset: byteOffsetOf(text, start),
      });
    }
    const id = text.slice(start, idEnd);
    this.checkSegmentId(id, start);
    this.pos = end + 1;
    return new LazySegment(id, this.segmentIndex++, start, text, idEnd, end, this.splitter);
  }

  private checkSegmentId(id: string, start: number): void {
    let valid = id.length >= 2 && id.length <= 3;
    for (let i = 0; valid && i < id.length; i++) {
      const code = id.charCodeAt(i);
      valid = (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
    }
    if (!valid) {
      throw new EdiError('INVALID_SEGMENT_ID', `"${id.slice(0, 20)}" is not a valid segment id`, {
        segmentIndex: this.segmentIndex, segmentId: id.slice(0, 3), elementPosition: 0, byteOffset: byteOffsetOf(this.text, start),
      });
    }
  }
}

/** Builds the element splitter for one interchange's delimiters; `from` points at the first element separator. */
export function x12ElementSplitter(delimiters: X12Delimiters): ElementSplitter {
  const splitComponents = (value: string, composite: boolean): string | Composite => (composite && value.includes(delimiters.component) ? value.split(delimiters.component) : value);
  const splitElement = (raw: string, repeated: boolean, composite: boolean): ElementValue => {
    if (repeated && delimiters.repetition !== undefined) return { repeats: raw.split(delimiters.repetition).map((value) => splitComponents(value, composite)) };
    return splitComponents(raw, composite);
  };
  // Native split allocates the element strings in one call; composites and repetitions are rare, so they are checked per segment first.
  return (source, from, to) => {
    if (from >= to) return [];
    const body = source.slice(from + 1, to);
    const elements: ElementValue[] = body.split(delimiters.element);
    const composite = body.includes(delimiters.component);
    const repeated = delimiters.repetition !== undefined && body.includes(delimiters.repetition);
    if (composite || repeated) {
      for (let index = 0; index < elements.length; index++) {
        const raw = elements[index] as string;
        const hasComponent = composite && raw.includes(delimiters.component);
        const hasRepetition = repeated && raw.includes(delimiters.repetition as string);
        if (hasComponent || hasRepetition) elements[index] = splitElement(raw, hasRepetition, hasComponent);
      }
    }
    return elements;
  };
}
