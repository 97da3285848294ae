// X12 building blocks shared by the transaction sets: the N1 party loop, product id pairs and MSG notes.
import type { Address } from '../../../canonical/types.js';
import { elementValue, segment, type Segment, type SegmentData } from '../../segment.js';
import type { PartyRecord } from '../../mapping/parties.js';
import { chunk } from '../../mapping/values.js';

/** REF qualifiers that belong to a party inside an N1 loop (others stay at the level they appear in). */
const PARTY_REF_QUALIFIERS = new Set(['IA', 'IT', 'ZZ']);

export function writeN1Loop(entityCode: string, record: PartyRecord): SegmentData[] {
  const segments = [segment('N1', entityCode, record.name, record.idQualifier, record.id)];
  const address = record.address;
  if (address) {
    for (let i = 0; i < address.lines.length; i += 2) segments.push(segment('N3', address.lines[i], address.lines[i + 1]));
    segments.push(segment('N4', address.city, address.region, address.postalCode, address.country));
  }
  for (const reference of record.references) segments.push(segment('REF', reference.qualifier, reference.value));
  return segments;
}

export interface N1LoopRead {
  entityCode: string;
  record: PartyRecord;
  /** Index of the first segment after the loop. */
  next: number;
}

/** Reads the N1 loop starting at segments[start] (an N1). */
export function readN1Loop(segments: Segment[], start: number): N1LoopRead {
  const n1 = segments[start] as Segment;
  const record: PartyRecord = { references: [] };
  const name = elementValue(n1, 2);
  if (name) record.name = name;
  const id = elementValue(n1, 4);
  if (id) {
    record.idQualifier = elementValue(n1, 3);
    record.id = id;
  }
  const lines: string[] = [];
  let n4: Segment | undefined;
  let index = start + 1;
  for (; index < segments.length; index++) {
    const current = segments[index] as Segment;
    if (current.id === 'N3') {
      for (const line of [elementValue(current, 1), elementValue(current, 2)]) if (line) lines.push(line);
    } else if (current.id === 'N4') {
      n4 = current;
    } else if (current.id === 'REF' && PARTY_REF_QUALIFIERS.has(elementValue(current, 1))) {
      record.references.push({ qualifier: elementValue(current, 1), value: elementValue(current, 2) });
    } else if (current.id !== 'N2' && current.id !== 'PER') {
      break;
    }
  }
  if (lines.length || n4) {
    const address: Address = { lines, city: n4 ? elementValue(n4, 1) : '', country: n4 ? elementValue(n4, 4) : '' };
    const region = n4 ? elementValue(n4, 2) : '';
    const postalCode = n4 ? elementValue(n4, 3) : '';
    if (region) address.region = region;
    if (postalCode) address.postalCode = postalCode;
    record.address = address;
  }
  return { entityCode: elementValue(n1, 1), record, next: index };
}

export interface ProductIds {
  sku?: string;
  supplierItem?: string;
  gtin?: string;
  /** Every other id pair (and second ids of a kind), by qualifier: nothing read is dropped. */
  itemIds?: Array<{ qualifier: string; value: string }>;
}

/** Product/service id qualifier pairs (PO106.., IT106.., LIN02..): BP buyer part, VP vendor part, UK/EN/UP GTIN. */
export function productIdPairs(ids: ProductIds): string[] {
  const pairs: string[] = [];
  if (ids.sku) pairs.push('BP', ids.sku);
  if (ids.supplierItem) pairs.push('VP', ids.supplierItem);
  if (ids.gtin) pairs.push(ids.gtin.length === 14 ? 'UK' : ids.gtin.length === 13 ? 'EN' : ids.gtin.length === 12 ? 'UP' : 'UK', ids.gtin);
  for (const extra of ids.itemIds ?? []) pairs.push(extra.qualifier, extra.value);
  return pairs;
}

const SKU_QUALIFIERS = new Set(['BP', 'IN']);
const SUPPLIER_QUALIFIERS = new Set(['VP', 'VN', 'SK']);
const GTIN_QUALIFIERS = new Set(['UK', 'EN', 'UP', 'UI']);

/** Reads the qualifier/id pairs from `firstQualifierPosition` on; the first id of each kind maps, the rest travel in itemIds. */
export function readProductIds(source: SegmentData, firstQualifierPosition: number): ProductIds {
  const ids: ProductIds = {};
  for (let position = firstQualifierPosition; position < source.elements.length; position += 2) {
    const qualifier = elementValue(source, position);
    const value = elementValue(source, position + 1);
    if (!value) continue;
    if (SKU_QUALIFIERS.has(qualifier) && ids.sku === undefined) ids.sku = value;
    else if (SUPPLIER_QUALIFIERS.has(qualifier) && ids.supplierItem === undefined) ids.supplierItem = value;
    else if (GTIN_QUALIFIERS.has(qualifier) && ids.gtin === undefined && isGtinFor(qualifier, value)) ids.gtin = value;
    else (ids.itemIds ??= []).push({ qualifier, value });
  }
  return ids;
}

/** The writer picks the qualifier from the GTIN length, so only ids that come back under the same qualifier map to gtin. */
function isGtinFor(qualifier: string, value: string): boolean {
  if (!/^([0-9]{8}|[0-9]{12,14})$/.test(value)) return false;
  const written = value.length === 13 ? 'EN' : value.length === 12 ? 'UP' : 'UK';
  return written === qualifier;
}

/** Positions of a segment from `first` on (the id pairs), for the `mapped` tables. */
export function positionsFrom(first: number, last = 30): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

/** Free text as N9/MSG (MSG01 holds 264 characters). */
export function writeNotes(notes: string | undefined): SegmentData[] {
  if (!notes) return [];
  return [segment('N9', 'L1', 'NOTES'), ...chunk(notes, 264).map((text) => segment('MSG', text))];
}
