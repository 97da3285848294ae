// Header entries of the operator screens: Documents, Alerts and Exceptions, the last two with a badge of what is still open.
import type { Route } from '../util/useHashRoute';
import { ledgerRouteHref } from '../util/ledger-routes';
import { useOpenCounts } from './useOpenCounts';
import '../ledger/ledger.css';

function Badge({ count, what }: { count: number | undefined; what: string }) {
  if (!count) return null;
  return <span className="nav-count" aria-label={`${count} ${what}`}>{count}</span>;
}

export function LedgerNavLinks({ route }: { route: Route }) {
  const counts = useOpenCounts();
  const current = (views: Route['view'][]) => (views.includes(route.view) ? 'page' : undefined);
  return (
    <>
      <a href={ledgerRouteHref({ view: 'documents', search: {} })} aria-current={current(['documents', 'document', 'transaction'])}>Documents</a>
      <a href={ledgerRouteHref({ view: 'alerts' })} aria-current={current(['alerts'])}>Alerts<Badge count={counts.alerts} what="open alerts" /></a>
      <a href={ledgerRouteHref({ view: 'exceptions' })} aria-current={current(['exceptions'])}>Exceptions<Badge count={counts.exceptions} what="open exceptions" /></a>
    </>
  );
}
