// EDIFACT ORDRSP (D.96A, D.01B) <-> canonical PurchaseOrderAcknowledgement; BGM 1225 and LIN 1229 map to statuses.
import type { PurchaseOrderAcknowledgement, PurchaseOrderAcknowledgementLine, ScheduleLine } from '../../../canonical/types.js';
import { elementValue, segment, type Segment, type SegmentData } from '../../segment.js';
import { EDIFACT_PARTY_CODES, partyToRecord, recordToParty } from '../../mapping/parties.js';
import { STATUS_CODE_EXTENSION, EDIFACT_LINE_ACTION_FOR_STATUS, EDIFACT_LINE_ACTION_STATUS, EDIFACT_RESPONSE_FOR_STATUS, EDIFACT_RESPONSE_STATUS } from '../../mapping/codes.js';
import { compactObject, formatDecimal, readLineId, requireField, writeLineId, type MappingContext } from '../../mapping/values.js';
import { summariseSchedule } from '../../mapping/schedule.js';
import { dtm, ftxText, readDtm, readItemIds, readNad, readPrice, writeCux, writeFtx, writeLin, writeNad, writePrices } from './groups.js';
import { EDIFACT_NAD_MAPPED } from './nad-mapped.js';

/** Line-level dates: 69 promised delivery, 67 current scheduled delivery, 2 requested delivery. */
const PROMISED_DATES = new Set(['69', '67']);
import type { EdifactMessageMapping } from './types.js';

export const ordrspMessage: EdifactMessageMapping<PurchaseOrderAcknowledgement> = {
  type: 'ORDRSP',
  documentType: 'PurchaseOrderAcknowledgement',
  mapped: { BGM: [1, 2, 3], DTM: [1], RFF: [1], FTX: [1, 4], CUX: [1], LIN: [1, 2, 3], PIA: [1, 2, 3, 4, 5, 6], IMD: [1, 3], QTY: [1], PRI: [1], UNS: [1], CNT: [1], ...EDIFACT_NAD_MAPPED },

  toCanonical(segments: Segment[], context: MappingContext): PurchaseOrderAcknowledgement {
    const ack: Partial<PurchaseOrderAcknowledgement> = {};
    const lines: PurchaseOrderAcknowledgementLine[] = [];
    const notes: string[] = [];
    let line: PurchaseOrderAcknowledgementLine | undefined;
    const schedules = new Map<PurchaseOrderAcknowledgementLine, ScheduleLine[]>();
    let bgm: Segment | undefined;
    for (let index = 0; index < segments.length; index++) {
      const current = segments[index] as Segment;
      switch (current.id) {
        case 'BGM': {
          bgm = current;
          if (elementValue(current, 2, 1)) ack.ackNumber = elementValue(current, 2, 1);
          const code = context.required(current, 3);
          const status = EDIFACT_RESPONSE_STATUS[code];
          if (!status) throw context.error('INVALID_VALUE', `BGM message function "${code}" is not a known response code`, current, 3);
          ack.status = status;
          break;
        }
        case 'DTM': {
          const { qualifier, date } = readDtm(current, context);
          // A DTM right after a QTY+113 dates that schedule line; other line-level dates belong to the line itself.
          const open = line ? schedules.get(line)?.at(-1) : undefined;
          if (qualifier === '137' && !line) ack.ackDate = date;
          else if (line && open && !open.date && (PROMISED_DATES.has(qualifier) || qualifier === '2')) open.date = date;
          else if (line && PROMISED_DATES.has(qualifier)) line.promisedDate = date;
          else if (line && qualifier === '2') line.requestedDate = date;
          else context.skip(current);
          break;
        }
        case 'RFF':
          if (elementValue(current, 1, 1) === 'ON' && !line) ack.poNumber = context.required(current, 1, 2);
          else context.skip(current);
          break;
        case 'FTX':
          if (line && elementValue(current, 1) === 'ACD') line.reason = ftxText(current);
          else if (elementValue(current, 1) === 'AAI') notes.push(ftxText(current));
          else context.skip(current);
          break;
        case 'NAD': {
          const nad = readNad(segments, index);
          index = nad.next - 1;
          if (nad.qualifier === 'BY') ack.buyer = recordToParty(nad.record, EDIFACT_PARTY_CODES);
          else if (nad.qualifier === 'SU' || nad.qualifier === 'SE') ack.supplier = recordToParty(nad.record, EDIFACT_PARTY_CODES);
          else context.skip(current);
          break;
        }
        case 'CUX':
          ack.currency = context.required(current, 1, 2);
          break;
        case 'LIN': {
          const action = elementValue(current, 2) || '5';
          const status = EDIFACT_LINE_ACTION_STATUS[action];
          if (!status) throw context.error('INVALID_VALUE', `LIN action code "${action}" is not known`, current, 2);
          line = { line: 0, status, extensions: { [STATUS_CODE_EXTENSION]: action } };
          [line.line, line.lineId] = readLineId(current, 1, lines.length + 1);
          readItemIds(current, line);
          lines.push(line);
          break;
        }
        case 'PIA':
          if (line) readItemIds(current, line);
          else context.skip(current);
          break;
        case 'IMD':
          if (line && elementValue(current, 3, 4)) line.description = elementValue(current, 3, 4);
          else context.skip(current);
          break;
        case 'QTY':
          if (line) {
            const qualifier = elementValue(current, 1, 1);
            const value = context.requiredNumber(current, 1, 2);
            if (elementValue(current, 1, 3) && !line.uom) line.uom = elementValue(current, 1, 3);
            // Every QTY+113 is a schedule line: a split delivery repeats QTY+113 / DTM+69.
            if (qualifier === '21') line.orderedQty = value;
            else if (qualifier === '113') schedules.set(line, [...(schedules.get(line) ?? []), compactObject<ScheduleLine>({ qty: value, uom: elementValue(current, 1, 3) || line.uom })]);
            else if (qualifier === '83') line.status = 'backordered';
            else context.skip(current);
          } else context.skip(current);
          break;
        case 'PRI': {
          const prices: { net?: number; gross?: number } = {};
          if (!line || !readPrice(current, prices, context)) context.skip(current);
          else {
            if (prices.net !== undefined) line.promisedUnitPrice = prices.net;
            if (prices.gross !== undefined) line.grossUnitPrice = prices.gross;
          }
          break;
        }
        case 'UNS':
        case 'CNT':
          // Section control and the line count carry nothing the document does not already hold.
          break;
        default:
          context.skip(current);
          break;
      }
    }
    if (!bgm) throw context.missingSegment('BGM', 'ORDRSP has no BGM segment', segments[0]);
    if (!ack.poNumber) throw context.requirement('ORDRSP needs RFF+ON with the order number for the canonical poNumber', bgm);
    if (!ack.ackDate) throw context.missingSegment('DTM', 'ORDRSP needs DTM+137 (document date)', bgm);
    for (const [scheduled, entries] of schedules) summariseSchedule(scheduled, entries);
    return compactObject<PurchaseOrderAcknowledgement>({
      poNumber: ack.poNumber, ackNumber: ack.ackNumber, ackDate: ack.ackDate, status: ack.status as PurchaseOrderAcknowledgement['status'],
      supplier: ack.supplier, buyer: ack.buyer, currency: ack.currency, notes: notes.length ? notes.join('') : undefined, lines: lines.map((l) => compactObject(l)),
    });
  },

  fromCanonical(ack: PurchaseOrderAcknowledgement): SegmentData[] {
    const segments: SegmentData[] = [
      segment('BGM', '231', ack.ackNumber, EDIFACT_RESPONSE_FOR_STATUS[requireField(ack.status, 'status')]),
      ...dtm('137', requireField(ack.ackDate, 'ackDate'), 'ackDate'),
      ...writeFtx('AAI', ack.notes),
      segment('RFF', ['ON', requireField(ack.poNumber, 'poNumber')]),
      ...(ack.buyer ? writeNad('BY', partyToRecord(ack.buyer, EDIFACT_PARTY_CODES)) : []),
      ...(ack.supplier ? writeNad('SU', partyToRecord(ack.supplier, EDIFACT_PARTY_CODES)) : []),
      ...writeCux(ack.currency, '9'),
    ];
    requireField(ack.lines, 'lines').forEach((line, index) => {
      const path = `lines[${index}]`;
      const status = requireField(line.status, `${path}.status`);
      const original = line.extensions?.[STATUS_CODE_EXTENSION];
      const action = typeof original === 'string' && EDIFACT_LINE_ACTION_STATUS[original] === status && status !== 'backordered' ? original : EDIFACT_LINE_ACTION_FOR_STATUS[status];
      segments.push(...writeLin(writeLineId(line), line, action));
      if (line.description) segments.push(segment('IMD', 'F', '', ['', '', '', line.description]));
      if (line.orderedQty !== undefined) segments.push(segment('QTY', ['21', formatDecimal(line.orderedQty), line.uom ?? '']));
      const schedule = line.schedule?.length ? line.schedule : line.promisedQty === undefined ? [] : [{ qty: line.promisedQty, uom: line.uom, date: line.promisedDate }];
      // A promised date no schedule line carries stands alone, before the quantities (so it is not read as theirs).
      if (line.promisedDate && !schedule.some((entry) => entry.date)) segments.push(...dtm('69', line.promisedDate, `${path}.promisedDate`));
      for (const [at, entry] of schedule.entries()) segments.push(segment('QTY', ['113', formatDecimal(entry.qty), entry.uom ?? line.uom ?? '']), ...dtm('69', entry.date, `${path}.schedule[${at}].date`));
      if (status === 'backordered') {
        const backordered = Math.max((line.orderedQty ?? 0) - (line.promisedQty ?? 0), 0);
        segments.push(segment('QTY', ['83', formatDecimal(backordered), line.uom ?? '']));
      }
      segments.push(...dtm('2', line.requestedDate, `${path}.requestedDate`));
      segments.push(...writePrices(line.promisedUnitPrice, line.grossUnitPrice));
      segments.push(...writeFtx('ACD', line.reason));
    });
    segments.push(segment('UNS', 'S'), segment('CNT', ['2', String(ack.lines.length)]));
    return segments;
  },
};
