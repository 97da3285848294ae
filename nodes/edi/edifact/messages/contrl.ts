// EDIFACT CONTRL syntax and service report <-> FunctionalAcknowledgement (UCI, UCM, UCS, UCD).
import { elementComponents, elementValue, segment, type Segment, type SegmentData } from '../../segment.js';
import type { AcknowledgedTransaction, FunctionalAcknowledgement } from '../../mapping/acknowledgement.js';
import { requireField, type MappingContext } from '../../mapping/values.js';
import type { EdifactMessageMapping } from './types.js';

/** 0083 action codes: 4 rejected, 7 acknowledged (lower levels too unless explicitly rejected), 8 received. */
const REJECTED = '4';
const ACKNOWLEDGED = '7';

export const contrlMessage: EdifactMessageMapping<FunctionalAcknowledgement> = {
  type: 'CONTRL',
  documentType: 'FunctionalAcknowledgement',

  toCanonical(segments: Segment[], context: MappingContext): FunctionalAcknowledgement {
    const ack: FunctionalAcknowledgement = { standard: 'edifact', status: 'accepted', errorCodes: [], transactions: [] };
    let uci: Segment | undefined;
    let transaction: AcknowledgedTransaction | undefined;
    let segmentPosition: { segmentId?: string; segmentPosition: number } | undefined;
    for (const current of segments) {
      switch (current.id) {
        case 'UCI': {
          uci = current;
          ack.interchangeReference = context.required(current, 1);
          ack.interchangeSender = elementComponents(current, 2).join(':');
          ack.interchangeRecipient = elementComponents(current, 3).join(':');
          const action = context.required(current, 4);
          if (action !== REJECTED && action !== ACKNOWLEDGED && action !== '8') throw context.error('INVALID_VALUE', `UCI action "${action}" is not 4, 7 or 8`, current, 4);
          ack.status = action === REJECTED ? 'rejected' : 'accepted';
          if (elementValue(current, 5)) ack.errorCodes.push(elementValue(current, 5));
          break;
        }
        case 'UCM': {
          const [type = '', ...version] = elementComponents(current, 2);
          const action = context.required(current, 3);
          transaction = { type, controlNumber: context.required(current, 1), status: action === REJECTED ? 'rejected' : 'accepted', errorCodes: elementValue(current, 4) ? [elementValue(current, 4)] : [], errors: [] };
          if (version.length) transaction.messageVersion = version.join(':');
          ack.transactions.push(transaction);
          segmentPosition = undefined;
          break;
        }
        case 'UCS':
          if (!transaction) throw context.error('UNEXPECTED_SEGMENT', 'UCS outside a UCM group', current, 0);
          segmentPosition = { segmentPosition: context.requiredNumber(current, 1) };
          if (elementValue(current, 2)) transaction.errors.push({ code: elementValue(current, 2), ...segmentPosition });
          break;
        case 'UCD':
          if (!transaction) throw context.error('UNEXPECTED_SEGMENT', 'UCD outside a UCM group', current, 0);
          transaction.errors.push({ code: context.required(current, 1), ...segmentPosition, elementPosition: context.requiredNumber(current, 2, 1) });
          break;
        default:
          break;
      }
    }
    if (!uci) throw context.missingSegment('UCI', 'CONTRL has no UCI segment', segments[0]);
    if (ack.status === 'accepted' && ack.transactions.some((t) => t.status === 'rejected')) ack.status = 'partially-accepted';
    return ack;
  },

  fromCanonical(ack: FunctionalAcknowledgement): SegmentData[] {
    const action = ack.status === 'rejected' ? REJECTED : ACKNOWLEDGED;
    const segments: SegmentData[] = [segment('UCI', requireField(ack.interchangeReference, 'interchangeReference'), (ack.interchangeSender ?? '').split(':'), (ack.interchangeRecipient ?? '').split(':'), action, ack.errorCodes[0])];
    for (const transaction of ack.transactions) {
      segments.push(segment('UCM', transaction.controlNumber, [transaction.type, ...(transaction.messageVersion ?? '').split(':')], transaction.status === 'rejected' ? REJECTED : ACKNOWLEDGED, transaction.errorCodes[0]));
      for (const error of transaction.errors) {
        if (error.elementPosition === undefined) segments.push(segment('UCS', error.segmentPosition ?? 0, error.code));
        else {
          segments.push(segment('UCS', error.segmentPosition ?? 0));
          segments.push(segment('UCD', error.code, String(error.elementPosition)));
        }
      }
    }
    return segments;
  },
};
