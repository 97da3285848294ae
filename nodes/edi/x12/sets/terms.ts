// X12 ITD terms of sale <-> canonical payment terms (and the 810 net due date carried in ITD06).
import type { PaymentTerms } from '../../../canonical/types.js';
import { elementValue, segment, type Segment, type SegmentData } from '../../segment.js';
import { compactObject, formatDecimal, toCcyymmdd, type MappingContext } from '../../mapping/values.js';

export function writeItd(terms: PaymentTerms | undefined, dueDate?: string): SegmentData[] {
  if (!terms && !dueDate) return [];
  const discounted = terms?.discountPercent !== undefined;
  return [segment('ITD', discounted ? '08' : '01', '3', formatDecimal(terms?.discountPercent), '', terms?.discountDays, toCcyymmdd(dueDate, 'dueDate'), terms?.netDays, '', '', '', '', terms?.description ?? terms?.code)];
}

export function readItd(itd: Segment, context: MappingContext): { terms: PaymentTerms; dueDate?: string } {
  const terms = compactObject<PaymentTerms>({
    discountPercent: context.optionalNumber(itd, 3),
    discountDays: context.optionalNumber(itd, 5),
    netDays: context.optionalNumber(itd, 7),
    description: elementValue(itd, 12) || undefined,
  });
  const dueDate = context.optionalDate(itd, 6);
  return dueDate === undefined ? { terms } : { terms, dueDate };
}
