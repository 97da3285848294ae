// Hash-based navigation so moving between views never reloads the page; a view with unsaved work can hold it (navigation-guard).
import { useCallback, useEffect, useState } from 'react';
import { ledgerRouteHref, parseLedgerRoute, type LedgerRoute } from './ledger-routes';
import { mayLeaveTo } from './navigation-guard';

export type Route =
  | { view: 'flows' }
  | { view: 'flow'; flowId: string; trace?: string }
  | { view: 'new-flow' }
  | { view: 'deadletters' }
  | { view: 'traces'; correlationId?: string }
  | { view: 'onboard'; templateId?: string }
  | { view: 'users' }
  | { view: 'partners' }
  | { view: 'xref' }
  | { view: 'audit' }
  | { view: 'account' }
  | LedgerRoute
  | { view: 'operations' };

export function parseRoute(hash: string): Route {
  const ledger = parseLedgerRoute(hash);
  if (ledger) return ledger;
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'flows' && parts[1] === 'new') return { view: 'new-flow' };
  if (parts[0] === 'flows' && parts[1]) return { view: 'flow', flowId: parts[1], trace: parts[2] === 'trace' ? parts[3] : undefined };
  if (parts[0] === 'deadletters') return { view: 'deadletters' };
  if (parts[0] === 'traces') return { view: 'traces', correlationId: parts[1] };
  if (parts[0] === 'onboard') return { view: 'onboard', templateId: parts[1] };
  if (parts[0] === 'users' || parts[0] === 'audit' || parts[0] === 'account' || parts[0] === 'partners' || parts[0] === 'xref') return { view: parts[0] };
  if (parts[0] === 'operations') return { view: 'operations' };
  return { view: 'flows' };
}

export function routeHref(route: Route): string {
  switch (route.view) {
    case 'flow': return `#/flows/${encodeURIComponent(route.flowId)}${route.trace ? `/trace/${encodeURIComponent(route.trace)}` : ''}`;
    case 'new-flow': return '#/flows/new';
    case 'deadletters': return '#/deadletters';
    case 'traces': return route.correlationId ? `#/traces/${encodeURIComponent(route.correlationId)}` : '#/traces';
    case 'onboard': return route.templateId ? `#/onboard/${encodeURIComponent(route.templateId)}` : '#/onboard';
    case 'users': case 'audit': case 'account': case 'partners': case 'xref': return `#/${route.view}`;
    case 'documents': case 'document': case 'transaction': case 'alerts': case 'exceptions': return ledgerRouteHref(route);
    case 'operations': return '#/operations';
    default: return '#/flows';
  }
}

/** Normalised href of a hash ("" and "#/" both mean the flow list). */
function hrefOf(hash: string): string {
  return routeHref(parseRoute(hash));
}

export function useHashRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    let shown = hrefOf(window.location.hash);
    const onChange = () => {
      const next = hrefOf(window.location.hash);
      if (!mayLeaveTo(next, shown)) {
        // Back button or typed URL: put the address back (without another hashchange) until the user decides.
        window.history.replaceState(window.history.state, '', shown);
        return;
      }
      shown = next;
      setRoute(parseRoute(window.location.hash));
    };
    // Links: stop the click before the browser moves, so no history entry is added for a move the user may cancel.
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
      const href = link?.getAttribute('href');
      if (href && !link?.hasAttribute('download') && !mayLeaveTo(hrefOf(href), shown)) event.preventDefault();
    };
    window.addEventListener('hashchange', onChange);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('hashchange', onChange);
      document.removeEventListener('click', onClick, true);
    };
  }, []);
  const navigate = useCallback((next: Route) => {
    window.location.hash = routeHref(next);
  }, []);
  return [route, navigate];
}
