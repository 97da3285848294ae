// Single-pass EDIFACT tokenizer: honours UNA and the release character, yields located segments; no regular expressions.
import { EdiError, byteOffsetOf } from '../edi-error.js';
import type { Composite, ElementValue, Segment } from '../segment.js';
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
  private readonly terminatorCode: number;
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
    this.terminatorCode = this.delimiters.segment.charCodeAt(0);
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
    const elementCode = this.elementCode;
    const componentCode = this.componentCode;
    const releaseCode = this.releaseCode;
    const repetitionCode = this.repetitionCode;
    const terminatorCode = this.terminatorCode;
    const elements: ElementValue[] = [];
    let id: string | undefined;
    let fieldStart = pos;
    let special = false;
    for (;;) {
      if (pos >= length) {
        throw new EdiError('UNTERMINATED_SEGMENT', `segment is not terminated by "${this.delimiters.segment}"`, {
          segmentIndex: this.segmentIndex, segmentId: id ?? text.slice(start, Math.min(start + 3, length)), byteOffset: byteOffsetOf(text, start),
        });
      }
      const code = text.charCodeAt(pos);
      if (code === releaseCode) {
        special = true;
        pos += 2;
        continue;
      }
      if (code === elementCode || code === terminatorCode) {
        if (id === undefined) {
          id = this.segmentTag(text.slice(fieldStart, pos), special, start);
        } else {
          elements.push(special ? this.splitElement(text.slice(fieldStart, pos)) : text.slice(fieldStart, pos));
        }
        special = false;
        fieldStart = pos + 1;
        if (code === terminatorCode) break;
      } else if (code === componentCode || code === repetitionCode) {
        special = true;
      }
      pos++;
    }
    this.pos = pos + 1;
    return { id, elements, index: this.segmentIndex++, offset: start };
  }

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

  private segmentTag(raw: string, special: boolean, start: number): string {
    // A tag may carry nesting components ("UNH:1"); only the tag itself matters here.
    const tag = special ? raw.slice(0, 3) : raw;
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
