// EDIFACT DESADV (D.96A, D.01B) <-> canonical AdvanceShipNotice: CPS hierarchy with PAC, GIN+BJ SSCCs and LIN items (RFF+ON per item).
import type { AdvanceShipNotice, Carrier, ShipNoticeItem, ShipNoticeOrder, ShipNoticePack } from '../../../canonical/types.js';
import { elementValue, segment, type Segment, type SegmentData } from '../../segment.js';
import { EDIFACT_PARTY_CODES, locationToRecord, partyToRecord, recordToLocation, recordToParty } from '../../mapping/parties.js';
import { compactObject, formatDecimal, readLineId, requireField, writeLineId, type MappingContext } from '../../mapping/values.js';
import { EDIFACT_NAD_MAPPED } from './nad-mapped.js';
import type { TareRecord } from '../../x12/sets/ship-notice-856.js';
import { dtm, readDtm, readItemIds, readNad, writeLin, writeNad } from './groups.js';
import type { EdifactMessageMapping } from './types.js';

const FUNCTION_CODES: Record<NonNullable<AdvanceShipNotice['purpose']>, string> = { original: '9', replace: '5', cancel: '1' };
const PURPOSES: Record<string, AdvanceShipNotice['purpose']> = { '9': 'original', '5': 'replace', '1': 'cancel', '3': 'cancel' };
/** Canonical carrier mode -> TDT 8067 mode of transport (1 sea, 2 rail, 3 road, 4 air, 5 mail); the canonical name travels in 8066. */
const TRANSPORT_MODES: Record<NonNullable<Carrier['mode']>, string> = { parcel: '5', ltl: '3', ftl: '3', ocean: '1', air: '4', rail: '2', courier: '3', other: '3' };
const MODE_NAMES = new Set(Object.keys(TRANSPORT_MODES));

interface CpsNode {
  pack?: ShipNoticePack;
  tare?: TareRecord;
  parent?: CpsNode;
  packagingCode?: string;
  /** Packs are created per purchase order, because a canonical pack belongs to one order. */
  packsByOrder: Map<string, ShipNoticePack>;
  sscc?: string;
  grossWeight?: number;
  weightUom?: string;
}

export const desadvMessage: EdifactMessageMapping<AdvanceShipNotice> = {
  type: 'DESADV',
  documentType: 'AdvanceShipNotice',
  mapped: { BGM: [1, 2, 3], DTM: [1], RFF: [1], TDT: [1, 3, 5], CPS: [1, 2], PAC: [1, 3], MEA: [1, 2, 3], PCI: [1], GIN: [1, 2], LIN: [1, 3], PIA: [1, 2, 3, 4, 5, 6], IMD: [1, 3], QTY: [1], CNT: [1], ...EDIFACT_NAD_MAPPED },

  toCanonical(segments: Segment[], context: MappingContext): AdvanceShipNotice {
    const asn: Partial<AdvanceShipNotice> = {};
    const carrier: Partial<Carrier> = {};
    const tracking: string[] = [];
    const orders = new Map<string, ShipNoticeOrder>();
    const nodes = new Map<string, CpsNode>();
    const tares: TareRecord[] = [];
    let bgm: Segment | undefined;
    let cps: CpsNode | undefined;
    let shipmentLevel = true;
    let item: ShipNoticeItem | undefined;
    let pendingItem: { item: ShipNoticeItem; node: CpsNode; lin: Segment } | undefined;
    /** RFF+ON (and DTM+171) at header level apply to every item that does not name its own order. */
    const header: { poNumber?: string; orderDate?: string } = {};
    const placeItem = () => {
      if (!pendingItem) return;
      const { item: placed, node, lin } = pendingItem;
      const own = (placed as ShipNoticeItem & { poNumber?: string }).poNumber;
      const poNumber = own ?? header.poNumber;
      const orderDate = (placed as ShipNoticeItem & { orderDate?: string }).orderDate ?? (own ? undefined : header.orderDate);
      delete (placed as ShipNoticeItem & { poNumber?: string }).poNumber;
      delete (placed as ShipNoticeItem & { orderDate?: string }).orderDate;
      if (!poNumber) throw context.requirement(`LIN ${placed.line} has no RFF+ON order number, at item or header level`, lin);
      if (!node.sscc) throw context.requirement('the package holding this LIN has no GIN+BJ SSCC', lin);
      let order = orders.get(poNumber);
      if (!order) orders.set(poNumber, (order = compactObject<ShipNoticeOrder>({ poNumber, orderDate, packs: [] })));
      let pack = node.packsByOrder.get(poNumber);
      if (!pack) {
        pack = compactObject<ShipNoticePack>({ sscc: node.sscc, packagingCode: node.packagingCode, grossWeight: node.grossWeight, weightUom: node.weightUom, items: [] });
        node.packsByOrder.set(poNumber, pack);
        order.packs.push(pack);
        const parentTare = node.parent?.tare;
        if (parentTare) {
          parentTare.poNumber = poNumber;
          if (!parentTare.packSsccs.includes(node.sscc)) parentTare.packSsccs.push(node.sscc);
        }
      }
      pack.items.push(compactObject(placed));
      pendingItem = undefined;
    };
    for (let index = 0; index < segments.length; index++) {
      const current = segments[index] as Segment;
      switch (current.id) {
        case 'BGM':
          bgm = current;
          asn.asnNumber = context.required(current, 2, 1);
          asn.purpose = PURPOSES[elementValue(current, 3)] ?? 'original';
          break;
        case 'DTM': {
          const { qualifier, date } = readDtm(current, context);
          if (item && qualifier === '36') item.expiryDate = date;
          else if (item && qualifier === '171') (item as ShipNoticeItem & { orderDate?: string }).orderDate = date;
          else if (!item && !cps && qualifier === '171') header.orderDate = date;
          else if (qualifier === '137') {
            const stamp = elementValue(current, 1, 2);
            asn.issueDate = `${date}T${stamp.length >= 12 ? `${stamp.slice(8, 10)}:${stamp.slice(10, 12)}` : '00:00'}:00Z`;
          } else if (qualifier === '11') asn.shipDate = date;
          else if (qualifier === '17') asn.estimatedDeliveryDate = date;
          else context.skip(current);
          break;
        }
        case 'RFF': {
          const qualifier = elementValue(current, 1, 1);
          const value = context.required(current, 1, 2);
          if (item && qualifier === 'ON') (item as ShipNoticeItem & { poNumber?: string }).poNumber = value;
          else if (!item && qualifier === 'ON') header.poNumber = value;
          else if (qualifier === 'BM') asn.bolNumber = value;
          else if (qualifier === 'CN') asn.proNumber = value;
          else if (qualifier === 'AAM') tracking.push(value);
          else context.skip(current);
          break;
        }
        case 'NAD': {
          const nad = readNad(segments, index);
          index = nad.next - 1;
          if (nad.qualifier === 'SF') asn.shipFrom = recordToLocation(nad.record, EDIFACT_PARTY_CODES);
          else if (nad.qualifier === 'ST' || nad.qualifier === 'DP') asn.shipTo = recordToLocation(nad.record, EDIFACT_PARTY_CODES);
          else if (nad.qualifier === 'SU' || nad.qualifier === 'SE') asn.supplier = recordToParty(nad.record, EDIFACT_PARTY_CODES);
          else context.skip(current);
          break;
        }
        case 'TDT': {
          // C040: a SCAC (agency 182) or another carrier code; TDT may also give only the mode.
          const id = elementValue(current, 5, 1);
          const agency = elementValue(current, 5, 3);
          if (id && (agency === '182' || (!agency && /^[A-Z]{2,4}$/.test(id)))) carrier.scac = id;
          else if (id) Object.assign(carrier, { code: id, codeQualifier: agency || elementValue(current, 5, 2) || undefined });
          const modeName = elementValue(current, 3, 2);
          if (MODE_NAMES.has(modeName)) carrier.mode = modeName as Carrier['mode'];
          if (elementValue(current, 5, 4)) carrier.name = elementValue(current, 5, 4);
          break;
        }
        case 'CPS': {
          placeItem();
          item = undefined;
          const parentId = elementValue(current, 2);
          const parent = parentId ? nodes.get(parentId) : undefined;
          if (parentId && !parent) throw context.error('INVALID_VALUE', `CPS parent "${parentId}" does not precede this CPS`, current, 2);
          shipmentLevel = !parentId;
          cps = { parent, packsByOrder: new Map() };
          // A package inside another package (not the shipment) makes the outer one a tare (pallet).
          if (parent?.parent) parent.tare ??= { poNumber: '', sscc: '', packSsccs: [] };
          nodes.set(context.required(current, 1), cps);
          break;
        }
        case 'PAC':
          if (shipmentLevel) asn.packCount = context.optionalNumber(current, 1);
          else if (cps && elementValue(current, 3, 1)) cps.packagingCode = elementValue(current, 3, 1);
          break;
        case 'MEA': {
          const weight = context.requiredNumber(current, 3, 2);
          const uom = elementValue(current, 3, 1) || undefined;
          if (shipmentLevel || !cps) {
            asn.grossWeight = weight;
            asn.weightUom = uom;
          } else {
            cps.grossWeight = weight;
            cps.weightUom = uom;
          }
          break;
        }
        case 'GIN': {
          const qualifier = elementValue(current, 1);
          const value = context.required(current, 2, 1);
          if (item && qualifier === 'BX') item.lot = value;
          else if (item && qualifier === 'BN') (item.serialNumbers ??= []).push(value);
          else if (cps && qualifier === 'BJ') cps.sscc = value.length === 20 && value.startsWith('00') ? value.slice(2) : value;
          break;
        }
        case 'LIN':
          placeItem();
          if (!cps) throw context.error('UNEXPECTED_SEGMENT', 'LIN outside a CPS package', current, 0);
          item = { line: 0, qty: 0, uom: '' };
          [item.line, item.lineId] = readLineId(current, 1, 1);
          readItemIds(current, item);
          pendingItem = { item, node: cps, lin: current };
          break;
        case 'PIA':
          if (item) readItemIds(current, item);
          break;
        case 'IMD':
          if (item && elementValue(current, 3, 4)) item.description = elementValue(current, 3, 4);
          break;
        case 'QTY':
          if (item && elementValue(current, 1, 1) === '12') {
            item.qty = context.requiredNumber(current, 1, 2);
            item.uom = elementValue(current, 1, 3) || 'EA';
          }
          break;
        case 'CNT':
        case 'PCI':
          break;
        default:
          context.skip(current);
          break;
      }
    }
    placeItem();
    for (const node of nodes.values()) {
      if (node.tare && node.sscc) {
        node.tare.sscc = node.sscc;
        node.tare.packagingCode = node.packagingCode;
        if (node.tare.packSsccs.length) tares.push(compactObject(node.tare));
      }
    }
    if (!bgm) throw context.missingSegment('BGM', 'DESADV has no BGM segment', segments[0]);
    if (!asn.shipDate) throw context.requirement('DESADV needs DTM+11 (despatch date) for the canonical shipDate', bgm);
    const document = compactObject<AdvanceShipNotice>({
      asnNumber: asn.asnNumber as string, purpose: asn.purpose, issueDate: asn.issueDate, shipDate: asn.shipDate, estimatedDeliveryDate: asn.estimatedDeliveryDate,
      supplier: asn.supplier, shipFrom: asn.shipFrom, shipTo: asn.shipTo, carrier: compactObject(carrier as Carrier), trackingNumbers: tracking.length ? tracking : undefined,
      proNumber: asn.proNumber, bolNumber: asn.bolNumber, packCount: asn.packCount, grossWeight: asn.grossWeight, weightUom: asn.weightUom, orders: [...orders.values()],
    });
    if (tares.length) document.extensions = { tares };
    return document;
  },

  fromCanonical(asn: AdvanceShipNotice): SegmentData[] {
    const issued = asn.issueDate ?? `${requireField(asn.shipDate, 'shipDate')}T00:00:00Z`;
    const carrier = requireField(asn.carrier, 'carrier');
    const segments: SegmentData[] = [
      segment('BGM', '351', requireField(asn.asnNumber, 'asnNumber'), FUNCTION_CODES[asn.purpose ?? 'original']),
      segment('DTM', ['137', issued.slice(0, 10).replaceAll('-', '') + issued.slice(11, 16).replace(':', ''), '203']),
      ...dtm('11', requireField(asn.shipDate, 'shipDate'), 'shipDate'),
      ...dtm('17', asn.estimatedDeliveryDate, 'estimatedDeliveryDate'),
    ];
    if (asn.bolNumber) segments.push(segment('RFF', ['BM', asn.bolNumber]));
    if (asn.proNumber) segments.push(segment('RFF', ['CN', asn.proNumber]));
    for (const number of asn.trackingNumbers ?? []) segments.push(segment('RFF', ['AAM', number]));
    if (asn.supplier) segments.push(...writeNad('SU', partyToRecord(asn.supplier, EDIFACT_PARTY_CODES)));
    if (asn.shipFrom) segments.push(...writeNad('SF', locationToRecord(asn.shipFrom, EDIFACT_PARTY_CODES)));
    if (asn.shipTo) segments.push(...writeNad('ST', locationToRecord(asn.shipTo, EDIFACT_PARTY_CODES)));
    const carrierId = carrier.scac ? [carrier.scac, '172', '182'] : carrier.code ? [carrier.code, '172', carrier.codeQualifier ?? ''] : ['', '', ''];
    if (carrierId[0] || carrier.mode || carrier.name) segments.push(segment('TDT', '20', '', carrier.mode ? [TRANSPORT_MODES[carrier.mode], carrier.mode] : '', '', [...carrierId, carrier.name ?? '']));
    let cpsCount = 1;
    segments.push(segment('CPS', '1'));
    if (asn.packCount !== undefined) segments.push(segment('PAC', asn.packCount));
    if (asn.grossWeight !== undefined) segments.push(segment('MEA', 'PD', 'AAD', [asn.weightUom ?? 'KGM', formatDecimal(asn.grossWeight)]));
    const tares = Array.isArray(asn.extensions?.tares) ? (asn.extensions.tares as TareRecord[]) : [];
    requireField(asn.orders, 'orders').forEach((order, orderIndex) => {
      const tareCps = new Map<TareRecord, number>();
      order.packs.forEach((pack, packIndex) => {
        const path = `orders[${orderIndex}].packs[${packIndex}]`;
        const tare = tares.find((candidate) => candidate.poNumber === order.poNumber && candidate.packSsccs.includes(pack.sscc));
        let parent = 1;
        if (tare) {
          if (!tareCps.has(tare)) {
            tareCps.set(tare, ++cpsCount);
            segments.push(segment('CPS', cpsCount, 1), segment('PAC', 1, '', tare.packagingCode ?? ''), segment('PCI', '33E'), segment('GIN', 'BJ', tare.sscc));
          }
          parent = tareCps.get(tare) as number;
        }
        segments.push(segment('CPS', ++cpsCount, parent), segment('PAC', 1, '', pack.packagingCode ?? ''));
        if (pack.grossWeight !== undefined) segments.push(segment('MEA', 'PD', 'AAB', [pack.weightUom ?? 'KGM', formatDecimal(pack.grossWeight)]));
        segments.push(segment('PCI', '33E'), segment('GIN', 'BJ', requireField(pack.sscc, `${path}.sscc`)));
        requireField(pack.items, `${path}.items`).forEach((item, itemIndex) => {
          segments.push(...writeLin(writeLineId(item), item));
          if (item.description) segments.push(segment('IMD', 'F', '', ['', '', '', item.description]));
          segments.push(segment('QTY', ['12', formatDecimal(requireField(item.qty, `${path}.items[${itemIndex}].qty`)), requireField(item.uom, `${path}.items[${itemIndex}].uom`)]));
          segments.push(segment('RFF', ['ON', order.poNumber]), ...dtm('171', order.orderDate, 'orderDate'));
          if (item.lot) segments.push(segment('GIN', 'BX', item.lot));
          for (const serial of item.serialNumbers ?? []) segments.push(segment('GIN', 'BN', serial));
          segments.push(...dtm('36', item.expiryDate, 'expiryDate'));
        });
      });
    });
    segments.push(segment('CNT', ['2', String(asn.orders.reduce((total, order) => total + order.packs.reduce((sum, pack) => sum + pack.items.length, 0), 0))]));
    return segments;
  },
};
