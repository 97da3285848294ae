// EdiError: the one error type the EDI codec throws, located by segment, element and byte offset.

/** Where in the input an error was found; every field is optional because some errors have no position (e.g. empty input). */
export interface EdiLocation {
  /** Zero-based index of the segment in the interchange (the ISA or UNA/UNB is segment 0). */
  segmentIndex?: number;
  /** Segment tag, e.g. "SE" or "UNT". */
  segmentId?: string;
  /** One-based data element position inside the segment (0 means the segment tag itself). */
  elementPosition?: number;
  /** One-based component position inside a composite element. */
  componentPosition?: number;
  /** Zero-based byte offset of the segment (or element) start in the input bytes (UTF-8, or one byte a character for Latin-1 input). */
  byteOffset?: number;
  /** Writer errors: JSON pointer into the canonical document, e.g. "/buyer/ids". */
  path?: string;
}

/** Machine-readable error codes; documented in docs/edi.md. */
export type EdiErrorCode =
  | 'EMPTY_INPUT'
  | 'UNKNOWN_STANDARD'
  | 'ISA_TRUNCATED'
  | 'INVALID_DELIMITERS'
  | 'INVALID_SEGMENT_ID'
  | 'UNTERMINATED_SEGMENT'
  | 'INVALID_UNA'
  | 'SEGMENT_OUTSIDE_ENVELOPE'
  | 'UNEXPECTED_SEGMENT'
  | 'MISSING_TRAILER'
  | 'COUNT_MISMATCH'
  | 'CONTROL_NUMBER_MISMATCH'
  | 'MISSING_ELEMENT'
  | 'INVALID_VALUE'
  | 'DELIMITER_IN_VALUE'
  | 'UNSUPPORTED_TRANSACTION'
  | 'UNSUPPORTED_VERSION'
  | 'INVALID_DOCUMENT'
  /** A mandatory segment of the standard is absent (located where it was expected). */
  | 'MISSING_SEGMENT'
  /** The file is valid for the standard but lacks something the canonical document needs; not a syntax error. */
  | 'REQUIREMENT_NOT_MET'
  // Warnings of lenient reading (EdiWarningCode): the input was read, and this is what was tolerated.
  | EdiWarningCode;

/** What lenient reading tolerated; reported in `warnings`, never a reason to reject. */
export type EdiWarningCode =
  | 'MISSING_TERMINATOR'
  | 'EMPTY_SEGMENT'
  | 'TRAILING_BYTES'
  | 'STRAY_BYTES'
  | 'WRAPPED_LINES'
  | 'COUNT_DIFFERS'
  | 'ENCODING'
  | 'DERIVED_VALUE';

export class EdiError extends Error {
  readonly code: EdiErrorCode;
  readonly segmentIndex?: number;
  readonly segmentId?: string;
  readonly elementPosition?: number;
  readonly componentPosition?: number;
  readonly byteOffset?: number;
  readonly path?: string;

  constructor(code: EdiErrorCode, message: string, location: EdiLocation = {}) {
    super(describe(message, location));
    this.name = 'EdiError';
    this.code = code;
    if (location.segmentIndex !== undefined) this.segmentIndex = location.segmentIndex;
    if (location.segmentId !== undefined) this.segmentId = location.segmentId;
    if (location.elementPosition !== undefined) this.elementPosition = location.elementPosition;
    if (location.componentPosition !== undefined) this.componentPosition = location.componentPosition;
    if (location.byteOffset !== undefined) this.byteOffset = location.byteOffset;
    if (location.path !== undefined) this.path = location.path;
  }

  /** Plain JSON facts for messages, API bodies and dead letters (Error properties do not serialise). */
  toJSON(): EdiErrorFacts {
    const facts: EdiErrorFacts = { code: this.code, message: this.message };
    if (this.segmentIndex !== undefined) facts.segmentIndex = this.segmentIndex;
    if (this.segmentId !== undefined) facts.segmentId = this.segmentId;
    if (this.elementPosition !== undefined) facts.elementPosition = this.elementPosition;
    if (this.componentPosition !== undefined) facts.componentPosition = this.componentPosition;
    if (this.byteOffset !== undefined) facts.byteOffset = this.byteOffset;
    if (this.path !== undefined) facts.path = this.path;
    return facts;
  }
}

export interface EdiErrorFacts extends EdiLocation {
  code: EdiErrorCode;
  message: string;
}

function describe(message: string, location: EdiLocation): string {
  const parts: string[] = [];
  if (location.segmentId !== undefined) {
    let where = location.segmentId;
    if (location.elementPosition !== undefined) where += String(location.elementPosition).padStart(2, '0');
    if (location.componentPosition !== undefined) where += `-${location.componentPosition}`;
    parts.push(where);
  }
  if (location.segmentIndex !== undefined) parts.push(`segment #${location.segmentIndex}`);
  if (location.byteOffset !== undefined) parts.push(`byte ${location.byteOffset}`);
  if (location.path !== undefined) parts.push(`at ${location.path}`);
  return parts.length ? `${message} (${parts.join(', ')})` : message;
}

/** A located warning: same facts as an error, but the input was read. */
export interface EdiWarning extends EdiLocation {
  code: EdiWarningCode;
  message: string;
}

/** Texts decoded from a single-byte charset (Latin-1: EDIFACT UNOA/UNOB/UNOC): one byte per character, so offsets are indexes. */
const singleByteTexts = new Set<string>();

/**
 * Marks a decoded text as single-byte for byteOffsetOf; returns an unmark function. Strings cannot key a WeakMap, so the
 * mark lives only while one parse runs (parseEdi unmarks in finally).
 */
export function markSingleByte(text: string): () => void {
  singleByteTexts.add(text);
  return () => singleByteTexts.delete(text);
}

/**
 * Converts a string index to a byte offset in the input: UTF-8 bytes (a BOM kept in the text counts its three bytes), or the
 * index itself for Latin-1 input. Only called when an error or warning is raised, so the slice cost does not matter.
 */
export function byteOffsetOf(text: string, charIndex: number): number {
  const clamped = Math.max(0, Math.min(charIndex, text.length));
  if (singleByteTexts.size && singleByteTexts.has(text)) return clamped;
  for (let i = 0; i < clamped; i++) {
    if (text.charCodeAt(i) > 0x7f) return Buffer.byteLength(text.slice(0, clamped), 'utf8');
  }
  return clamped;
}
