// Top bar: product name, main navigation, signed-in user with role, and logout.
import { useSession } from '../auth/session';
import type { Route } from '../util/useHashRoute';
import { routeHref } from '../util/useHashRoute';

export function Header({ route }: { route: Route }) {
  const { user, logout } = useSession();
  const active = (view: Route['view']) => (route.view === view || (view === 'flows' && (route.view === 'flow' || route.view === 'new-flow' || route.view === 'onboard')) ? 'page' : undefined);
  return (
    <header className="app-header">
      <a className="brand" href={routeHref({ view: 'flows' })}>Tradelane</a>
      <nav aria-label="Main">
        <a href={routeHref({ view: 'flows' })} aria-current={active('flows')}>Flows</a>
        <a href={routeHref({ view: 'traces' })} aria-current={active('traces')}>Traces</a>
        <a href={routeHref({ view: 'deadletters' })} aria-current={active('deadletters')}>Dead letters</a>
      </nav>
      <div className="header-user">
        <span aria-label="Signed in user">{user?.username}</span>
        <span className="role-badge" aria-label="Role">{user?.role}</span>
        <button type="button" onClick={logout} aria-label="Log out">Log out</button>
      </div>
    </header>
  );
}
