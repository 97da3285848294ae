// EDIFACT ORDERS (D.96A, D.01B) <-> canonical PurchaseOrder.
import type { PaymentTerms, PurchaseOrder, PurchaseOrderLine } from '../../../canonical/types.js';
import { elementValue, segment, type Segment, type SegmentData } from '../../segment.js';
import { EDIFACT_PARTY_CODES, locationToRecord, partyToRecord, recordToLocation, recordToParty } from '../../mapping/parties.js';
import { compactObject, formatDecimal, readLineId, requireField, writeLineId, type MappingContext } from '../../mapping/values.js';
import { dtm, ftxText, readDtm, readItemIds, readNad, readPat, readPrice, writeCux, writeFtx, writeLin, writeNad, writePat, writePrices } from './groups.js';
import { EDIFACT_NAD_MAPPED } from './nad-mapped.js';
import type { EdifactMessageMapping } from './types.js';

const FUNCTION_CODES: Record<NonNullable<PurchaseOrder['purpose']>, string> = { original: '9', change: '4', cancel: '1' };
const PURPOSES: Record<string, PurchaseOrder['purpose']> = { '9': 'original', '4': 'change', '5': 'change', '1': 'cancel', '3': 'cancel' };

export const ordersMessage: EdifactMessageMapping<PurchaseOrder> = {
  type: 'ORDERS',
  documentType: 'PurchaseOrder',
  mapped: {
    BGM: [1, 2, 3], DTM: [1], FTX: [1, 4], CUX: [1], PAT: [1, 2, 3], PCD: [1], LIN: [1, 3], PIA: [1, 2, 3, 4, 5, 6], IMD: [1, 3], QTY: [1], PRI: [1], SCC: [1], UNS: [1], CNT: [1],
    ...EDIFACT_NAD_MAPPED,
  },

  toCanonical(segments: Segment[], context: MappingContext): PurchaseOrder {
    const order: Partial<PurchaseOrder> = {};
    const lines: PurchaseOrderLine[] = [];
    const notes: string[] = [];
    let terms: PaymentTerms | undefined;
    let line: PurchaseOrderLine | undefined;
    /** After SCC, QTY and DTM of the line are its schedule (split deliveries). */
    let scheduling = false;
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
          const scheduled = scheduling ? line?.schedule?.[line.schedule.length - 1] : undefined;
          if (scheduled && (qualifier === '2' || qualifier === '10' || qualifier === '69') && !scheduled.date) scheduled.date = date;
          else if (qualifier === '137' && !line) order.orderDate = date;
          else if (qualifier === '2') {
            if (line) line.requestedDate = date;
            else order.requestedDeliveryDate = date;
          } else context.skip(current);
          break;
        }
        case 'FTX':
          if (elementValue(current, 1) === 'AAI') notes.push(ftxText(current));
          else context.skip(current);
          break;
        case 'NAD': {
          const nad = readNad(segments, index);
          index = nad.next - 1;
          if (nad.qualifier === 'BY') order.buyer = recordToParty(nad.record, EDIFACT_PARTY_CODES);
          else if (nad.qualifier === 'SU' || nad.qualifier === 'SE') order.supplier = recordToParty(nad.record, EDIFACT_PARTY_CODES);
          else if (nad.qualifier === 'ST' || nad.qualifier === 'DP') order.shipTo = recordToLocation(nad.record, EDIFACT_PARTY_CODES);
          else if (nad.qualifier === 'IV') order.billTo = recordToLocation(nad.record, EDIFACT_PARTY_CODES);
          else context.skip(current);
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
          line = { line: 0, qty: 0, uom: '' };
          [line.line, line.lineId] = readLineId(current, 1, lines.length + 1);
          scheduling = false;
          readItemIds(current, line);
          lines.push(line);
          break;
        case 'SCC':
          if (line) scheduling = true;
          else context.skip(current);
          break;
        case 'PIA':
          if (line) readItemIds(current, line);
          break;
        case 'IMD':
          if (line && elementValue(current, 3, 4)) line.description = elementValue(current, 3, 4);
          else context.skip(current);
          break;
        case 'QTY':
          if (line && scheduling) {
            (line.schedule ??= []).push(compactObject({ qty: context.requiredNumber(current, 1, 2), uom: elementValue(current, 1, 3) || line.uom || undefined }));
          } else if (line && elementValue(current, 1, 1) === '21') {
            line.qty = context.requiredNumber(current, 1, 2);
            line.uom = elementValue(current, 1, 3) || 'EA';
          } else context.skip(current);
          break;
        case 'PRI': {
          const prices: { net?: number; gross?: number } = {};
          if (!line || !readPrice(current, prices, context)) context.skip(current);
          else {
            if (prices.net !== undefined) line.unitPrice = prices.net;
            if (prices.gross !== undefined) line.grossUnitPrice = prices.gross;
          }
          break;
        }
        case 'UNS':
          break;
        case 'CNT':
          cnt = current;
          break;
        default:
          context.skip(current);
          break;
      }
    }
    if (!bgm) throw context.missingSegment('BGM', 'ORDERS has no BGM segment', segments[0]);
    // No NAD+ST/DP is fine (the delivery address is then the buyer's or the contract's), and lines may carry only a GTIN.
    if (!order.orderDate) throw context.missingSegment('DTM', 'ORDERS needs DTM+137 (document date)', bgm);
    if (cnt && elementValue(cnt, 1, 1) === '2' && Number(elementValue(cnt, 1, 2)) !== lines.length) throw context.error('COUNT_MISMATCH', `CNT declares ${elementValue(cnt, 1, 2)} lines but ${lines.length} LIN were found`, cnt, 1, 2);
    return compactObject<PurchaseOrder>({
      poNumber: order.poNumber as string, purpose: order.purpose, orderDate: order.orderDate, buyer: order.buyer ?? { ids: {} }, supplier: order.supplier ?? { ids: {} },
      currency: order.currency, shipTo: order.shipTo, billTo: order.billTo, requestedDeliveryDate: order.requestedDeliveryDate, terms,
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
      ...(order.shipTo ? writeNad('ST', locationToRecord(order.shipTo, EDIFACT_PARTY_CODES)) : []),
      ...(order.billTo ? writeNad('IV', locationToRecord(order.billTo, EDIFACT_PARTY_CODES)) : []),
      ...writeCux(order.currency, '9'),
      ...writePat(order.terms),
    ];
    requireField(order.lines, 'lines').forEach((line, index) => {
      const path = `lines[${index}]`;
      segments.push(...writeLin(writeLineId(line), line));
      if (line.description) segments.push(segment('IMD', 'F', '', ['', '', '', line.description]));
      segments.push(segment('QTY', ['21', formatDecimal(requireField(line.qty, `${path}.qty`)), requireField(line.uom, `${path}.uom`)]));
      segments.push(...dtm('2', line.requestedDate, `${path}.requestedDate`));
      segments.push(...writePrices(line.unitPrice, line.grossUnitPrice));
      for (const [at, entry] of (line.schedule ?? []).entries()) {
        segments.push(segment('SCC', '1'), segment('QTY', ['21', formatDecimal(entry.qty), entry.uom ?? '']), ...dtm('2', entry.date, `${path}.schedule[${at}].date`));
      }
    });
    segments.push(segment('UNS', 'S'), segment('CNT', ['2', String(order.lines.length)]));
    return segments;
  },
};
