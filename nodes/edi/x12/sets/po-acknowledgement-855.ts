// X12 855 PO acknowledgement <-> canonical PurchaseOrderAcknowledgement; BAK02 and ACK01 codes map to canonical statuses.
import type { PurchaseOrderAcknowledgement, PurchaseOrderAcknowledgementLine, ScheduleLine } from '../../../canonical/types.js';
import { elementValue, segment, type Segment, type SegmentData } from '../../segment.js';
import { partyToRecord, recordToParty, X12_PARTY_CODES } from '../../mapping/parties.js';
import { STATUS_CODE_EXTENSION, X12_ACK_CODE_FOR_STATUS, X12_ACK_LINE_STATUS, X12_BAK_CODE_FOR_STATUS, X12_BAK_STATUS } from '../../mapping/codes.js';
import { compactObject, formatDecimal, readLineId, requireField, toCcyymmdd, writeLineId, type MappingContext } from '../../mapping/values.js';
import { summariseSchedule } from '../../mapping/schedule.js';
import { positionsFrom, productIdPairs, readN1Loop, readProductIds, writeN1Loop, writeNotes } from './loops.js';
import { N1_LOOP_MAPPED } from './n1-mapped.js';
import type { X12SetMapping } from './types.js';


export const poAcknowledgement855: X12SetMapping<PurchaseOrderAcknowledgement> = {
  setId: '855',
  functionalId: 'PR',
  documentType: 'PurchaseOrderAcknowledgement',
  mapped: { BAK: [1, 2, 3, 4, 8, 9], CUR: [1, 2], MSG: [1], N9: [1, 2], PO1: positionsFrom(1), PID: [1, 5], ACK: [1, 2, 3, 4, 5], CTT: [1], ...N1_LOOP_MAPPED },

  toCanonical(segments: Segment[], context: MappingContext): PurchaseOrderAcknowledgement {
    const ack: Partial<PurchaseOrderAcknowledgement> = {};
    let bak: Segment | undefined;
    const notes: string[] = [];
    const lines: PurchaseOrderAcknowledgementLine[] = [];
    const acks = new Map<PurchaseOrderAcknowledgementLine, ScheduleLine[]>();
    let line: PurchaseOrderAcknowledgementLine | undefined;
    let ctt: Segment | undefined;
    for (let index = 0; index < segments.length; index++) {
      const current = segments[index] as Segment;
      switch (current.id) {
        case 'BAK': {
          bak = current;
          const type = context.required(current, 2);
          const status = X12_BAK_STATUS[type];
          if (!status) throw context.error('INVALID_VALUE', `BAK02 "${type}" is not a known acknowledgement type`, current, 2);
          ack.status = status;
          ack.poNumber = context.required(current, 3);
          ack.ackDate = context.optionalDate(current, 9) ?? context.date(context.required(current, 4), current, 4);
          if (elementValue(current, 8)) ack.ackNumber = elementValue(current, 8);
          break;
        }
        case 'CUR':
          ack.currency = context.required(current, 2);
          break;
        case 'N1': {
          const loop = readN1Loop(segments, index);
          index = loop.next - 1;
          if (loop.entityCode === 'BY') ack.buyer = recordToParty(loop.record, X12_PARTY_CODES);
          else if (loop.entityCode === 'SE' || loop.entityCode === 'SU') ack.supplier = recordToParty(loop.record, X12_PARTY_CODES);
          else context.skip(current);
          break;
        }
        case 'MSG':
          if (line) line.reason = (line.reason ?? '') + elementValue(current, 1);
          else notes.push(elementValue(current, 1));
          break;
        case 'PO1': {
          const ids = readProductIds(current, 6);
          const [lineNumber, lineId] = readLineId(current, 1, lines.length + 1);
          line = compactObject<PurchaseOrderAcknowledgementLine>({
            line: lineNumber, lineId,
            sku: ids.sku, supplierItem: ids.supplierItem, gtin: ids.gtin, itemIds: ids.itemIds, status: 'accepted',
            orderedQty: context.optionalNumber(current, 2), uom: elementValue(current, 3) || undefined, promisedUnitPrice: context.optionalNumber(current, 4),
          });
          lines.push(line);
          break;
        }
        case 'PID':
          if (line && elementValue(current, 5)) line.description = elementValue(current, 5);
          else context.skip(current);
          break;
        case 'ACK': {
          // Every ACK of a PO1 loop is a schedule line (a split schedule: 40 on one date, 10 on a later one); none is dropped.
          if (!line) throw context.error('UNEXPECTED_SEGMENT', 'ACK outside a PO1 loop', current, 0);
          const code = context.required(current, 1);
          const status = X12_ACK_LINE_STATUS[code];
          if (!status) throw context.error('INVALID_VALUE', `ACK01 "${code}" is not a known line item status code`, current, 1);
          const entry = compactObject<ScheduleLine>({ qty: context.optionalNumber(current, 2) as number, uom: elementValue(current, 3) || line.uom, date: context.optionalDate(current, 5), status, statusCode: code });
          acks.set(line, [...(acks.get(line) ?? []), entry]);
          break;
        }
        case 'CTT':
          ctt = current;
          break;
        default:
          context.skip(current);
          break;
      }
    }
    if (!bak) throw context.missingSegment('BAK', '855 has no BAK segment', segments[0]);
    for (const [acked, entries] of acks) summariseSchedule(acked, entries);
    if (ctt && Number(elementValue(ctt, 1)) !== lines.length) throw context.error('COUNT_MISMATCH', `CTT01 declares ${elementValue(ctt, 1)} line items but ${lines.length} PO1 were found`, ctt, 1);
    return compactObject<PurchaseOrderAcknowledgement>({
      poNumber: ack.poNumber as string, ackNumber: ack.ackNumber, ackDate: ack.ackDate as string, status: ack.status as PurchaseOrderAcknowledgement['status'],
      supplier: ack.supplier, buyer: ack.buyer, currency: ack.currency, notes: notes.length ? notes.join('') : undefined, lines,
    });
  },

  fromCanonical(ack: PurchaseOrderAcknowledgement): SegmentData[] {
    const ackDate = toCcyymmdd(requireField(ack.ackDate, 'ackDate'), 'ackDate');
    const bakCode = X12_BAK_CODE_FOR_STATUS[requireField(ack.status, 'status')];
    const segments: SegmentData[] = [segment('BAK', '00', bakCode, requireField(ack.poNumber, 'poNumber'), ackDate, '', '', '', ack.ackNumber, ackDate)];
    if (ack.currency) segments.push(segment('CUR', 'SE', ack.currency));
    segments.push(...writeNotes(ack.notes));
    if (ack.buyer) segments.push(...writeN1Loop('BY', partyToRecord(ack.buyer, X12_PARTY_CODES)));
    if (ack.supplier) segments.push(...writeN1Loop('SE', partyToRecord(ack.supplier, X12_PARTY_CODES)));
    requireField(ack.lines, 'lines').forEach((line, index) => {
      const path = `lines[${index}]`;
      segments.push(segment('PO1', writeLineId(line), formatDecimal(line.orderedQty), line.uom, formatDecimal(line.promisedUnitPrice), line.promisedUnitPrice === undefined ? '' : 'PE', ...productIdPairs(line)));
      if (line.description) segments.push(segment('PID', 'F', '', '', '', line.description));
      if (line.reason) segments.push(segment('MSG', line.reason.slice(0, 264)));
      const status = requireField(line.status, `${path}.status`);
      if (line.schedule?.length) {
        for (const [at, entry] of line.schedule.entries()) segments.push(ackSegment(entry.status ?? status, entry.statusCode, entry.qty, entry.uom ?? line.uom, entry.date, `${path}.schedule[${at}]`));
      } else {
        const original = line.extensions?.[STATUS_CODE_EXTENSION];
        segments.push(ackSegment(status, typeof original === 'string' ? original : undefined, line.promisedQty, line.uom, line.promisedDate, path));
      }
    });
    segments.push(segment('CTT', ack.lines.length));
    return segments;
  },
};

/** One ACK: the partner's original code when it still means the status, else our default code for it. */
function ackSegment(status: PurchaseOrderAcknowledgementLine['status'], original: string | undefined, qty: number | undefined, uom: string | undefined, date: string | undefined, path: string): SegmentData {
  const code = original !== undefined && X12_ACK_LINE_STATUS[original] === status ? original : X12_ACK_CODE_FOR_STATUS[status];
  return segment('ACK', code, formatDecimal(qty), qty === undefined ? '' : uom, date ? '068' : '', toCcyymmdd(date, `${path}.promisedDate`));
}
