// Lenient reading shared by both tokenizers: line-break bookkeeping, 80-column wrap detection and located warnings.
import { byteOffsetOf, type EdiWarning, type EdiWarningCode } from './edi-error.js';

const CR = 13;
const LF = 10;

/** Shortest line length we treat as a fixed wrapping width (real mailboxes wrap at 64, 72, 80 or 128). */
const MIN_WRAP_WIDTH = 40;

/**
 * Finds line breaks ahead of a position without rescanning: each of CR and LF is searched once per stretch, so a file
 * without any costs one failed search in total, and a file with one break per segment one short search per segment.
 */
export class LineBreaks {
  private lf = -2;
  private cr = -2;
  private wrapped: number | undefined | null = null;

  constructor(private readonly text: string) {}

  /** Index of the first CR or LF at or after `from`, or -1. */
  next(from: number): number {
    if (this.lf !== -1 && this.lf < from) this.lf = this.text.indexOf('\n', from);
    if (this.cr !== -1 && this.cr < from) this.cr = this.text.indexOf('\r', from);
    if (this.lf === -1) return this.cr;
    if (this.cr === -1) return this.lf;
    return Math.min(this.lf, this.cr);
  }

  /**
   * The wrapping width when the text looks wrapped at a fixed column: every line but the last has the same length.
   * Computed once, and only when a break inside a segment was seen.
   */
  wrapWidth(): number | undefined {
    if (this.wrapped !== null) return this.wrapped;
    this.wrapped = detectWrapWidth(this.text);
    return this.wrapped;
  }
}

function detectWrapWidth(text: string): number | undefined {
  const lengths: number[] = [];
  let start = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', start)) {
    lengths.push(at - start - (at > start && text.charCodeAt(at - 1) === CR ? 1 : 0));
    start = at + 1;
  }
  if (start < text.length) lengths.push(text.length - start);
  // Every line but the last has the wrapping width; the last one may be shorter, never longer.
  const width = lengths[0];
  if (width === undefined || lengths.length < 2 || width < MIN_WRAP_WIDTH) return undefined;
  for (let index = 1; index < lengths.length - 1; index++) if (lengths[index] !== width) return undefined;
  return (lengths[lengths.length - 1] as number) <= width ? width : undefined;
}

export function isLineBreak(code: number): boolean {
  return code === CR || code === LF;
}

/** The text of source[from, to) without CR and LF. */
export function withoutLineBreaks(source: string, from: number, to: number): string {
  return source.slice(from, to).replace(/[\r\n]/g, '');
}

/** Control characters that mail systems and old editors leave between or after segments: NUL and Ctrl-Z (SUB). */
export function isStrayByte(code: number): boolean {
  return code === 0 || code === 0x1a;
}

/** Collects warnings; one warning per code and kind is enough for repeated tolerances (e.g. every wrapped segment). */
export class WarningLog {
  readonly warnings: EdiWarning[] = [];
  private readonly once = new Set<string>();

  constructor(private readonly text: string) {}

  add(code: EdiWarningCode, message: string, charIndex: number, segmentIndex: number, segmentId?: string, onceKey?: string): void {
    if (onceKey !== undefined) {
      if (this.once.has(onceKey)) return;
      this.once.add(onceKey);
    }
    const warning: EdiWarning = { code, message, segmentIndex, byteOffset: byteOffsetOf(this.text, charIndex) };
    if (segmentId) warning.segmentId = segmentId;
    this.warnings.push(warning);
  }
}
