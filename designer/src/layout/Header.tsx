// Top bar: product name, main navigation (operator screens with open counts, Users for admins, Audit log for admins and operators), signed-in user (link to My account) with role, and logout.
import { useSession } from '../auth/session';
import type { Route } from '../util/useHashRoute';
import { routeHref } from '../util/useHashRoute';
import { LedgerNavLinks } from './LedgerNavLinks';
import { DeadLetterNavLink } from '../deadletters/DeadLetterNavLink';

export function Header({ route }: { route: Route }) {
  const { user, logout, canManageUsers, canReadAudit } = useSession();
  const active = (view: Route['view']) => (route.view === view || (view === 'flows' && (route.view === 'flow' || route.view === 'new-flow' || route.view === 'onboard')) ? 'page' : undefined);
  return (
    <header className="app-header">
      <a className="brand" href={routeHref({ view: 'flows' })}>Tradelane</a>
      <nav aria-label="Main">
        <a href={routeHref({ view: 'flows' })} aria-current={active('flows')}>Flows</a>
        <a href={routeHref({ view: 'operations' })} aria-current={active('operations')}>Operations</a>
        <a href={routeHref({ view: 'traces' })} aria-current={active('traces')}>Traces</a>
        <DeadLetterNavLink current={active('deadletters')} />
        <LedgerNavLinks route={route} />
        {/* Every role may read partners (GET /api/partners: admin, analyst, operator); editing is for editors. */}
        <a href={routeHref({ view: 'partners' })} aria-current={active('partners')}>Partners</a>
        {/* GET /api/xref is open to every signed-in role; restoring is for editors. */}
        <a href={routeHref({ view: 'xref' })} aria-current={active('xref')}>Xref tables</a>
        {canReadAudit && <a href={routeHref({ view: 'audit' })} aria-current={active('audit')}>Audit log</a>}
        {canManageUsers && <a href={routeHref({ view: 'users' })} aria-current={active('users')}>Users</a>}
      </nav>
      <div className="header-user">
        <a className="account-link" href={routeHref({ view: 'account' })} aria-current={active('account')} aria-label={`My account (${user?.username ?? ''})`} title="My account">
          <span aria-label="Signed in user">{user?.username}</span>
        </a>
        <span className="role-badge" aria-label="Role">{user?.role}</span>
        <button type="button" onClick={logout} aria-label="Log out">Log out</button>
      </div>
    </header>
  );
}
