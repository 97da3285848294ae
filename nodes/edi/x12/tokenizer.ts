// Single-pass X12 tokenizer: walks the text once with charCodeAt, yielding located segments; no regular expressions.
import { EdiError, byteOffsetOf } from '../edi-error.js';
import type { Composite, ElementValue, Segment } from '../segment.js';
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
  private componentCode = -1;
  private repetitionCode = -1;
  private terminatorCode = -1;

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
    this.componentCode = isa.delimiters.component.charCodeAt(0);
    this.repetitionCode = isa.delimiters.repetition === undefined ? -1 : isa.delimiters.repetition.charCodeAt(0);
    this.terminatorCode = isa.delimiters.segment.charCodeAt(0);
    this.pos = isa.end;
    this.segmentIndex++;
    return isa.segment;
  }

  private readSegment(start: number): Segment {
    const text = this.text;
    const length = text.length;
    const elementCode = this.elementCode;
    const componentCode = this.componentCode;
    const repetitionCode = this.repetitionCode;
    const terminatorCode = this.terminatorCode;
    const elements: ElementValue[] = [];
    let id: string | undefined;
    let fieldStart = start;
    let composite = false;
    let repeated = false;
    let pos = start;
    for (;;) {
      if (pos >= length) {
        throw new EdiError('UNTERMINATED_SEGMENT', `segment is not terminated by "${this.current?.segment ?? ''}"`, {
          segmentIndex: this.segmentIndex, segmentId: id ?? text.slice(start, Math.min(start + 3, length)), byteOffset: byteOffsetOf(text, start),
        });
      }
      const code = text.charCodeAt(pos);
      if (code === elementCode || code === terminatorCode) {
        if (id === undefined) {
          id = text.slice(fieldStart, pos);
          this.checkSegmentId(id, start);
        } else if (composite || repeated) {
          elements.push(this.splitElement(text.slice(fieldStart, pos), repeated, composite));
        } else {
          elements.push(text.slice(fieldStart, pos));
        }
        composite = false;
        repeated = false;
        fieldStart = pos + 1;
        if (code === terminatorCode) break;
      } else if (code === componentCode) {
        composite = true;
      } else if (code === repetitionCode) {
        repeated = true;
      }
      pos++;
    }
    this.pos = pos + 1;
    return { id, elements, index: this.segmentIndex++, offset: start };
  }

  private splitElement(raw: string, repeated: boolean, composite: boolean): ElementValue {
    const delimiters = this.current as X12Delimiters;
    const splitComponents = (value: string): string | Composite => (composite && value.includes(delimiters.component) ? value.split(delimiters.component) : value);
    if (repeated && delimiters.repetition !== undefined) return { repeats: raw.split(delimiters.repetition).map(splitComponents) };
    return splitComponents(raw);
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
