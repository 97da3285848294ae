// The `unmapped` section of a parse result: every segment or element a reader did not carry into the canonical document.
import { isRepeated, type ElementValue, type Segment } from '../segment.js';

/** One element the canonical document does not hold, with its one-based position in the segment. */
export interface UnmappedElement {
  position: number;
  value: ElementValue;
}

/** A segment, or some of its elements, that did not map; located like errors are. */
export interface UnmappedSegment {
  segmentId: string;
  /** Zero-based index in the interchange, as in errors. */
  segmentIndex: number;
  /** One-based position in the transaction set or message (ST / UNH = 1), as a 997 AK3 or CONTRL UCS would name it. */
  position: number;
  /** True when no element of the segment mapped (the segment was not understood in this place, or not at all). */
  whole: boolean;
  /** The non-empty elements that did not map. */
  elements: UnmappedElement[];
}

/**
 * Which element positions a reader maps, per segment id. A segment id missing from the table is not mapped at all;
 * readers mark segments they saw but could not place (an unknown qualifier, a value outside any loop) with `skip`.
 */
export type MappedElements = Readonly<Record<string, readonly number[]>>;

/** Compares every body segment against the reader's table; runs once per set after the canonical document is built. */
export function collectUnmapped(segments: readonly Segment[], mapped: MappedElements, skipped: ReadonlySet<Segment>, setStartIndex: number): UnmappedSegment[] {
  const unmapped: UnmappedSegment[] = [];
  for (const current of segments) {
    const positions = skipped.has(current) ? undefined : mapped[current.id];
    const elements: UnmappedElement[] = [];
    const values = current.elements;
    for (let index = 0; index < values.length; index++) {
      const value = values[index] as ElementValue;
      if (isEmpty(value)) continue;
      if (positions && positions.includes(index + 1)) continue;
      elements.push({ position: index + 1, value });
    }
    if (!positions || elements.length) {
      unmapped.push({ segmentId: current.id, segmentIndex: current.index, position: current.index - setStartIndex + 1, whole: !positions, elements });
    }
  }
  return unmapped;
}

function isEmpty(value: ElementValue): boolean {
  if (typeof value === 'string') return value === '';
  if (isRepeated(value)) return value.repeats.length === 0;
  return value.every((component) => component === '');
}
