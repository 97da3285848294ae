// EDIFACT ORDERS (D.96A, D.01B) <-> canonical PurchaseOrder.
import type { PaymentTerms, PurchaseOrder, PurchaseOrderLine } from '../../../canonical/types.js';
import { elementValue, segment, type Segment, type SegmentData } from '../../segment.js';
import { EDIFACT_PARTY_CODES, locationToRecord, partyToRecord, recordToLocation, recordToParty } from '../../mapping/parties.js';
import { compactObject, formatDecimal, requireField, type MappingContext } from '../../mapping/values.js';
import { dtm, ftxText, readDtm, readItemIds, readNad, readPat, writeCux, writeFtx, writeLin, writeNad, writePat } from './groups.js';
import type { EdifactMessageMapping } from './types.js';

const FUNCTION_CODES: Record<NonNullable<PurchaseOrder['purpose']>, string> = { original: '9', change: '4', cancel: '1' };
const PURPOSES: Record<string, PurchaseOrder['purpose']> = { '9': 'original', '4': 'change', '5': 'change', '1': 'cancel', '3': 'cancel' };

export const ordersMessage: EdifactMessageMapping<PurchaseOrder> = {
  type: 'ORDERS',
  documentType: 'PurchaseOrder',

  toCanonical(segments: Segment[], context: MappingContext): PurchaseOrder {
    const order: Partial<PurchaseOrder> = {};
    const lines: PurchaseOrderLine[] = [];
    const notes: string[] = [];
    let terms: PaymentTerms | undefined;
    let line: PurchaseOrderLine | undefined;
    let bgm: Segment | undefined;
    let cnt: Segment | undefined;
    for (let index = 0; index < segments.length; index++) {
      const current = segments[index] as Segment;
      switch (current.id) {
        case 'BGM':
          bgm = current;
          order.poNumber = context.required(current, 2, 1);
          order.purpose = PURPOSES[elementValue(current, 3)] ?? 'original';
          break;
        case 'DTM': {
          const { qualifier, date } = readDtm(current, context);
          if (qualifier === '137') order.orderDate = date;
          else if (qualifier === '2') {
            if (line) line.requestedDate = date;
            else order.requestedDeliveryDate = date;
          }
          break;
        }
        case 'FTX':
          if (elementValue(current, 1) === 'AAI') notes.push(ftxText(current));
          break;
        case 'NAD': {
          const nad = readNad(segments, index);
          index = nad.next - 1;
          if (nad.qualifier === 'BY') order.buyer = recordToParty(nad.record, EDIFACT_PARTY_CODES);
          else if (nad.qualifier === 'SU' || nad.qualifier === 'SE') order.supplier = recordToParty(nad.record, EDIFACT_PARTY_CODES);
          else if (nad.qualifier === 'ST' || nad.qualifier === 'DP') order.shipTo = recordToLocation(nad.record, EDIFACT_PARTY_CODES);
          else if (nad.qualifier === 'IV') order.billTo = recordToLocation(nad.record, EDIFACT_PARTY_CODES);
          break;
        }
        case 'CUX':
          order.currency = context.required(current, 1, 2);
          break;
        case 'PAT':
          terms = readPat(current, terms ?? {}, context);
          break;
        case 'PCD':
          if (terms && elementValue(current, 1, 1) === '12') terms.discountPercent = context.requiredNumber(current, 1, 2);
          break;
        case 'LIN':
          line = { line: elementValue(current, 1) ? context.requiredNumber(current, 1) : lines.length + 1, sku: '', qty: 0, uom: '' };
          readItemIds(current, line);
          lines.push(line);
          break;
        case 'PIA':
          if (line) readItemIds(current, line);
          break;
        case 'IMD':
          if (line && elementValue(current, 3, 4)) line.description = elementValue(current, 3, 4);
          break;
        case 'QTY':
          if (line && elementValue(current, 1, 1) === '21') {
            line.qty = context.requiredNumber(current, 1, 2);
            line.uom = elementValue(current, 1, 3) || 'EA';
          }
          break;
        case 'PRI':
          if (line) line.unitPrice = context.requiredNumber(current, 1, 2);
          break;
        case 'CNT':
          cnt = current;
          break;
        default:
          context.skip(current);
          break;
      }
    }
    if (!bgm) throw context.error('MISSING_ELEMENT', 'ORDERS has no BGM segment', segments[0]);
    if (!order.shipTo) throw context.error('MISSING_ELEMENT', 'ORDERS needs NAD+ST (ship-to party)', bgm, 0);
    if (!order.orderDate) throw context.error('MISSING_ELEMENT', 'ORDERS needs DTM+137 (document date)', bgm, 0);
    for (const [index, read] of lines.entries()) if (!read.sku) throw context.error('MISSING_ELEMENT', `line ${read.line} has no PIA buyer's article number (BP) for the canonical sku`, bgm, 0, index + 1);
    if (cnt && elementValue(cnt, 1, 1) === '2' && Number(elementValue(cnt, 1, 2)) !== lines.length) throw context.error('COUNT_MISMATCH', `CNT declares ${elementValue(cnt, 1, 2)} lines but ${lines.length} LIN were found`, cnt, 1, 2);
    return compactObject<PurchaseOrder>({
      poNumber: order.poNumber as string, purpose: order.purpose, orderDate: order.orderDate, buyer: order.buyer ?? { ids: {} }, supplier: order.supplier ?? { ids: {} },
      currency: order.currency ?? 'EUR', shipTo: order.shipTo, billTo: order.billTo, requestedDeliveryDate: order.requestedDeliveryDate, terms,
      notes: notes.length ? notes.join('') : undefined, lines: lines.map((l) => compactObject(l)),
    });
  },

  fromCanonical(order: PurchaseOrder): SegmentData[] {
    const segments: SegmentData[] = [
      segment('BGM', '220', requireField(order.poNumber, 'poNumber'), FUNCTION_CODES[order.purpose ?? 'original']),
      ...dtm('137', requireField(order.orderDate, 'orderDate'), 'orderDate'),
      ...dtm('2', order.requestedDeliveryDate, 'requestedDeliveryDate'),
      ...writeFtx('AAI', order.notes),
      ...writeNad('BY', partyToRecord(requireField(order.buyer, 'buyer'), EDIFACT_PARTY_CODES)),
      ...writeNad('SU', partyToRecord(requireField(order.supplier, 'supplier'), EDIFACT_PARTY_CODES)),
      ...writeNad('ST', locationToRecord(requireField(order.shipTo, 'shipTo'), EDIFACT_PARTY_CODES)),
      ...(order.billTo ? writeNad('IV', locationToRecord(order.billTo, EDIFACT_PARTY_CODES)) : []),
      ...writeCux(requireField(order.currency, 'currency'), '9'),
      ...writePat(order.terms),
    ];
    requireField(order.lines, 'lines').forEach((line, index) => {
      const path = `lines[${index}]`;
      segments.push(...writeLin(line.line, { ...line, sku: requireField(line.sku, `${path}.sku`) }));
      if (line.description) segments.push(segment('IMD', 'F', '', ['', '', '', line.description]));
      segments.push(segment('QTY', ['21', formatDecimal(requireField(line.qty, `${path}.qty`)), requireField(line.uom, `${path}.uom`)]));
      segments.push(...dtm('2', line.requestedDate, `${path}.requestedDate`));
      if (line.unitPrice !== undefined) segments.push(segment('PRI', ['AAA', formatDecimal(line.unitPrice)]));
    });
    segments.push(segment('UNS', 'S'), segment('CNT', ['2', String(order.lines.length)]));
    return segments;
  },
};
