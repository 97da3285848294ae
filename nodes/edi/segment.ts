// The segment model shared by X12 and EDIFACT, plus the accessors transaction-set mappings read values with.

/** A composite element: its component values, first component first. */
export type Composite = string[];

/** A repeated element (X12 5010 repetition separator, EDIFACT syntax 4 repetition). */
export interface Repeated {
  repeats: Array<string | Composite>;
}

/** One data element: a plain value, a composite, or repetitions. */
export type ElementValue = string | Composite | Repeated;

/** A segment to write: tag and element values, element 1 first. */
export interface SegmentData {
  id: string;
  elements: ElementValue[];
}

/** A segment as read, located in the input. */
export interface Segment extends SegmentData {
  /** Zero-based index of the segment in the interchange. */
  index: number;
  /** Zero-based character offset of the segment start in the input text. */
  offset: number;
}

export function isRepeated(value: ElementValue | undefined): value is Repeated {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a one-based element position and component (first repetition); '' when absent. */
export function elementValue(segment: SegmentData, position: number, component = 1): string {
  let element = segment.elements[position - 1];
  if (element === undefined) return '';
  if (isRepeated(element)) element = element.repeats[0];
  if (element === undefined) return '';
  if (typeof element === 'string') return component === 1 ? element : '';
  return element[component - 1] ?? '';
}

/** All components of an element (a plain value is a one-component list). */
export function elementComponents(segment: SegmentData, position: number): string[] {
  let element = segment.elements[position - 1];
  if (element === undefined) return [];
  if (isRepeated(element)) element = element.repeats[0];
  if (element === undefined) return [];
  return typeof element === 'string' ? [element] : element;
}

/** Builds a segment, dropping trailing empty elements and trailing empty components (both standards require that). */
export function segment(id: string, ...elements: Array<ElementValue | undefined | null | number>): SegmentData {
  const values: ElementValue[] = elements.map((element) => normaliseElement(element));
  let last = values.length;
  while (last > 0 && isEmptyElement(values[last - 1])) last--;
  values.length = last;
  return { id, elements: values };
}

function normaliseElement(element: ElementValue | undefined | null | number): ElementValue {
  if (element === undefined || element === null) return '';
  if (typeof element === 'number') return String(element);
  if (Array.isArray(element)) {
    const components = element.map((component) => component ?? '');
    let last = components.length;
    while (last > 0 && components[last - 1] === '') last--;
    components.length = last;
    return components.length <= 1 ? (components[0] ?? '') : components;
  }
  return element;
}

function isEmptyElement(element: ElementValue | undefined): boolean {
  if (element === undefined || element === '') return true;
  if (Array.isArray(element)) return element.every((component) => component === '');
  if (isRepeated(element)) return element.repeats.length === 0;
  return false;
}

/** Strips locations so segments can be compared or written again. */
export function toSegmentData(segment: SegmentData): SegmentData {
  return { id: segment.id, elements: segment.elements };
}
