// X12 997 functional acknowledgement <-> FunctionalAcknowledgement (AK1/AK2/AK3/AK4/AK5/AK9; AK103 and AK203 in 005010).
import { elementValue, segment, type Segment, type SegmentData } from '../../segment.js';
import type { AcknowledgedTransaction, AcknowledgementStatus, FunctionalAcknowledgement } from '../../mapping/acknowledgement.js';
import { requireField, type MappingContext } from '../../mapping/values.js';
import type { X12SetMapping } from './types.js';

const STATUS_CODES: Record<AcknowledgementStatus, string> = { accepted: 'A', 'accepted-with-errors': 'E', 'partially-accepted': 'P', rejected: 'R' };
const STATUSES: Record<string, AcknowledgementStatus> = { A: 'accepted', E: 'accepted-with-errors', P: 'partially-accepted', R: 'rejected', M: 'rejected', W: 'rejected', X: 'rejected' };

function codesFrom(source: Segment, first: number, last: number): string[] {
  const codes: string[] = [];
  for (let position = first; position <= last; position++) if (elementValue(source, position)) codes.push(elementValue(source, position));
  return codes;
}

export const functionalAck997: X12SetMapping<FunctionalAcknowledgement> = {
  setId: '997',
  functionalId: 'FA',
  documentType: 'FunctionalAcknowledgement',

  toCanonical(segments: Segment[], context: MappingContext): FunctionalAcknowledgement {
    const ack: FunctionalAcknowledgement = { standard: 'x12', status: 'accepted', errorCodes: [], transactions: [] };
    let transaction: AcknowledgedTransaction | undefined;
    let lastSegment: { segmentId: string; segmentPosition: number } | undefined;
    let ak1: Segment | undefined;
    let ak9: Segment | undefined;
    for (const current of segments) {
      switch (current.id) {
        case 'AK1':
          ak1 = current;
          ack.functionalId = context.required(current, 1);
          ack.groupControlNumber = context.required(current, 2);
          if (elementValue(current, 3)) ack.version = elementValue(current, 3);
          break;
        case 'AK2':
          transaction = { type: context.required(current, 1), controlNumber: context.required(current, 2), status: 'accepted', errorCodes: [], errors: [] };
          ack.transactions.push(transaction);
          lastSegment = undefined;
          break;
        case 'AK3':
          if (!transaction) throw context.error('UNEXPECTED_SEGMENT', 'AK3 outside an AK2 loop', current, 0);
          lastSegment = { segmentId: context.required(current, 1), segmentPosition: context.requiredNumber(current, 2) };
          // AK304 "8" only announces the AK4 element errors that follow.
          if (elementValue(current, 4) && elementValue(current, 4) !== '8') transaction.errors.push({ code: elementValue(current, 4), ...lastSegment });
          break;
        case 'AK4':
          if (!transaction) throw context.error('UNEXPECTED_SEGMENT', 'AK4 outside an AK2 loop', current, 0);
          transaction.errors.push({ code: context.required(current, 3), ...lastSegment, elementPosition: context.requiredNumber(current, 1, 1) });
          break;
        case 'AK5': {
          if (!transaction) throw context.error('UNEXPECTED_SEGMENT', 'AK5 outside an AK2 loop', current, 0);
          const status = STATUSES[context.required(current, 1)];
          if (!status || status === 'partially-accepted') throw context.error('INVALID_VALUE', `AK501 "${elementValue(current, 1)}" is not a transaction set acknowledgement code`, current, 1);
          transaction.status = status;
          transaction.errorCodes = codesFrom(current, 2, 6);
          transaction = undefined;
          break;
        }
        case 'AK9': {
          ak9 = current;
          const status = STATUSES[context.required(current, 1)];
          if (!status) throw context.error('INVALID_VALUE', `AK901 "${elementValue(current, 1)}" is not a functional group acknowledgement code`, current, 1);
          ack.status = status;
          ack.counts = { included: context.requiredNumber(current, 2), received: context.requiredNumber(current, 3), accepted: context.requiredNumber(current, 4) };
          ack.errorCodes = codesFrom(current, 5, 9);
          break;
        }
        default:
          break;
      }
    }
    if (!ak1) throw context.missingSegment('AK1', '997 has no AK1 segment', segments[0]);
    if (!ak9) throw context.missingSegment('AK9', '997 has no AK9 segment', segments[segments.length - 1]);
    return ack;
  },

  fromCanonical(ack: FunctionalAcknowledgement, context: MappingContext): SegmentData[] {
    const is5010 = context.version >= '005010';
    const segments: SegmentData[] = [segment('AK1', requireField(ack.functionalId, 'functionalId'), requireField(ack.groupControlNumber, 'groupControlNumber'), is5010 ? ack.version : '')];
    for (const transaction of ack.transactions) {
      segments.push(segment('AK2', transaction.type, transaction.controlNumber));
      for (const error of transaction.errors) {
        if (error.segmentId) segments.push(segment('AK3', error.segmentId, error.segmentPosition ?? '', '', error.elementPosition === undefined ? error.code : '8'));
        if (error.elementPosition !== undefined) segments.push(segment('AK4', error.elementPosition, '', error.code));
      }
      segments.push(segment('AK5', STATUS_CODES[transaction.status], ...transaction.errorCodes.slice(0, 5)));
    }
    const accepted = ack.transactions.filter((transaction) => transaction.status !== 'rejected').length;
    const counts = ack.counts ?? { included: ack.transactions.length, received: ack.transactions.length, accepted };
    segments.push(segment('AK9', STATUS_CODES[ack.status], counts.included, counts.received, counts.accepted, ...ack.errorCodes.slice(0, 5)));
    return segments;
  },
};
