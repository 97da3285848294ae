// EDIFACT service characters: the UNA service string advice, the defaults, and checks for a writer's choice.
import { EdiError, byteOffsetOf } from '../edi-error.js';

export interface EdifactDelimiters {
  /** Component data element separator, default ":". */
  component: string;
  /** Data element separator, default "+". */
  element: string;
  /** Decimal mark, default ".". */
  decimal: string;
  /** Release (escape) character, default "?". */
  release: string;
  /** Repetition separator (syntax 4, default "*"); absent for syntax 3 where UNA5 is a reserved space. */
  repetition?: string;
  /** Segment terminator, default "'". */
  segment: string;
}

export const DEFAULT_EDIFACT_DELIMITERS: Readonly<EdifactDelimiters> = Object.freeze({ component: ':', element: '+', decimal: '.', release: '?', segment: "'" });

/** Reads the six service characters after "UNA" at `start`. */
export function readUna(text: string, start: number): EdifactDelimiters {
  if (text.length < start + 9) throw new EdiError('INVALID_UNA', 'UNA service string advice needs six characters', { segmentIndex: 0, segmentId: 'UNA', byteOffset: byteOffsetOf(text, start) });
  const chars = text.slice(start + 3, start + 9);
  const repetition = chars[4] as string;
  const delimiters: EdifactDelimiters = { component: chars[0] as string, element: chars[1] as string, decimal: chars[2] as string, release: chars[3] as string, segment: chars[5] as string };
  if (repetition !== ' ') delimiters.repetition = repetition;
  const problem = edifactDelimiterProblem(delimiters);
  if (problem) throw new EdiError('INVALID_UNA', `UNA service characters are unusable: ${problem}`, { segmentIndex: 0, segmentId: 'UNA', byteOffset: byteOffsetOf(text, start) });
  return delimiters;
}

export function edifactDelimiterProblem(delimiters: EdifactDelimiters): string | undefined {
  const chosen = [delimiters.component, delimiters.element, delimiters.release, delimiters.segment];
  if (delimiters.repetition !== undefined) chosen.push(delimiters.repetition);
  for (const delimiter of chosen) {
    if (delimiter.length !== 1) return `service character "${delimiter}" must be one character`;
    if (/[A-Za-z0-9 ]/.test(delimiter)) return `service character "${delimiter}" is a letter, digit or space`;
  }
  if (new Set(chosen).size !== chosen.length) return `service characters must differ (${chosen.map((d) => JSON.stringify(d)).join(' ')})`;
  return undefined;
}

/** The UNA segment text for a delimiter set (UNA5 is a space when there is no repetition separator). */
export function unaText(delimiters: EdifactDelimiters): string {
  return `UNA${delimiters.component}${delimiters.element}${delimiters.decimal}${delimiters.release}${delimiters.repetition ?? ' '}${delimiters.segment}`;
}
