// X12 850 purchase order <-> canonical PurchaseOrder (004010 and 005010 use the same segments here).
import type { PurchaseOrder, PurchaseOrderLine } from '../../../canonical/types.js';
import { elementValue, segment, type Segment, type SegmentData } from '../../segment.js';
import { locationToRecord, partyToRecord, recordToLocation, recordToParty, X12_PARTY_CODES } from '../../mapping/parties.js';
import { compactObject, formatDecimal, readLineId, requireField, toCcyymmdd, writeLineId, type MappingContext } from '../../mapping/values.js';
import { positionsFrom, productIdPairs, readN1Loop, readProductIds, writeN1Loop, writeNotes } from './loops.js';
import { N1_LOOP_MAPPED } from './n1-mapped.js';
import { readItd, writeItd } from './terms.js';
import type { X12SetMapping } from './types.js';

const PURPOSE_CODES: Record<NonNullable<PurchaseOrder['purpose']>, string> = { original: '00', cancel: '01', change: '04' };
const PURPOSES: Record<string, PurchaseOrder['purpose']> = { '00': 'original', '01': 'cancel', '04': 'change', '05': 'change' };

export const purchaseOrder850: X12SetMapping<PurchaseOrder> = {
  setId: '850',
  functionalId: 'PO',
  documentType: 'PurchaseOrder',
  // BEG02 (order type) is always "SA" on write; anything else is reported unmapped.
  mapped: { BEG: [1, 3, 5], CUR: [1, 2], ITD: [3, 5, 6, 7, 12], DTM: [1, 2], MSG: [1], PO1: positionsFrom(1), PID: [1, 5], SCH: [1, 2, 5, 6], CTT: [1], N9: [1, 2], ...N1_LOOP_MAPPED },

  toCanonical(segments: Segment[], context: MappingContext): PurchaseOrder {
    let beg: Segment | undefined;
    const order: Partial<PurchaseOrder> = {};
    const notes: string[] = [];
    const lines: PurchaseOrderLine[] = [];
    let line: PurchaseOrderLine | undefined;
    let ctt: Segment | undefined;
    for (let index = 0; index < segments.length; index++) {
      const current = segments[index] as Segment;
      switch (current.id) {
        case 'BEG':
          beg = current;
          order.purpose = PURPOSES[elementValue(current, 1)] ?? 'original';
          order.poNumber = context.required(current, 3);
          order.orderDate = context.date(context.required(current, 5), current, 5);
          break;
        case 'CUR':
          order.currency = context.required(current, 2);
          break;
        case 'SCH':
          if (!line) context.skip(current);
          else (line.schedule ??= []).push(compactObject({ qty: context.requiredNumber(current, 1), uom: elementValue(current, 2) || undefined, date: context.optionalDate(current, 6) }));
          break;
        case 'ITD':
          order.terms = readItd(current, context).terms;
          break;
        case 'DTM':
          if (elementValue(current, 1) === '002') {
            const date = context.date(context.required(current, 2), current, 2);
            if (line) line.requestedDate = date;
            else order.requestedDeliveryDate = date;
          } else context.skip(current);
          break;
        case 'MSG':
          notes.push(elementValue(current, 1));
          break;
        case 'N1': {
          const loop = readN1Loop(segments, index);
          index = loop.next - 1;
          if (loop.entityCode === 'BY') order.buyer = recordToParty(loop.record, X12_PARTY_CODES);
          else if (loop.entityCode === 'SE' || loop.entityCode === 'SU') order.supplier = recordToParty(loop.record, X12_PARTY_CODES);
          else if (loop.entityCode === 'ST') order.shipTo = recordToLocation(loop.record, X12_PARTY_CODES);
          else if (loop.entityCode === 'BT') order.billTo = recordToLocation(loop.record, X12_PARTY_CODES);
          else context.skip(current);
          break;
        }
        case 'PO1': {
          // A line may be identified by GTIN or vendor part number only: the sku is then resolved by an xref node, if at all.
          const ids = readProductIds(current, 6);
          const [lineNumber, lineId] = readLineId(current, 1, lines.length + 1);
          line = compactObject<PurchaseOrderLine>({
            line: lineNumber, lineId,
            sku: ids.sku, supplierItem: ids.supplierItem, gtin: ids.gtin, itemIds: ids.itemIds,
            qty: context.requiredNumber(current, 2), uom: context.required(current, 3), unitPrice: context.optionalNumber(current, 4),
          });
          lines.push(line);
          break;
        }
        case 'PID':
          if (line && elementValue(current, 5)) line.description = elementValue(current, 5);
          else context.skip(current);
          break;
        case 'CTT':
          ctt = current;
          break;
        default:
          context.skip(current);
          break;
      }
    }
    if (!beg) throw context.missingSegment('BEG', '850 has no BEG segment', segments[0]);
    if (ctt && Number(elementValue(ctt, 1)) !== lines.length) throw context.error('COUNT_MISMATCH', `CTT01 declares ${elementValue(ctt, 1)} line items but ${lines.length} PO1 were found`, ctt, 1);
    return compactObject<PurchaseOrder>({
      poNumber: order.poNumber as string, purpose: order.purpose, orderDate: order.orderDate as string,
      partnerId: undefined, buyer: order.buyer ?? { ids: {} }, supplier: order.supplier ?? { ids: {} }, currency: order.currency,
      shipTo: order.shipTo, billTo: order.billTo, requestedDeliveryDate: order.requestedDeliveryDate, terms: order.terms,
      notes: notes.length ? notes.join('') : undefined, lines,
    });
  },

  fromCanonical(order: PurchaseOrder): SegmentData[] {
    const segments: SegmentData[] = [
      segment('BEG', PURPOSE_CODES[order.purpose ?? 'original'], 'SA', requireField(order.poNumber, 'poNumber'), '', toCcyymmdd(requireField(order.orderDate, 'orderDate'), 'orderDate')),
      ...(order.currency ? [segment('CUR', 'BY', order.currency)] : []),
      ...writeItd(order.terms),
    ];
    if (order.requestedDeliveryDate) segments.push(segment('DTM', '002', toCcyymmdd(order.requestedDeliveryDate, 'requestedDeliveryDate')));
    segments.push(...writeNotes(order.notes));
    segments.push(...writeN1Loop('BY', partyToRecord(requireField(order.buyer, 'buyer'), X12_PARTY_CODES)));
    segments.push(...writeN1Loop('SE', partyToRecord(requireField(order.supplier, 'supplier'), X12_PARTY_CODES)));
    if (order.shipTo) segments.push(...writeN1Loop('ST', locationToRecord(order.shipTo, X12_PARTY_CODES)));
    if (order.billTo) segments.push(...writeN1Loop('BT', locationToRecord(order.billTo, X12_PARTY_CODES)));
    requireField(order.lines, 'lines').forEach((line, index) => {
      const path = `lines[${index}]`;
      segments.push(segment('PO1', writeLineId(line), formatDecimal(requireField(line.qty, `${path}.qty`)), requireField(line.uom, `${path}.uom`), formatDecimal(line.unitPrice), line.unitPrice === undefined ? '' : 'PE', ...productIdPairs(line)));
      if (line.description) segments.push(segment('PID', 'F', '', '', '', line.description));
      if (line.requestedDate) segments.push(segment('DTM', '002', toCcyymmdd(line.requestedDate, `${path}.requestedDate`)));
      for (const [at, entry] of (line.schedule ?? []).entries()) {
        segments.push(segment('SCH', formatDecimal(entry.qty), entry.uom, '', '', entry.date ? '002' : '', toCcyymmdd(entry.date, `${path}.schedule[${at}].date`)));
      }
    });
    segments.push(segment('CTT', order.lines.length));
    return segments;
  },
};
