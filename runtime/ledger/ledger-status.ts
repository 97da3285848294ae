// Which status may replace which: a document moves forward, so a late or repeated patch never undoes a later state.
import type { LedgerStatus } from '../../nodes/sdk/index.js';

/** For each status, the statuses a patch may no longer replace it with. */
const FINAL_OVER: Record<LedgerStatus, readonly LedgerStatus[]> = {
  received: [],
  accepted: ['received'],
  sent: ['received'],
  // A refused document never entered the flow: nothing happens to it afterwards.
  refused: ['received', 'accepted', 'sent', 'posted', 'failed', 'dead-lettered', 'acknowledged', 'overdue'],
  posted: ['received', 'accepted', 'sent', 'failed', 'overdue'],
  failed: ['received', 'accepted', 'sent'],
  // A replay moves a dead letter on (posted, failed again); only stale earlier states may not.
  'dead-lettered': ['received', 'accepted', 'sent'],
  acknowledged: ['received', 'accepted', 'sent', 'posted', 'failed', 'overdue'],
  // A late acknowledgement still clears an overdue document.
  overdue: ['received', 'accepted', 'sent'],
};

export function statusMayReplace(current: LedgerStatus, next: LedgerStatus): boolean {
  return current !== next && !FINAL_OVER[current].includes(next);
}

/** The statuses that next may replace: the SQL guard of a status patch. */
export function replaceableBy(next: LedgerStatus): LedgerStatus[] {
  return (Object.keys(FINAL_OVER) as LedgerStatus[]).filter((current) => statusMayReplace(current, next));
}
