// Value conversions shared by all mappings: EDI dates and numbers to canonical ones and back, with located errors.
import { EdiError, byteOffsetOf, type EdiErrorCode, type EdiWarning, type EdiWarningCode } from '../edi-error.js';
import { elementValue, type Segment, type SegmentData } from '../segment.js';

/** Locates mapping errors in the original text (byte offsets need it), and collects what a reader tolerated or could not place. */
export class MappingContext {
  /** Tolerated deviations (e.g. an 856 CTT01 that counts items), reported on the transaction. */
  readonly warnings: EdiWarning[] = [];
  /** Segments a reader saw but could not place in the canonical document; they go to the `unmapped` section. */
  readonly skipped = new Set<Segment>();

  constructor(readonly text: string | undefined, readonly version: string, readonly decimalMark = '.') {}

  warn(code: EdiWarningCode, message: string, segment: SegmentData | undefined, elementPosition?: number): void {
    const { code: _code, message: described, ...location } = this.error(code, message, segment, elementPosition).toJSON();
    this.warnings.push({ code, message: described, ...location });
  }

  /** Marks a segment as not mapped here (unknown qualifier, outside the loop it belongs to). */
  skip(segment: SegmentData): void {
    this.skipped.add(segment as Segment);
  }

  /** A mandatory segment of the standard that is absent; located at `where` (the segment it should follow or the first one). */
  missingSegment(id: string, message: string, where: SegmentData | undefined): EdiError {
    const located = where as Partial<Segment> | undefined;
    return new EdiError('MISSING_SEGMENT', message, {
      segmentId: id, segmentIndex: located?.index,
      byteOffset: located?.offset === undefined ? undefined : this.text === undefined ? located.offset : byteOffsetOf(this.text, located.offset),
    });
  }

  /** Something the canonical document needs that the standard does not require; the file itself is valid. */
  requirement(message: string, segment: SegmentData | undefined): EdiError {
    return this.error('REQUIREMENT_NOT_MET', message, segment);
  }

  error(code: EdiErrorCode, message: string, segment: SegmentData | undefined, elementPosition?: number, componentPosition?: number): EdiError {
    const located = segment as Partial<Segment> | undefined;
    return new EdiError(code, message, {
      segmentId: segment?.id,
      segmentIndex: located?.index,
      elementPosition,
      componentPosition,
      byteOffset: located?.offset === undefined ? undefined : this.text === undefined ? located.offset : byteOffsetOf(this.text, located.offset),
    });
  }

  /** A value that must be present. */
  required(segment: SegmentData, position: number, component = 1): string {
    const value = elementValue(segment, position, component);
    if (value === '') throw this.error('MISSING_ELEMENT', `${segment.id}${pad(position)}${component > 1 ? `-${component}` : ''} is required`, segment, position, component > 1 ? component : undefined);
    return value;
  }

  optionalNumber(segment: SegmentData, position: number, component = 1): number | undefined {
    const value = elementValue(segment, position, component);
    return value === '' ? undefined : this.number(value, segment, position, component);
  }

  requiredNumber(segment: SegmentData, position: number, component = 1): number {
    return this.number(this.required(segment, position, component), segment, position, component);
  }

  number(value: string, segment: SegmentData, position: number, component = 1): number {
    const normalised = this.decimalMark === '.' ? value : value.replace(this.decimalMark, '.');
    if (!isDecimal(normalised)) throw this.error('INVALID_VALUE', `${segment.id}${pad(position)} "${value}" is not a number`, segment, position, component > 1 ? component : undefined);
    return Number(normalised);
  }

  /** CCYYMMDD (or YYMMDD for old envelopes) -> YYYY-MM-DD. */
  date(value: string, segment: SegmentData, position: number, component = 1): string {
    const digits = value.length === 6 ? `20${value}` : value.slice(0, 8);
    const iso = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
    if (!isDigits(digits) || digits.length !== 8 || !isRealDate(iso)) {
      throw this.error('INVALID_VALUE', `${segment.id}${pad(position)} "${value}" is not a CCYYMMDD date`, segment, position, component > 1 ? component : undefined);
    }
    return iso;
  }

  optionalDate(segment: SegmentData, position: number, component = 1): string | undefined {
    const value = elementValue(segment, position, component);
    return value === '' ? undefined : this.date(value, segment, position, component);
  }
}

/**
 * A line identifier: X12 PO101/IT101/LIN01 and EDIFACT 1082 are alphanumeric. The canonical `line` is a number (the
 * sequence when the id is not one), and `lineId` keeps the id as sent whenever it differs from that number ("001", "A1").
 */
export function readLineId(segment: SegmentData, position: number, sequence: number): [line: number, lineId: string | undefined] {
  // A tuple, not an object to spread: spreading into the line literal made V8 build slow dictionary objects (14x in P3).
  const raw = elementValue(segment, position);
  if (raw === '') return [sequence, undefined];
  const value = Number(raw);
  // Plain line numbers ("1", "12") are the common case: no lineId.
  if (value >= 1 && raw.charCodeAt(0) !== 48 && Number.isSafeInteger(value) && isDigits(raw)) return [value, undefined];
  return [isDigits(raw) && value >= 1 && Number.isSafeInteger(value) ? value : sequence, raw];
}

/** The line identifier to write: the one the partner sent, else the line number. */
export function writeLineId(line: { line: number; lineId?: string }): string | number {
  return line.lineId ?? line.line;
}

function pad(position: number): string {
  return String(position).padStart(2, '0');
}

function isDigits(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return value.length > 0;
}

function isDecimal(value: string): boolean {
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
    else if (code === 46) dots++;
    else if (!(code === 45 && i === 0)) return false;
  }
  return digits > 0 && dots <= 1;
}

function isRealDate(iso: string): boolean {
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso;
}

/** YYYY-MM-DD (or an RFC 3339 timestamp) -> CCYYMMDD. */
export function toCcyymmdd(iso: string | undefined, path: string): string {
  if (iso === undefined) return '';
  const digits = iso.slice(0, 10).replaceAll('-', '');
  if (digits.length !== 8 || !isDigits(digits)) throw new EdiError('INVALID_DOCUMENT', `${path} "${iso}" is not a YYYY-MM-DD date`, { path: pointerOf(path) });
  return digits;
}

/** Writes a number without exponent notation or binary noise (0.1 + 0.2 -> "0.3"). */
export function formatDecimal(value: number | undefined): string {
  if (value === undefined) return '';
  if (!Number.isFinite(value)) throw new EdiError('INVALID_DOCUMENT', `cannot write the number ${value}`);
  const rounded = Math.round(value * 1e6) / 1e6;
  if (Number.isInteger(rounded)) return String(rounded);
  return rounded.toFixed(6).replace(/0+$/, '');
}

/** X12 N2 amounts carry two implied decimals: 623.97 -> "62397". */
export function toImpliedCents(value: number): string {
  return String(Math.round(value * 100));
}

export function requireField<T>(value: T | undefined | null, path: string): T {
  if (value === undefined || value === null || value === '') throw new EdiError('INVALID_DOCUMENT', `${path} is required`, { path: pointerOf(path) });
  return value;
}

/** "lines[0].qty" -> "/lines/0/qty": writer errors locate the field in the document. */
export function pointerOf(path: string): string {
  return `/${path.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean).join('/')}`;
}

/** Splits text into chunks (MSG/FTX limits); empty text gives no chunks. */
export function chunk(text: string, size: number): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < text.length; start += size) chunks.push(text.slice(start, start + size));
  return chunks;
}

/**
 * Returns a copy without the keys whose value is undefined, so documents compare and serialise cleanly.
 * Copying (rather than `delete`) keeps V8's fast object layout, which matters for 10,000-line documents.
 */
export function compactObject<T extends object>(value: T): T {
  const copy = {} as T;
  for (const key in value) if (value[key] !== undefined) copy[key] = value[key];
  return copy;
}
