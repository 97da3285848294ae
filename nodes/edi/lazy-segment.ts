// A located segment whose elements are split from the input only when first read: readers stay fast and allocate little.
import type { ElementValue, Segment } from './segment.js';

/** Splits the element part of one segment (source[from, to), starting at the first element separator). */
export type ElementSplitter = (source: string, from: number, to: number) => ElementValue[];

/**
 * Envelope readers only look at a handful of segments, so splitting every segment eagerly would mostly feed the
 * garbage collector. Private fields keep the input text out of spreads and logs; JSON.stringify uses toJSON().
 * Hand plain copies (toSegmentData / toJSON) to anything that clones messages.
 */
export class LazySegment implements Segment {
  readonly id: string;
  readonly index: number;
  readonly offset: number;
  #source: string;
  #from: number;
  #to: number;
  #splitter: ElementSplitter;
  #elements: ElementValue[] | undefined;

  constructor(id: string, index: number, offset: number, source: string, from: number, to: number, splitter: ElementSplitter) {
    this.id = id;
    this.index = index;
    this.offset = offset;
    this.#source = source;
    this.#from = from;
    this.#to = to;
    this.#splitter = splitter;
  }

  get elements(): ElementValue[] {
    return (this.#elements ??= this.#splitter(this.#source, this.#from, this.#to));
  }

  set elements(elements: ElementValue[]) {
    this.#elements = elements;
  }

  toJSON(): Segment {
    return { id: this.id, elements: this.elements, index: this.index, offset: this.offset };
  }
}

/** A plain, cloneable copy of any segment. */
export function plainSegment(segment: Segment): Segment {
  return { id: segment.id, elements: segment.elements, index: segment.index, offset: segment.offset };
}
