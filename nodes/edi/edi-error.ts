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
  /** Zero-based UTF-8 byte offset of the segment (or element) start in the input. */
  byteOffset?: number;
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
  | 'INVALID_DOCUMENT';

export class EdiError extends Error {
  readonly code: EdiErrorCode;
  readonly segmentIndex?: number;
  readonly segmentId?: string;
  readonly elementPosition?: number;
  readonly componentPosition?: number;
  readonly byteOffset?: number;

  constructor(code: EdiErrorCode, message: string, location: EdiLocation = {}) {
    super(describe(message, location));
    this.name = 'EdiError';
    this.code = code;
    if (location.segmentIndex !== undefined) this.segmentIndex = location.segmentIndex;
    if (location.segmentId !== undefined) this.segmentId = location.segmentId;
    if (location.elementPosition !== undefined) this.elementPosition = location.elementPosition;
    if (location.componentPosition !== undefined) this.componentPosition = location.componentPosition;
    if (location.byteOffset !== undefined) this.byteOffset = location.byteOffset;
  }

  /** Plain JSON facts for messages, API bodies and dead letters (Error properties do not serialise). */
  toJSON(): EdiErrorFacts {
    const facts: EdiErrorFacts = { code: this.code, message: this.message };
    if (this.segmentIndex !== undefined) facts.segmentIndex = this.segmentIndex;
    if (this.segmentId !== undefined) facts.segmentId = this.segmentId;
    if (this.elementPosition !== undefined) facts.elementPosition = this.elementPosition;
    if (this.componentPosition !== undefined) facts.componentPosition = this.componentPosition;
    if (this.byteOffset !== undefined) facts.byteOffset = this.byteOffset;
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
  return parts.length ? `${message} (${parts.join(', ')})` : message;
}

/** Converts a string index to a UTF-8 byte offset; only called when an error is raised, so the slice cost does not matter. */
export function byteOffsetOf(text: string, charIndex: number): number {
  const clamped = Math.max(0, Math.min(charIndex, text.length));
  for (let i = 0; i < clamped; i++) {
    if (text.charCodeAt(i) > 0x7f) return Buffer.byteLength(text.slice(0, clamped), 'utf8');
  }
  return clamped;
}
