// EDIFACT building blocks shared by the messages: NAD party groups, DTM dates, product ids, FTX text, PAT terms, CUX.
import type { Address, PaymentTerms } from '../../../canonical/types.js';
import { elementComponents, elementValue, segment, type Segment, type SegmentData } from '../../segment.js';
import type { PartyRecord } from '../../mapping/parties.js';
import { chunk, compactObject, formatDecimal, toCcyymmdd, type MappingContext } from '../../mapping/values.js';

const PARTY_REF_QUALIFIERS = new Set(['IA', 'IT', 'ZZZ']);

export function writeNad(qualifier: string, record: PartyRecord): SegmentData[] {
  const address = record.address;
  const name = record.name ? chunk(record.name, 35).slice(0, 5) : [];
  const segments = [segment('NAD', qualifier, record.id ? [record.id, '', record.idQualifier ?? ''] : '', '', name, address ? address.lines.slice(0, 4) : '', address?.city, address?.region, address?.postalCode, address?.country)];
  for (const reference of record.references) segments.push(segment('RFF', [reference.qualifier, reference.value]));
  return segments;
}

export interface NadRead {
  qualifier: string;
  record: PartyRecord;
  next: number;
}

export function readNad(segments: Segment[], start: number): NadRead {
  const nad = segments[start] as Segment;
  const record: PartyRecord = { references: [] };
  const id = elementValue(nad, 2, 1);
  if (id) {
    record.id = id;
    record.idQualifier = elementValue(nad, 2, 3);
  }
  const name = elementComponents(nad, 4).join('');
  if (name) record.name = name;
  const lines = elementComponents(nad, 5).filter(Boolean);
  const city = elementValue(nad, 6);
  const country = elementValue(nad, 9);
  if (lines.length || city || country) {
    const address: Address = { lines, city, country };
    if (elementValue(nad, 7)) address.region = elementValue(nad, 7);
    if (elementValue(nad, 8)) address.postalCode = elementValue(nad, 8);
    record.address = address;
  }
  let index = start + 1;
  for (; index < segments.length; index++) {
    const current = segments[index] as Segment;
    if (current.id === 'RFF' && PARTY_REF_QUALIFIERS.has(elementValue(current, 1, 1))) record.references.push({ qualifier: elementValue(current, 1, 1), value: elementValue(current, 1, 2) });
    else if (current.id !== 'LOC' && current.id !== 'CTA' && current.id !== 'COM') break;
  }
  return { qualifier: elementValue(nad, 1), record, next: index };
}

export function dtm(qualifier: string, isoDate: string | undefined, path: string): SegmentData[] {
  return isoDate ? [segment('DTM', [qualifier, toCcyymmdd(isoDate, path), '102'])] : [];
}

/** Reads a DTM C507 date (formats 102, 203, 204: the date part is the first eight digits). */
export function readDtm(dtmSegment: Segment, context: MappingContext): { qualifier: string; date: string } {
  return { qualifier: elementValue(dtmSegment, 1, 1), date: context.date(context.required(dtmSegment, 1, 2), dtmSegment, 1, 2) };
}

export interface ItemIds {
  sku?: string;
  supplierItem?: string;
  gtin?: string;
  /** Ids of other item types (7143), and second ids of a kind: nothing read is dropped. */
  itemIds?: Array<{ qualifier: string; value: string }>;
}

/** LIN carries the GTIN (7143 "SRV"); PIA carries the buyer's (BP) and supplier's (SA) article numbers and any other ids. */
export function writeLin(line: number | string, ids: ItemIds, action = ''): SegmentData[] {
  const segments = [segment('LIN', line, action, ids.gtin ? [ids.gtin, 'SRV'] : '')];
  const pia: Array<string[]> = [];
  if (ids.sku) pia.push([ids.sku, 'BP']);
  if (ids.supplierItem) pia.push([ids.supplierItem, 'SA']);
  for (const extra of ids.itemIds ?? []) pia.push([extra.value, extra.qualifier]);
  // PIA repeats C212 at most five times (positions 2-6).
  for (let at = 0; at < pia.length; at += 5) segments.push(segment('PIA', '1', ...pia.slice(at, at + 5)));
  return segments;
}

const GTIN_TYPES = new Set(['SRV', 'EN', 'UP']);
const SKU_TYPES = new Set(['BP', 'IN']);
const SUPPLIER_TYPES = new Set(['SA', 'VN']);

/** Reads the C212 item numbers of a LIN (position 3) or PIA (positions 2-6) into the line's ids. */
export function readItemIds(source: Segment, target: ItemIds): void {
  const start = source.id === 'LIN' ? 3 : 2;
  const last = source.id === 'LIN' ? 3 : source.elements.length;
  for (let position = start; position <= last; position++) {
    const [id, type = ''] = elementComponents(source, position);
    if (!id) continue;
    if (GTIN_TYPES.has(type) && target.gtin === undefined && /^([0-9]{8}|[0-9]{12,14})$/.test(id)) target.gtin = id;
    else if (SKU_TYPES.has(type) && target.sku === undefined) target.sku = id;
    else if (SUPPLIER_TYPES.has(type) && target.supplierItem === undefined) target.supplierItem = id;
    else (target.itemIds ??= []).push({ qualifier: type, value: id });
  }
}

/** PRI+AAA is the net price, PRI+AAB the gross one (EANCOM); other price qualifiers are not mapped. Returns false for those. */
export function readPrice(pri: Segment, target: { gross?: number; net?: number }, context: MappingContext): boolean {
  const qualifier = elementValue(pri, 1, 1);
  if (qualifier === 'AAA') target.net = context.requiredNumber(pri, 1, 2);
  else if (qualifier === 'AAB') target.gross = context.requiredNumber(pri, 1, 2);
  else return false;
  return true;
}

export function writePrices(net: number | undefined, gross: number | undefined): SegmentData[] {
  const segments: SegmentData[] = [];
  if (net !== undefined) segments.push(segment('PRI', ['AAA', formatDecimal(net)]));
  if (gross !== undefined) segments.push(segment('PRI', ['AAB', formatDecimal(gross)]));
  return segments;
}

/** FTX: five 70-character components per segment. */
export function writeFtx(subject: string, text: string | undefined): SegmentData[] {
  if (!text) return [];
  const parts = chunk(text, 70);
  const segments: SegmentData[] = [];
  for (let i = 0; i < parts.length; i += 5) segments.push(segment('FTX', subject, '', '', parts.slice(i, i + 5)));
  return segments;
}

export function ftxText(ftx: Segment): string {
  return elementComponents(ftx, 4).join('');
}

export function writeCux(currency: string | undefined, usage: string): SegmentData[] {
  return currency ? [segment('CUX', ['2', currency, usage])] : [];
}

export function writePat(terms: PaymentTerms | undefined, dueDate?: string): SegmentData[] {
  if (!terms && !dueDate) return [];
  const segments: SegmentData[] = [segment('PAT', '1', terms?.description ?? terms?.code ? ['', '', '', terms?.description ?? terms?.code ?? ''] : '', terms?.netDays === undefined ? '' : ['5', '3', 'D', String(terms.netDays)])];
  segments.push(...dtm('13', dueDate, 'dueDate'));
  if (terms?.discountDays !== undefined || terms?.discountPercent !== undefined) {
    segments.push(segment('PAT', '22', '', terms.discountDays === undefined ? '' : ['5', '3', 'D', String(terms.discountDays)]));
    if (terms.discountPercent !== undefined) segments.push(segment('PCD', ['12', formatDecimal(terms.discountPercent)]));
  }
  return segments;
}

/** Accumulates PAT/PCD into terms; returns the terms object to keep. */
export function readPat(pat: Segment, terms: PaymentTerms, context: MappingContext): PaymentTerms {
  const days = context.optionalNumber(pat, 3, 4);
  if (elementValue(pat, 1) === '22') {
    if (days !== undefined) terms.discountDays = days;
  } else {
    if (days !== undefined) terms.netDays = days;
    if (elementValue(pat, 2, 4)) terms.description = elementValue(pat, 2, 4);
  }
  return compactObject(terms);
}
