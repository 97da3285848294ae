// X12 tokenizer: one pass over the text (native terminator search, id scan), yielding located segments whose elements split on first read; lenient with a warning where real files are sloppy.
import { EdiError, byteOffsetOf, type EdiWarning } from '../edi-error.js';
import { isLineBreak, isStrayByte, LineBreaks, WarningLog, withoutLineBreaks } from '../lenient.js';
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
 * Reading is lenient where real files are sloppy, and says so in `warnings`: a last segment without terminator, empty
 * segments, stray NUL / Ctrl-Z bytes, trailing bytes after the last trailer, lines wrapped at a fixed width.
 */
export class X12Tokenizer {
  private pos = 0;
  private segmentIndex = 0;
  private current: X12Delimiters | undefined;
  private elementCode = -1;
  private terminator = '~';
  private terminatorIsBreak = false;
  /** One splitter per interchange: a later ISA may bring other delimiters, and earlier segments keep theirs. */
  private splitter: ElementSplitter = () => [];
  private readonly breaks: LineBreaks;
  private readonly log: WarningLog;

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === BOM) this.pos = 1;
    this.breaks = new LineBreaks(text);
    this.log = new WarningLog(text);
  }

  /** What lenient reading tolerated so far, in reading order. */
  get warnings(): EdiWarning[] {
    return this.log.warnings;
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
    for (;;) {
      let pos = this.pos;
      // Tolerate CR/LF (and stray spaces/tabs) between segments: many partners add a line break after each terminator.
      while (pos < length) {
        const code = text.charCodeAt(pos);
        if (code === CR || code === LF || code === SPACE || code === TAB) pos++;
        else if (isStrayByte(code)) {
          this.log.add('STRAY_BYTES', `ignored a stray control character (0x${code.toString(16).padStart(2, '0')}) between segments`, pos, this.segmentIndex, undefined, `stray:${code}`);
          pos++;
        } else break;
      }
      this.pos = pos;
      if (pos >= length) return undefined;
      if (text.startsWith('ISA', pos)) return this.readInterchangeHeader(pos);
      if (!this.current) {
        throw new EdiError('UNKNOWN_STANDARD', 'X12 input must start with an ISA segment', { segmentIndex: this.segmentIndex, byteOffset: byteOffsetOf(text, pos) });
      }
      if (text.startsWith(this.terminator, pos)) {
        this.log.add('EMPTY_SEGMENT', 'ignored an empty segment (a terminator with nothing before it)', pos, this.segmentIndex);
        this.pos = pos + 1;
        continue;
      }
      const segment = this.readSegment(pos);
      if (segment) return segment;
    }
  }

  /**
   * Skips to the next ISA after an unreadable stretch, so one bad interchange in a mailbag does not lose the others.
   * Returns false when there is none.
   */
  skipToNextInterchange(): boolean {
    const text = this.text;
    for (let at = text.indexOf('ISA', this.pos + 1); at >= 0; at = text.indexOf('ISA', at + 1)) {
      const before = at === 0 ? -1 : text.charCodeAt(at - 1);
      const separator = text.charCodeAt(at + 3);
      const atSegmentStart = at === 0 || before === CR || before === LF || before === SPACE || (this.current !== undefined && text[at - 1] === this.terminator);
      if (atSegmentStart && separator > 32 && !isAlphanumericCode(separator)) {
        this.pos = at;
        return true;
      }
    }
    this.pos = text.length;
    return false;
  }

  private readInterchangeHeader(pos: number): Segment {
    const isa = readIsa(this.text, pos, this.segmentIndex);
    if (isa.unwrapped) this.log.add('WRAPPED_LINES', 'the ISA segment spans several lines; line breaks inside it were removed', pos, this.segmentIndex, 'ISA');
    this.current = isa.delimiters;
    this.elementCode = isa.delimiters.element.charCodeAt(0);
    this.terminator = isa.delimiters.segment;
    this.terminatorIsBreak = isLineBreak(this.terminator.charCodeAt(0));
    this.splitter = x12ElementSplitter(isa.delimiters);
    this.pos = isa.end;
    this.segmentIndex++;
    return isa.segment;
  }

  /**
   * Reads the segment at `start`; undefined when the rest of the input is trailing bytes (reported as a warning).
   * The common case (terminator found, no line break inside) stays small so V8 keeps it inlined; the rest is elsewhere.
   */
  private readSegment(start: number): Segment | undefined {
    const text = this.text;
    // The terminator cannot occur inside X12 data (there is no escape character), so a native search finds the segment end.
    const end = text.indexOf(this.terminator, start);
    if (end < 0) return this.readUnusualSegment(start, end);
    if (!this.terminatorIsBreak) {
      const lineBreak = this.breaks.next(start);
      if (lineBreak >= 0 && lineBreak < end) return this.readUnusualSegment(start, end);
    }
    return this.located(start, end, text, start, end);
  }

  /** No terminator before the end of the input, or a line break inside the segment. */
  private readUnusualSegment(start: number, end: number): Segment | undefined {
    const text = this.text;
    const limit = end < 0 ? text.length : end;
    const lineBreak = this.terminatorIsBreak ? -1 : this.breaks.next(start);
    if (lineBreak >= 0 && lineBreak < limit) return this.readBrokenSegment(start, lineBreak, end);
    if (!this.looksLikeSegment(start, text.length)) return this.trailingBytes(start);
    this.log.add('MISSING_TERMINATOR', `the last segment has no "${this.terminator}" terminator; read up to the end of the input`, start, this.segmentIndex, text.slice(start, start + 3));
    return this.located(start, text.length, text, start, text.length);
  }

  /** A line break inside a segment: either lines wrapped at a fixed width, or a segment that ends in CR/LF without its terminator. */
  private readBrokenSegment(start: number, lineBreak: number, end: number): Segment | undefined {
    const text = this.text;
    let after = lineBreak;
    while (after < text.length && isLineBreak(text.charCodeAt(after))) after++;
    const nextIsInterchange = text.startsWith('ISA', after);
    const width = nextIsInterchange ? undefined : this.breaks.wrapWidth();
    if (width !== undefined) {
      const stop = end < 0 ? text.length : end;
      this.log.add('WRAPPED_LINES', `lines are wrapped at ${width} columns; line breaks inside segments were removed`, start, this.segmentIndex, undefined, 'wrapped');
      if (end < 0) this.log.add('MISSING_TERMINATOR', `the last segment has no "${this.terminator}" terminator; read up to the end of the input`, start, this.segmentIndex);
      const clean = withoutLineBreaks(text, start, stop);
      if (!clean.length) return this.trailingBytes(start);
      return this.located(start, stop, clean, 0, clean.length);
    }
    if (!this.looksLikeSegment(start, lineBreak)) return this.trailingBytes(start);
    this.log.add('MISSING_TERMINATOR', `segment ends at a line break without its "${this.terminator}" terminator`, start, this.segmentIndex, text.slice(start, Math.min(start + 3, lineBreak)));
    return this.located(start, lineBreak, text, start, lineBreak);
  }

  /** Builds the located segment over source[from, to) (the input itself, or an unwrapped copy); `start`/`end` are input positions. */
  private located(start: number, end: number, source: string, from: number, to: number): Segment {
    let idEnd = from;
    while (idEnd < to && source.charCodeAt(idEnd) !== this.elementCode) idEnd++;
    const id = source.slice(from, idEnd);
    this.checkSegmentId(id, start);
    this.pos = end + 1;
    return new LazySegment(id, this.segmentIndex++, start, source, idEnd, to, this.splitter);
  }

  /** Input that cannot start a segment and has no terminator: after the last trailer it is noise (e.g. a mail footer). */
  private trailingBytes(start: number): undefined {
    const rest = this.text.slice(start, start + 20);
    this.log.add('TRAILING_BYTES', `ignored ${this.text.length - start} trailing byte(s) that do not form a segment: ${JSON.stringify(rest)}`, start, this.segmentIndex);
    this.pos = this.text.length;
    return undefined;
  }

  private looksLikeSegment(from: number, to: number): boolean {
    let idEnd = from;
    while (idEnd < to && this.text.charCodeAt(idEnd) !== this.elementCode) idEnd++;
    return isSegmentId(this.text.slice(from, idEnd)) && (idEnd < to || to - from <= 3);
  }

  private checkSegmentId(id: string, start: number): void {
    if (!isSegmentId(id)) {
      throw new EdiError('INVALID_SEGMENT_ID', `"${id.slice(0, 20)}" is not a valid segment id`, {
        segmentIndex: this.segmentIndex, segmentId: id.slice(0, 3), elementPosition: 0, byteOffset: byteOffsetOf(this.text, start),
      });
    }
  }
}

function isSegmentId(id: string): boolean {
  let valid = id.length >= 2 && id.length <= 3;
  for (let i = 0; valid && i < id.length; i++) {
    const code = id.charCodeAt(i);
    valid = (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  }
  return valid;
}

function isAlphanumericCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
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
