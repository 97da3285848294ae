// X12 delimiters: reading them from the fixed-position ISA segment and checking a writer's choice.
import { EdiError, byteOffsetOf } from '../edi-error.js';
import type { Segment } from '../segment.js';

export interface X12Delimiters {
  /** Data element separator (ISA byte 4), e.g. "*". */
  element: string;
  /** Component element separator (ISA16), e.g. ">" or ":". */
  component: string;
  /** Repetition separator (ISA11 from version 00402 on), e.g. "^"; absent for 004010 and older. */
  repetition?: string;
  /** Segment terminator (the character after ISA16), e.g. "~". */
  segment: string;
}

export const DEFAULT_X12_DELIMITERS: Readonly<Required<X12Delimiters>> = Object.freeze({ element: '*', component: '>', repetition: '^', segment: '~' });

/** ISA has 16 elements; real files sometimes do not pad them, so we find separators instead of trusting fixed offsets. */
const ISA_ELEMENT_COUNT = 16;
/** A padded ISA is 106 characters; allow sloppy padding but stop scanning before reading a whole file as "ISA". */
const ISA_SCAN_LIMIT = 400;

export interface IsaRead {
  segment: Segment;
  delimiters: X12Delimiters;
  /** Index just after the segment terminator. */
  end: number;
  /** True when line breaks inside the ISA (a file wrapped at a fixed width) were removed. */
  unwrapped: boolean;
}

/** Reads the ISA at `start` (which must point at "ISA") and derives the delimiters from it. */
export function readIsa(text: string, start: number, segmentIndex: number): IsaRead {
  const location = () => ({ segmentIndex, segmentId: 'ISA', byteOffset: byteOffsetOf(text, start) });
  if (text.length < start + 4) throw new EdiError('ISA_TRUNCATED', 'ISA segment is truncated', location());
  const elementSeparator = text.charCodeAt(start + 3);
  const elements: string[] = [];
  let value = '';
  let unwrapped = false;
  let pos = start + 4;
  const limit = Math.min(text.length, start + ISA_SCAN_LIMIT);
  while (elements.length < ISA_ELEMENT_COUNT - 1 && pos < limit) {
    const code = text.charCodeAt(pos);
    if (code === elementSeparator) {
      elements.push(value);
      value = '';
    } else if (code === CR || code === LF) {
      // A file wrapped at 80 columns breaks the ISA too; the fixed-width ISA never holds a line break itself.
      unwrapped = true;
    } else {
      value += text[pos];
    }
    pos++;
  }
  while (pos < text.length && (text.charCodeAt(pos) === CR || text.charCodeAt(pos) === LF)) {
    unwrapped = true;
    pos++;
  }
  // ISA16 is exactly one character (the component separator) and the next character terminates the segment.
  if (elements.length < ISA_ELEMENT_COUNT - 1 || pos + 1 >= text.length) {
    throw new EdiError('ISA_TRUNCATED', `ISA segment is truncated: found ${elements.length + 1} of 16 elements`, location());
  }
  const component = text[pos] as string;
  const terminator = text[pos + 1] as string;
  elements.push(component);
  const element = String.fromCharCode(elementSeparator);
  const version = elements[11] ?? '';
  const isa11 = elements[10] ?? '';
  // From 00402 on ISA11 carries the repetition separator; before it, ISA11 is the standards id ("U").
  const repetition = version >= '00402' && isa11.length === 1 && !isAlphanumeric(isa11) ? isa11 : undefined;
  const delimiters: X12Delimiters = repetition === undefined ? { element, component, segment: terminator } : { element, component, repetition, segment: terminator };
  const problem = delimiterProblem(delimiters);
  if (problem) throw new EdiError('INVALID_DELIMITERS', `ISA delimiters are unusable: ${problem}`, location());
  return { segment: { id: 'ISA', elements, index: segmentIndex, offset: start }, delimiters, end: pos + 2, unwrapped };
}

const CR = 13;
const LF = 10;

/** Returns why a delimiter set cannot work (duplicates, letters or digits), or undefined when it is fine. */
export function delimiterProblem(delimiters: X12Delimiters): string | undefined {
  const chosen = [delimiters.element, delimiters.component, delimiters.segment];
  if (delimiters.repetition !== undefined) chosen.push(delimiters.repetition);
  for (const delimiter of chosen) {
    if (delimiter.length !== 1) return `delimiter "${delimiter}" must be one character`;
    if (isAlphanumeric(delimiter)) return `delimiter "${delimiter}" is a letter or digit`;
    if (delimiter === ' ') return 'a space cannot be a delimiter';
  }
  if (new Set(chosen).size !== chosen.length) return `delimiters must differ (${chosen.map((d) => JSON.stringify(d)).join(' ')})`;
  return undefined;
}

function isAlphanumeric(character: string): boolean {
  const code = character.charCodeAt(0);
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
