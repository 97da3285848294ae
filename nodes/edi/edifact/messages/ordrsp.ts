// EDIFACT ORDRSP (D.96A, D.01B) <-> canonical PurchaseOrderAcknowledgement; BGM 1225 and LIN 1229 map to statuses.
import type { PurchaseOrderAcknowledgement, PurchaseOrderAcknowledgementLine } from '../../../canonical/types.js';
import { elementValue, segment, type Segment, type SegmentData } from '../../segment.js';
import { EDIFACT_PARTY_CODES, partyToRecord, recordToParty } from '../../mapping/parties.js';
import { STATUS_CODE_EXTENSION, EDIFACT_LINE_ACTION_FOR_STATUS, EDIFACT_LINE_ACTION_STATUS, EDIFACT_RESPONSE_FOR_STATUS, EDIFACT_RESPONSE_STATUS } from '../../mapping/codes.js';
import { compactObject, formatDecimal, requireField, type MappingContext } from '../../mapping/values.js';
import { dtm, ftxText, readDtm, readItemIds, readNad, writeCux, writeFtx, writeLin, writeNad } from './groups.js';
import type { EdifactMessageMapping } from './types.js';

export const ordrspMessage: EdifactMessageMapping<PurchaseOrderAcknowledgement> = {
  type: 'ORDRSP',
  documentType: 'PurchaseOrderAcknowledgement',

  toCanonical(segments: Segment[], context: MappingContext): PurchaseOrderAcknowledgement {
    const ack: Partial<PurchaseOrderAcknowledgement> = {};
    const lines: PurchaseOrderAcknowledgementLine[] = [];
    const notes: string[] = [];
    let line: PurchaseOrderAcknowledgementLine | undefined;
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
          if (qualifier === '137' && !line) ack.ackDate = date;
          else if (qualifier === '69' && line) line.promisedDate = date;
          break;
        }
        case 'RFF':
          if (elementValue(current, 1, 1) === 'ON' && !line) ack.poNumber = context.required(current, 1, 2);
          break;
        case 'FTX':
          if (line && elementValue(current, 1) === 'ACD') line.reason = ftxText(current);
          else if (elementValue(current, 1) === 'AAI') notes.push(ftxText(current));
          break;
        case 'NAD': {
          const nad = readNad(segments, index);
          index = nad.next - 1;
          if (nad.qualifier === 'BY') ack.buyer = recordToParty(nad.record, EDIFACT_PARTY_CODES);
          else if (nad.qualifier === 'SU' || nad.qualifier === 'SE') ack.supplier = recordToParty(nad.record, EDIFACT_PARTY_CODES);
          break;
        }
        case 'CUX':
          ack.currency = context.required(current, 1, 2);
          break;
        case 'LIN': {
          const action = elementValue(current, 2) || '5';
          const status = EDIFACT_LINE_ACTION_STATUS[action];
          if (!status) throw context.error('INVALID_VALUE', `LIN action code "${action}" is not known`, current, 2);
          line = { line: elementValue(current, 1) ? context.requiredNumber(current, 1) : lines.length + 1, status, extensions: { [STATUS_CODE_EXTENSION]: action } };
          readItemIds(current, line, false);
          lines.push(line);
          break;
        }
        case 'PIA':
          if (line) readItemIds(current, line, false);
          break;
        case 'IMD':
          if (line && elementValue(current, 3, 4)) line.description = elementValue(current, 3, 4);
          break;
        case 'QTY':
          if (line) {
            const qualifier = elementValue(current, 1, 1);
            const value = context.requiredNumber(current, 1, 2);
            if (qualifier === '21') line.orderedQty = value;
            else if (qualifier === '113') line.promisedQty = value;
            else if (qualifier === '83') line.status = 'backordered';
            if (elementValue(current, 1, 3) && !line.uom) line.uom = elementValue(current, 1, 3);
          }
          break;
        case 'PRI':
          if (line) line.promisedUnitPrice = context.requiredNumber(current, 1, 2);
          break;
        default:
          context.skip(current);
          break;
      }
    }
    if (!bgm) throw context.error('MISSING_ELEMENT', 'ORDRSP has no BGM segment', segments[0]);
    if (!ack.poNumber) throw context.error('MISSING_ELEMENT', 'ORDRSP needs RFF+ON with the order number', bgm, 0);
    if (!ack.ackDate) throw context.error('MISSING_ELEMENT', 'ORDRSP needs DTM+137 (document date)', bgm, 0);
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
      segments.push(...writeLin(line.line, line, action));
      if (line.description) segments.push(segment('IMD', 'F', '', ['', '', '', line.description]));
      if (line.orderedQty !== undefined) segments.push(segment('QTY', ['21', formatDecimal(line.orderedQty), line.uom ?? '']));
      if (line.promisedQty !== undefined) segments.push(segment('QTY', ['113', formatDecimal(line.promisedQty), line.uom ?? '']));
      if (status === 'backordered') {
        const backordered = Math.max((line.orderedQty ?? 0) - (line.promisedQty ?? 0), 0);
        segments.push(segment('QTY', ['83', formatDecimal(backordered), line.uom ?? '']));
      }
      segments.push(...dtm('69', line.promisedDate, `${path}.promisedDate`));
      if (line.promisedUnitPrice !== undefined) segments.push(segment('PRI', ['AAA', formatDecimal(line.promisedUnitPrice)]));
      segments.push(...writeFtx('ACD', line.reason));
    });
    segments.push(segment('UNS', 'S'), segment('CNT', ['2', String(ack.lines.length)]));
    return segments;
  },
};
