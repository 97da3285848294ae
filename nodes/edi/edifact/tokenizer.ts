// EDIFACT tokenizer: honours UNA and the release character, yields located segments whose elements split on first read; no regular expressions.
import { EdiError, byteOffsetOf } from '../edi-error.js';
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

  constructor(private readonly text: string) {
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
    let pos = this.pos;
    while (pos < length && isWhitespace(text.charCodeAt(pos))) pos++;
    if (pos >= length) {
      this.pos = pos;
      return undefined;
    }
    const start = pos;
    const end = this.findTerminator(pos);
    if (end < 0) {
      throw new EdiError('UNTERMINATED_SEGMENT', `segment is not terminated by "${this.delimiters.segment}"`, {
        segmentIndex: this.segmentIndex, segmentId: text.slice(start, Math.min(start + 3, length)), byteOffset: byteOffsetOf(text, start),
      });
    }
    let idEnd = start;
    while (idEnd < end && text.charCodeAt(idEnd) !== this.elementCode) idEnd++;
    const id = this.segmentTag(text.slice(start, idEnd), start);
    this.pos = end + 1;
    return new LazySegment(id, this.segmentIndex++, start, text, idEnd, end, this.splitElements);
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
