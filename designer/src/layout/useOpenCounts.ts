// Open alerts and unresolved exceptions for the header badges, refreshed every 30 s and after a screen changes one; a failed poll keeps the last counts.
import { useEffect, useState } from 'react';
import { useLedgerApi } from '../ledger/useLedgerApi';

export const OPEN_COUNT_REFRESH_MS = 30_000;

/** Fired on window by a screen that changed an alert or exception, so the badges need not wait for the next poll. */
export const WORK_CHANGED_EVENT = 'tradelane:work-changed';

export function announceWorkChanged(): void {
  window.dispatchEvent(new Event(WORK_CHANGED_EVENT));
}

export interface OpenCounts {
  alerts?: number;
  exceptions?: number;
}

export function useOpenCounts(): OpenCounts {
  const ledger = useLedgerApi();
  const [counts, setCounts] = useState<OpenCounts>({});
  useEffect(() => {
    let cancelled = false;
    const poll = () => {
      void ledger.listAlerts({ status: 'open' }, 1).then((page) => { if (!cancelled) setCounts((current) => ({ ...current, alerts: page.counts.open })); }, () => undefined);
      void ledger.listExceptions({ status: 'unresolved' }, 1).then((page) => { if (!cancelled) setCounts((current) => ({ ...current, exceptions: page.counts.open + page.counts.assigned })); }, () => undefined);
    };
    poll();
    const timer = window.setInterval(poll, OPEN_COUNT_REFRESH_MS);
    window.addEventListener(WORK_CHANGED_EVENT, poll);
    return () => { cancelled = true; window.clearInterval(timer); window.removeEventListener(WORK_CHANGED_EVENT, poll); };
  }, [ledger]);
  return counts;
}
