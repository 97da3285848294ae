// Open alerts and unresolved exceptions for the header badges, refreshed every 30 s (and on sign-in); a failed poll keeps the last counts.
import { useEffect, useState } from 'react';
import { useLedgerApi } from '../ledger/useLedgerApi';

export const OPEN_COUNT_REFRESH_MS = 30_000;

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
    return () => { cancelled = true; window.clearInterval(timer); };
  }, [ledger]);
  return counts;
}
