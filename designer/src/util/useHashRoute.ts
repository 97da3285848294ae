// Hash-based navigation so moving between views never reloads the page.
import { useCallback, useEffect, useState } from 'react';
import { ledgerRouteHref, parseLedgerRoute, type LedgerRoute } from './ledger-routes';

export type Route =
  | { view: 'flows' }
  | { view: 'flow'; flowId: string; trace?: string }
  | { view: 'new-flow' }
  | { view: 'deadletters' }
  | { view: 'traces'; correlationId?: string }
  | { view: 'onboard'; templateId?: string }
  | { view: 'users' }
  | { view: 'audit' }
  | { view: 'account' }
  | LedgerRoute;

export function parseRoute(hash: string): Route {
  const ledger = parseLedgerRoute(hash);
  if (ledger) return ledger;
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'flows' && parts[1] === 'new') return { view: 'new-flow' };
  if (parts[0] === 'flows' && parts[1]) return { view: 'flow', flowId: parts[1], trace: parts[2] === 'trace' ? parts[3] : undefined };
  if (parts[0] === 'deadletters') return { view: 'deadletters' };
  if (parts[0] === 'traces') return { view: 'traces', correlationId: parts[1] };
  if (parts[0] === 'onboard') return { view: 'onboard', templateId: parts[1] };
  if (parts[0] === 'users' || parts[0] === 'audit' || parts[0] === 'account') return { view: parts[0] };
  return { view: 'flows' };
}

export function routeHref(route: Route): string {
  switch (route.view) {
    case 'flow': return `#/flows/${encodeURIComponent(route.flowId)}${route.trace ? `/trace/${encodeURIComponent(route.trace)}` : ''}`;
    case 'new-flow': return '#/flows/new';
    case 'deadletters': return '#/deadletters';
    case 'traces': return route.correlationId ? `#/traces/${encodeURIComponent(route.correlationId)}` : '#/traces';
    case 'onboard': return route.templateId ? `#/onboard/${encodeURIComponent(route.templateId)}` : '#/onboard';
    case 'users': case 'audit': case 'account': return `#/${route.view}`;
    case 'documents': case 'document': case 'transaction': case 'alerts': case 'exceptions': return ledgerRouteHref(route);
    default: return '#/flows';
  }
}

export function useHashRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((next: Route) => {
    window.location.hash = routeHref(next);
  }, []);
  return [route, navigate];
}
