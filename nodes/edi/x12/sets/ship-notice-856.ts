// X12 856 ship notice <-> canonical AdvanceShipNotice: HL hierarchy S/O/P/I, or S/O/T/P/I with tares kept in extensions.tares.
import type { AdvanceShipNotice, Carrier, ShipNoticeItem, ShipNoticeOrder, ShipNoticePack } from '../../../canonical/types.js';
import { elementValue, segment, type Segment, type SegmentData } from '../../segment.js';
import { locationToRecord, partyToRecord, recordToLocation, recordToParty, X12_PARTY_CODES } from '../../mapping/parties.js';
import { reverseTable, X12_TRANSPORT_MODES } from '../../mapping/codes.js';
import { compactObject, formatDecimal, readLineId, requireField, toCcyymmdd, writeLineId, type MappingContext } from '../../mapping/values.js';
import { positionsFrom, productIdPairs, readN1Loop, readProductIds, writeN1Loop } from './loops.js';
import { N1_LOOP_MAPPED } from './n1-mapped.js';
import type { X12SetMapping } from './types.js';

/** A tare (pallet) level from S/O/T/P/I: which packs it holds. Canonical packs are flat, so tares travel in extensions. */
export interface TareRecord {
  poNumber: string;
  sscc: string;
  packagingCode?: string;
  packSsccs: string[];
}

const PURPOSE_CODES: Record<NonNullable<AdvanceShipNotice['purpose']>, string> = { original: '00', replace: '05', cancel: '03' };
const PURPOSES: Record<string, AdvanceShipNotice['purpose']> = { '00': 'original', '05': 'replace', '03': 'cancel', '01': 'cancel' };
const MODES = reverseTable(X12_TRANSPORT_MODES) as Record<string, Carrier['mode']>;

interface HlNode {
  level: string;
  order?: ShipNoticeOrder;
  pack?: ShipNoticePack;
  packAttached?: boolean;
  tare?: TareRecord;
  parent?: HlNode;
}

/** SSCCs are 18 digits; some partners prefix the GS1 application identifier "00". */
function normaliseSscc(value: string): string {
  return value.length === 20 && value.startsWith('00') ? value.slice(2) : value;
}

export const shipNotice856: X12SetMapping<AdvanceShipNotice> = {
  setId: '856',
  functionalId: 'SH',
  documentType: 'AdvanceShipNotice',
  mapped: {
    BSN: [1, 2, 3, 4, 5], HL: [1, 2, 3], TD1: [1, 2, 6, 7, 8], TD5: [2, 3, 4, 5], REF: [1, 2], DTM: [1, 2], PRF: [1, 4], MAN: [1, 2], LIN: positionsFrom(1), SN1: [2, 3], PID: [1, 5], CTT: [1],
    ...N1_LOOP_MAPPED,
  },

  toCanonical(segments: Segment[], context: MappingContext): AdvanceShipNotice {
    const asn: Partial<AdvanceShipNotice> = {};
    const carrier: Partial<Carrier> = {};
    const tracking: string[] = [];
    const orders: ShipNoticeOrder[] = [];
    const tares: TareRecord[] = [];
    const nodes = new Map<string, HlNode>();
    let bsn: Segment | undefined;
    let node: HlNode | undefined;
    let item: ShipNoticeItem | undefined;
    let hlCount = 0;
    let itemCount = 0;
    let ctt: Segment | undefined;
    for (let index = 0; index < segments.length; index++) {
      const current = segments[index] as Segment;
      switch (current.id) {
        case 'BSN': {
          bsn = current;
          asn.purpose = PURPOSES[elementValue(current, 1)] ?? 'original';
          asn.asnNumber = context.required(current, 2);
          const date = context.date(context.required(current, 3), current, 3);
          const time = elementValue(current, 4).padEnd(4, '0');
          asn.issueDate = `${date}T${time.slice(0, 2)}:${time.slice(2, 4)}:00Z`;
          break;
        }
        case 'HL': {
          hlCount++;
          item = undefined;
          const id = context.required(current, 1);
          const parentId = elementValue(current, 2);
          const parent = parentId ? nodes.get(parentId) : undefined;
          if (parentId && !parent) throw context.error('INVALID_VALUE', `HL02 parent "${parentId}" does not precede this HL`, current, 2);
          node = { level: context.required(current, 3), parent };
          nodes.set(id, node);
          startLevel(node, current, context, orders, tares);
          break;
        }
        case 'TD1':
          if (node?.level === 'S') {
            asn.packCount = context.optionalNumber(current, 2);
            asn.grossWeight = context.optionalNumber(current, 7);
            asn.weightUom = elementValue(current, 8) || undefined;
          } else if (node?.pack) {
            if (elementValue(current, 1)) node.pack.packagingCode = elementValue(current, 1);
            const weight = context.optionalNumber(current, 7);
            if (weight !== undefined) node.pack.grossWeight = weight;
            if (elementValue(current, 8)) node.pack.weightUom = elementValue(current, 8);
            if (node.tare && elementValue(current, 1)) node.tare.packagingCode = elementValue(current, 1);
          }
          break;
        case 'TD5': {
          // TD503 is a SCAC only under TD502 "2"; other qualifiers keep their code, and a TD5 may give only mode or name.
          const qualifier = elementValue(current, 2);
          const code = elementValue(current, 3);
          if (code && (qualifier === '2' || qualifier === '')) carrier.scac = code;
          else if (code) Object.assign(carrier, { code, codeQualifier: qualifier });
          if (elementValue(current, 4)) carrier.mode = MODES[elementValue(current, 4)];
          if (elementValue(current, 4) && !carrier.mode) context.skip(current);
          carrier.name = elementValue(current, 5) || carrier.name;
          break;
        }
        case 'REF': {
          const qualifier = elementValue(current, 1);
          const value = context.required(current, 2);
          if (item && qualifier === 'LT') item.lot = value;
          else if (item && qualifier === 'SE') (item.serialNumbers ??= []).push(value);
          else if (qualifier === 'BM') asn.bolNumber = value;
          else if (qualifier === 'CN') asn.proNumber = value;
          else if (qualifier === '2I') tracking.push(value);
          else context.skip(current);
          break;
        }
        case 'DTM': {
          const qualifier = elementValue(current, 1);
          const date = context.date(context.required(current, 2), current, 2);
          if (item && qualifier === '036') item.expiryDate = date;
          else if (qualifier === '011') asn.shipDate = date;
          else if (qualifier === '017') asn.estimatedDeliveryDate = date;
          else context.skip(current);
          break;
        }
        case 'N1': {
          const loop = readN1Loop(segments, index);
          index = loop.next - 1;
          if (loop.entityCode === 'SF') asn.shipFrom = recordToLocation(loop.record, X12_PARTY_CODES);
          else if (loop.entityCode === 'ST') asn.shipTo = recordToLocation(loop.record, X12_PARTY_CODES);
          else if (loop.entityCode === 'SU' || loop.entityCode === 'SE') asn.supplier = recordToParty(loop.record, X12_PARTY_CODES);
          else context.skip(current);
          break;
        }
        case 'PRF':
          if (node?.order) {
            node.order.poNumber = context.required(current, 1);
            const orderDate = context.optionalDate(current, 4);
            if (orderDate) node.order.orderDate = orderDate;
          }
          break;
        case 'MAN':
          if (elementValue(current, 1) === 'GM' && (node?.pack || node?.tare)) {
            const sscc = normaliseSscc(context.required(current, 2));
            if (node.pack) node.pack.sscc = sscc;
            if (node.tare) node.tare.sscc = sscc;
          }
          break;
        case 'LIN':
          if (node?.level === 'I' && item) {
            const [lineNumber, lineId] = readLineId(current, 1, item.line);
            Object.assign(item, compactObject(readProductIds(current, 2)), lineId === undefined ? { line: lineNumber } : { line: lineNumber, lineId });
          }
          else context.skip(current);
          break;
        case 'SN1':
          if (item) {
            item.qty = context.requiredNumber(current, 2);
            item.uom = context.required(current, 3);
          }
          break;
        case 'PID':
          if (item && elementValue(current, 5)) item.description = elementValue(current, 5);
          break;
        case 'CTT':
          ctt = current;
          break;
        default:
          context.skip(current);
          break;
      }
      if (current.id === 'HL' && node?.level === 'I') {
        item = startItem(node, current, context);
        item.line = ++itemCount;
      }
    }
    if (!bsn) throw context.missingSegment('BSN', '856 has no BSN segment', segments[0]);
    checkCtt(ctt, hlCount, itemCount, context);
    if (!asn.shipDate) throw context.requirement('856 needs a DTM*011 ship date for the canonical shipDate', bsn);
    for (const order of orders) for (const pack of order.packs) if (!pack.sscc) throw context.requirement(`a pack of order ${order.poNumber} has no MAN*GM SSCC`, bsn);
    const document = compactObject<AdvanceShipNotice>({
      asnNumber: asn.asnNumber as string, purpose: asn.purpose, issueDate: asn.issueDate, shipDate: asn.shipDate, estimatedDeliveryDate: asn.estimatedDeliveryDate,
      supplier: asn.supplier, shipFrom: asn.shipFrom, shipTo: asn.shipTo, carrier: compactObject(carrier as Carrier),
      trackingNumbers: tracking.length ? tracking : undefined, proNumber: asn.proNumber, bolNumber: asn.bolNumber,
      packCount: asn.packCount, grossWeight: asn.grossWeight, weightUom: asn.weightUom, orders,
    });
    const realTares = tares.filter((tare) => tare.packSsccs.length);
    if (realTares.length) document.extensions = { tares: realTares };
    return document;
  },

  fromCanonical(asn: AdvanceShipNotice): SegmentData[] {
    const issued = asn.issueDate ?? `${requireField(asn.shipDate, 'shipDate')}T00:00:00Z`;
    const segments: SegmentData[] = [segment('BSN', PURPOSE_CODES[asn.purpose ?? 'original'], requireField(asn.asnNumber, 'asnNumber'), toCcyymmdd(issued, 'issueDate'), issued.slice(11, 16).replace(':', ''), '0001')];
    let hlCount = 0;
    const hl = (parent: number, level: string) => {
      hlCount++;
      segments.push(segment('HL', hlCount, parent || '', level));
      return hlCount;
    };
    hl(0, 'S');
    if (asn.packCount !== undefined || asn.grossWeight !== undefined) segments.push(segment('TD1', '', asn.packCount, '', '', '', asn.grossWeight === undefined ? '' : 'G', formatDecimal(asn.grossWeight), asn.weightUom));
    const carrier = requireField(asn.carrier, 'carrier');
    const carrierId = carrier.scac ? ['2', carrier.scac] : carrier.code ? [carrier.codeQualifier ?? '', carrier.code] : ['', ''];
    if (carrierId[1] || carrier.mode || carrier.name) segments.push(segment('TD5', '', carrierId[0], carrierId[1], carrier.mode ? X12_TRANSPORT_MODES[carrier.mode] : '', carrier.name));
    if (asn.bolNumber) segments.push(segment('REF', 'BM', asn.bolNumber));
    if (asn.proNumber) segments.push(segment('REF', 'CN', asn.proNumber));
    for (const number of asn.trackingNumbers ?? []) segments.push(segment('REF', '2I', number));
    segments.push(segment('DTM', '011', toCcyymmdd(requireField(asn.shipDate, 'shipDate'), 'shipDate')));
    if (asn.estimatedDeliveryDate) segments.push(segment('DTM', '017', toCcyymmdd(asn.estimatedDeliveryDate, 'estimatedDeliveryDate')));
    if (asn.shipFrom) segments.push(...writeN1Loop('SF', locationToRecord(asn.shipFrom, X12_PARTY_CODES)));
    if (asn.shipTo) segments.push(...writeN1Loop('ST', locationToRecord(asn.shipTo, X12_PARTY_CODES)));
    if (asn.supplier) segments.push(...writeN1Loop('SU', partyToRecord(asn.supplier, X12_PARTY_CODES)));
    const tares = tareRecords(asn);
    requireField(asn.orders, 'orders').forEach((order, orderIndex) => {
      const orderHl = hl(1, 'O');
      segments.push(segment('PRF', requireField(order.poNumber, `orders[${orderIndex}].poNumber`), '', '', toCcyymmdd(order.orderDate, 'orderDate')));
      const tareHls = new Map<TareRecord, number>();
      order.packs.forEach((pack, packIndex) => {
        const path = `orders[${orderIndex}].packs[${packIndex}]`;
        const tare = tares.find((candidate) => candidate.poNumber === order.poNumber && candidate.packSsccs.includes(pack.sscc));
        let parent = orderHl;
        if (tare) {
          if (!tareHls.has(tare)) {
            tareHls.set(tare, hl(orderHl, 'T'));
            if (tare.packagingCode) segments.push(segment('TD1', tare.packagingCode, 1));
            segments.push(segment('MAN', 'GM', tare.sscc));
          }
          parent = tareHls.get(tare) as number;
        }
        const packHl = hl(parent, 'P');
        if (pack.packagingCode || pack.grossWeight !== undefined) segments.push(segment('TD1', pack.packagingCode, 1, '', '', '', pack.grossWeight === undefined ? '' : 'G', formatDecimal(pack.grossWeight), pack.weightUom));
        segments.push(segment('MAN', 'GM', requireField(pack.sscc, `${path}.sscc`)));
        requireField(pack.items, `${path}.items`).forEach((item, itemIndex) => {
          hl(packHl, 'I');
          segments.push(segment('LIN', writeLineId(item), ...productIdPairs(item)));
          segments.push(segment('SN1', '', formatDecimal(requireField(item.qty, `${path}.items[${itemIndex}].qty`)), requireField(item.uom, `${path}.items[${itemIndex}].uom`)));
          if (item.description) segments.push(segment('PID', 'F', '', '', '', item.description));
          if (item.lot) segments.push(segment('REF', 'LT', item.lot));
          for (const serial of item.serialNumbers ?? []) segments.push(segment('REF', 'SE', serial));
          if (item.expiryDate) segments.push(segment('DTM', '036', toCcyymmdd(item.expiryDate, 'expiryDate')));
        });
      });
    });
    segments.push(segment('CTT', hlCount));
    return segments;
  },
};

/** CTT01 counts HL segments in an 856; partners often count items instead: accepted with a warning. */
function checkCtt(ctt: Segment | undefined, hlCount: number, itemCount: number, context: MappingContext): void {
  if (!ctt) return;
  const declared = Number(elementValue(ctt, 1));
  if (declared === hlCount) return;
  if (declared === itemCount) {
    context.warn('COUNT_DIFFERS', `CTT01 declares ${declared}, the number of items (I levels), not of the ${hlCount} HL segments`, ctt, 1);
    return;
  }
  throw context.error('COUNT_MISMATCH', `CTT01 declares ${elementValue(ctt, 1)} HL segments but ${hlCount} were found`, ctt, 1);
}

function tareRecords(asn: AdvanceShipNotice): TareRecord[] {
  const tares = asn.extensions?.tares;
  if (!Array.isArray(tares)) return [];
  return tares.filter((tare): tare is TareRecord => typeof tare === 'object' && tare !== null && typeof (tare as TareRecord).sscc === 'string' && Array.isArray((tare as TareRecord).packSsccs));
}

function orderOf(node: HlNode | undefined): ShipNoticeOrder | undefined {
  for (let current = node; current; current = current.parent) if (current.order) return current.order;
  return undefined;
}

function startLevel(node: HlNode, hl: Segment, context: MappingContext, orders: ShipNoticeOrder[], tares: TareRecord[]): void {
  if (node.level === 'O') {
    node.order = { poNumber: '', packs: [] };
    orders.push(node.order);
  } else if (node.level === 'T' || node.level === 'P') {
    const order = orderOf(node.parent);
    if (!order) throw context.error('INVALID_VALUE', `HL level ${node.level} must sit under an order (O) level`, hl, 2);
    node.pack = { sscc: '', items: [] };
    if (node.level === 'T') {
      node.tare = { poNumber: '', sscc: '', packSsccs: [] };
      tares.push(node.tare);
    } else {
      order.packs.push(node.pack);
      node.packAttached = true;
      const tare = node.parent?.tare;
      if (tare) tareMembers.set(node.pack, tare);
    }
  }
}

/** Packs under a tare learn their SSCC after the HL, so membership is resolved when the item or the end is reached. */
const tareMembers = new WeakMap<ShipNoticePack, TareRecord>();

function startItem(node: HlNode, hl: Segment, context: MappingContext): ShipNoticeItem {
  const holder = node.parent;
  if (!holder?.pack) throw context.error('INVALID_VALUE', 'HL level I must sit under a pack (P) or tare (T) level', hl, 2);
  const order = orderOf(holder) as ShipNoticeOrder;
  if (!holder.packAttached) {
    // Items directly under a tare: the tare itself is the pack.
    order.packs.push(holder.pack);
    holder.packAttached = true;
    if (holder.tare) holder.tare.packSsccs = [];
  }
  const tare = tareMembers.get(holder.pack);
  if (tare) {
    tare.poNumber = order.poNumber;
    if (!tare.packSsccs.includes(holder.pack.sscc)) tare.packSsccs.push(holder.pack.sscc);
  }
  const item = { line: 0, qty: 0, uom: '' } as ShipNoticeItem;
  holder.pack.items.push(item);
  return item;
}
