// EDIFACT tokenizer: honours UNA and the release character, yields located segments whose elements split on first read; no regular expressions.
import { EdiError, byteOffsetOf, type EdiWarning } from '../edi-error.js';
import { isLineBreak, isStrayByte, LineBreaks, WarningLog, withoutLineBreaks } from '../lenient.js';
import type { Composite, ElementValue, Segment } from '../segment.js';
import { LazySegment, type ElementSplitter } from '../lazy-segment.js';
import { DEFAULT_EDIFACT_DELIMITERS, readUna, type EdifactDelimiters } from './delimiters.js';

const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;
const BOM = 0xfeff;

export class EdifactTokenizer {
  private pos = 0;
  private segmentIndex = 0;
  readonly delimiters: EdifactDelimiters;
  /** True when the input starts with a UNA service string advice. */
  readonly hasUna: boolean;
  private readonly elementCode: number;
  private readonly componentCode: number;
  private readonly releaseCode: number;
  private readonly repetitionCode: number;
  private pendingUna: Segment | undefined;
  private readonly breaks: LineBreaks;
  private readonly log: WarningLog;
  private readonly terminatorIsBreak: boolean;

  constructor(private readonly text: string) {
    this.breaks = new LineBreaks(text);
    this.log = new WarningLog(text);
    let pos = text.charCodeAt(0) === BOM ? 1 : 0;
    while (pos < text.length && isWhitespace(text.charCodeAt(pos))) pos++;
    this.hasUna = text.startsWith('UNA', pos);
    if (this.hasUna) {
      this.delimiters = readUna(text, pos);
      this.pendingUna = { id: 'UNA', elements: [text.slice(pos + 3, pos + 9)], index: 0, offset: pos };
      this.segmentIndex = 1;
      this.pos = pos + 9;
    } else {
      // Syntax version 4 defines "*" as the default repetition separator; syntax 3 has none.
      const syntax4 = text.startsWith('UNB+', pos) && text.charCodeAt(pos + 8) === 58 && text.charCodeAt(pos + 9) === 52;
      this.delimiters = syntax4 ? { ...DEFAULT_EDIFACT_DELIMITERS, repetition: '*' } : { ...DEFAULT_EDIFACT_DELIMITERS };
      this.pos = pos;
    }
    this.elementCode = this.delimiters.element.charCodeAt(0);
    this.componentCode = this.delimiters.component.charCodeAt(0);
    this.releaseCode = this.delimiters.release.charCodeAt(0);
    this.repetitionCode = this.delimiters.repetition === undefined ? -1 : this.delimiters.repetition.charCodeAt(0);
    this.terminatorIsBreak = isLineBreak(this.delimiters.segment.charCodeAt(0));
  }

  /** What lenient reading tolerated so far, in reading order. */
  get warnings(): EdiWarning[] {
    return this.log.warnings;
  }

  /** Skips to the next UNB after an unreadable stretch (one bad interchange in a mailbag); false when there is none. */
  skipToNextInterchange(): boolean {
    const text = this.text;
    const marker = `UNB${this.delimiters.element}`;
    for (let at = text.indexOf(marker, this.pos + 1); at >= 0; at = text.indexOf(marker, at + 1)) {
      const before = text[at - 1];
      if (before === this.delimiters.segment || before === '\n' || before === '\r' || before === ' ') {
        this.pos = at;
        return true;
      }
    }
    this.pos = text.length;
    return false;
  }

  /** Returns the next segment (the UNA first, when present), or undefined at the end. Throws EdiError on malformed text. */
  next(): Segment | undefined {
    if (this.pendingUna) {
      const una = this.pendingUna;
      this.pendingUna = undefined;
      return una;
    }
    const text = this.text;
    const length = text.length;
    for (;;) {
      let pos = this.pos;
      while (pos < length) {
        const code = text.charCodeAt(pos);
        if (isWhitespace(code)) pos++;
        else if (isStrayByte(code)) {
          this.log.add('STRAY_BYTES', `ignored a stray control character (0x${code.toString(16).padStart(2, '0')}) between segments`, pos, this.segmentIndex, undefined, `stray:${code}`);
          pos++;
        } else break;
      }
      this.pos = pos;
      if (pos >= length) return undefined;
      if (text.startsWith(this.delimiters.segment, pos)) {
        this.log.add('EMPTY_SEGMENT', 'ignored an empty segment (a terminator with nothing before it)', pos, this.segmentIndex);
        this.pos = pos + 1;
        continue;
      }
      // A mailbag repeats the UNA before each interchange; the first one's service characters apply to all, so a
      // later UNA that differs is refused (located) rather than misread: the reader then skips that interchange.
      if (text.startsWith('UNA', pos) && pos + 9 <= length && text.startsWith('UNB', this.skipBreaks(pos + 9))) {
        if (text.slice(pos + 3, pos + 9) !== this.serviceCharacters()) {
          // Resume after this interchange's UNB: its text cannot be split with the first UNA's characters.
          this.pos = this.skipBreaks(pos + 9);
          throw new EdiError('INVALID_UNA', `this UNA (${JSON.stringify(text.slice(pos + 3, pos + 9))}) differs from the first one of the file`, { segmentIndex: this.segmentIndex, segmentId: 'UNA', byteOffset: byteOffsetOf(text, pos) });
        }
        this.pos = pos + 9;
        continue;
      }
      const segment = this.readSegment(pos);
      if (segment) return segment;
    }
  }

  private serviceCharacters(): string {
    const d = this.delimiters;
    return `${d.component}${d.element}${d.decimal}${d.release}${d.repetition ?? ' '}${d.segment}`;
  }

  private skipBreaks(from: number): number {
    let pos = from;
    while (pos < this.text.length && isWhitespace(this.text.charCodeAt(pos))) pos++;
    return pos;
  }

  private readSegment(start: number): Segment | undefined {
    const text = this.text;
    let end = this.findTerminator(start);
    const limit = end < 0 ? text.length : end;
    const lineBreak = this.terminatorIsBreak ? -1 : this.breaks.next(start);
    if (lineBreak >= 0 && lineBreak < limit) return this.readBrokenSegment(start, lineBreak, end);
    if (end < 0) {
      if (!this.looksLikeSegment(text.slice(start, Math.min(start + 4, text.length)))) return this.trailingBytes(start);
      this.log.add('MISSING_TERMINATOR', `the last segment has no "${this.delimiters.segment}" terminator; read up to the end of the input`, start, this.segmentIndex, text.slice(start, start + 3));
      end = text.length;
    }
    return this.located(start, end, text, start, end);
  }

  /** A line break inside a segment: lines wrapped at a fixed width, or a segment ending in CR/LF without its terminator. */
  private readBrokenSegment(start: number, lineBreak: number, end: number): Segment | undefined {
    const text = this.text;
    const after = this.skipBreaks(lineBreak);
    const nextIsInterchange = text.startsWith('UNB', after) || text.startsWith('UNA', after) || text.startsWith('UNZ', after);
    const width = nextIsInterchange ? undefined : this.breaks.wrapWidth();
    if (width !== undefined) {
      const stop = end < 0 ? text.length : end;
      this.log.add('WRAPPED_LINES', `lines are wrapped at ${width} columns; line breaks inside segments were removed`, start, this.segmentIndex, undefined, 'wrapped');
      if (end < 0) this.log.add('MISSING_TERMINATOR', `the last segment has no "${this.delimiters.segment}" terminator; read up to the end of the input`, start, this.segmentIndex);
      const clean = withoutLineBreaks(text, start, stop);
      if (!clean.length) return this.trailingBytes(start);
      return this.located(start, stop, clean, 0, clean.length);
    }
    if (!this.looksLikeSegment(text.slice(start, Math.min(start + 4, lineBreak)))) return this.trailingBytes(start);
    this.log.add('MISSING_TERMINATOR', `segment ends at a line break without its "${this.delimiters.segment}" terminator`, start, this.segmentIndex, text.slice(start, start + 3));
    return this.located(start, lineBreak, text, start, lineBreak);
  }

  /** The located segment over source[from, to) (the input, or an unwrapped copy of one segment); `start`/`end` are input positions. */
  private located(start: number, end: number, source: string, from: number, to: number): Segment {
    let idEnd = from;
    while (idEnd < to && source.charCodeAt(idEnd) !== this.elementCode) idEnd++;
    const id = this.segmentTag(source.slice(from, idEnd), start);
    this.pos = end + 1;
    return new LazySegment(id, this.segmentIndex++, start, source, idEnd, to, this.splitElements);
  }

  private trailingBytes(start: number): undefined {
    const rest = this.text.slice(start, start + 20);
    this.log.add('TRAILING_BYTES', `ignored ${this.text.length - start} trailing byte(s) that do not form a segment: ${JSON.stringify(rest)}`, start, this.segmentIndex);
    this.pos = this.text.length;
    return undefined;
  }

  /** Three letters or digits, then an element or component separator or the end. */
  private looksLikeSegment(head: string): boolean {
    if (head.length < 3) return false;
    for (let i = 0; i < 3; i++) {
      const code = head.charCodeAt(i);
      if (!((code >= 65 && code <= 90) || (code >= 48 && code <= 57))) return false;
    }
    return head.length === 3 || head[3] === this.delimiters.element || head[3] === this.delimiters.component;
  }

  /** The next segment terminator at or after `from` that is not escaped by an odd run of release characters. */
  private findTerminator(from: number): number {
    const text = this.text;
    let end = text.indexOf(this.delimiters.segment, from);
    while (end > 0) {
      let releases = 0;
      for (let back = end - 1; back >= from && text.charCodeAt(back) === this.releaseCode; back--) releases++;
      if (releases % 2 === 0) return end;
      end = text.indexOf(this.delimiters.segment, end + 1);
    }
    return end;
  }

  /** Splits source[from, to) into elements; `from` points at the first element separator. */
  private readonly splitElements: ElementSplitter = (source, from, to) => {
    const elements: ElementValue[] = [];
    if (from >= to) return elements;
    let fieldStart = from + 1;
    let special = false;
    for (let pos = fieldStart; pos <= to; pos++) {
      const code = pos === to ? this.elementCode : source.charCodeAt(pos);
      if (code === this.releaseCode) {
        special = true;
        pos++;
      } else if (code === this.elementCode) {
        elements.push(special ? this.splitElement(source.slice(fieldStart, pos)) : source.slice(fieldStart, pos));
        special = false;
        fieldStart = pos + 1;
      } else if (code === this.componentCode || code === this.repetitionCode) {
        special = true;
      }
    }
    return elements;
  };

  /** Splits one raw element on repetition and component separators, removing release characters. */
  private splitElement(raw: string): ElementValue {
    const repeats: Array<string | Composite> = [];
    let components: string[] = [];
    let current = '';
    for (let i = 0; i < raw.length; i++) {
      const code = raw.charCodeAt(i);
      if (code === this.releaseCode) {
        current += raw[i + 1] ?? '';
        i++;
      } else if (code === this.componentCode) {
        components.push(current);
        current = '';
      } else if (code === this.repetitionCode) {
        components.push(current);
        repeats.push(components.length === 1 ? (components[0] as string) : components);
        components = [];
        current = '';
      } else {
        current += raw[i];
      }
    }
    components.push(current);
    const last = components.length === 1 ? (components[0] as string) : components;
    if (!repeats.length) return last;
    repeats.push(last);
    return { repeats };
  }

  private segmentTag(raw: string, start: number): string {
    // A tag may carry nesting components ("UNH:1"); only the tag itself matters here.
    const tag = raw.includes(this.delimiters.component) ? raw.slice(0, 3) : raw;
    let valid = tag.length === 3;
    for (let i = 0; valid && i < 3; i++) {
      const code = tag.charCodeAt(i);
      valid = (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
    }
    if (!valid) {
      throw new EdiError('INVALID_SEGMENT_ID', `"${raw.slice(0, 20)}" is not a valid segment tag`, {
        segmentIndex: this.segmentIndex, segmentId: raw.slice(0, 3), elementPosition: 0, byteOffset: byteOffsetOf(this.text, start),
      });
    }
    return tag;
  }
}

function isWhitespace(code: number): boolean {
  return code === CR || code === LF || code === SPACE || code === TAB;
}
