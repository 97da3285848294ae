// Schedule lines of an acknowledged line: every ACK (X12) or QTY+DTM pair (EDIFACT) kept, and the line's summary derived from them.
import type { AckLineStatus, PurchaseOrderAcknowledgementLine, ScheduleLine } from '../../canonical/types.js';
import { STATUS_CODE_EXTENSION } from './codes.js';

/**
 * Sets the line's schedule and its summary: promisedQty is the sum, promisedDate the first date, status the common one
 * (mixed statuses: backordered if any part is, else changed). The first EDI code travels in extensions as before.
 */
export function summariseSchedule(line: PurchaseOrderAcknowledgementLine, entries: ScheduleLine[]): void {
  const first = entries[0];
  if (!first) return;
  if (first.status) line.status = combinedStatus(entries.map((entry) => entry.status ?? line.status));
  if (first.statusCode) line.extensions = { ...line.extensions, [STATUS_CODE_EXTENSION]: first.statusCode };
  const quantified = entries.filter((entry) => entry.qty !== undefined);
  if (quantified.length) line.promisedQty = Math.round(quantified.reduce((total, entry) => total + entry.qty, 0) * 1e6) / 1e6;
  if (!line.uom) {
    const uom = entries.find((entry) => entry.uom)?.uom;
    if (uom) line.uom = uom;
  }
  const dated = entries.find((entry) => entry.date);
  if (dated?.date) line.promisedDate = dated.date;
  // An ACK that carries only a status is no delivery: it has no schedule line.
  if (quantified.length === entries.length) line.schedule = entries;
}

function combinedStatus(statuses: AckLineStatus[]): AckLineStatus {
  const [first] = statuses as [AckLineStatus];
  if (statuses.every((status) => status === first)) return first;
  return statuses.includes('backordered') ? 'backordered' : 'changed';
}
