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
  const masks = masksOf(mapped);
  for (const current of segments) {
    const mask = skipped.size && skipped.has(current) ? undefined : masks.get(current.id);
    const values = current.elements;
    let elements: UnmappedElement[] | undefined;
    for (let index = 0; index < values.length; index++) {
      if (mask && mask[index + 1] === 1) continue;
      const value = values[index] as ElementValue;
      if (isEmpty(value)) continue;
      (elements ??= []).push({ position: index + 1, value });
    }
    if (!mask || elements) {
      unmapped.push({ segmentId: current.id, segmentIndex: current.index, position: current.index - setStartIndex + 1, whole: !mask, elements: elements ?? [] });
    }
  }
  return unmapped;
}

/** Position tables as byte masks (mask[position] === 1 when mapped), built once per table: the check runs for every element. */
const maskCache = new WeakMap<MappedElements, Map<string, Uint8Array>>();

function masksOf(mapped: MappedElements): Map<string, Uint8Array> {
  let masks = maskCache.get(mapped);
  if (!masks) {
    masks = new Map();
    for (const [id, positions] of Object.entries(mapped)) {
      const mask = new Uint8Array(Math.max(0, ...positions) + 1);
      for (const position of positions) mask[position] = 1;
      masks.set(id, mask);
    }
    maskCache.set(mapped, masks);
  }
  return masks;
}

function isEmpty(value: ElementValue): boolean {
  if (typeof value === 'string') return value === '';
  if (isRepeated(value)) return value.repeats.length === 0;
  return value.every((component) => component === '');
}
