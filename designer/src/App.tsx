// App shell: login gate, header and the view chosen by the URL hash.
import { lazy, Suspense } from 'react';
import { SessionProvider, useSession } from './auth/session';
import { LoginPage } from './auth/LoginPage';
import { Header } from './layout/Header';
import { FlowList } from './flows/FlowList';
import { useHashRoute } from './util/useHashRoute';

const FlowEditorPage = lazy(() => import('./canvas/FlowEditorPage').then((m) => ({ default: m.FlowEditorPage })));
const DeadLetterConsole = lazy(() => import('./deadletters/DeadLetterConsole').then((m) => ({ default: m.DeadLetterConsole })));
const OnboardingPage = lazy(() => import('./onboarding/OnboardingPage').then((m) => ({ default: m.OnboardingPage })));
const UsersPage = lazy(() => import('./admin/UsersPage').then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import('./admin/AuditPage').then((m) => ({ default: m.AuditPage })));
const AccountPage = lazy(() => import('./admin/AccountPage').then((m) => ({ default: m.AccountPage })));
const OperationsPage = lazy(() => import('./operations/OperationsPage').then((m) => ({ default: m.OperationsPage })));
const TracesPage = lazy(() => import('./traces/TracesPage').then((m) => ({ default: m.TracesPage })));

export function App() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}

function Shell() {
  const { user } = useSession();
  const [route, navigate] = useHashRoute();
  if (!user) return <LoginPage />;
  return (
    <div className="app">
      <Header route={route} />
      <Suspense fallback={<p className="muted page">Loading…</p>}>
        {route.view === 'flows' && <FlowList />}
        {route.view === 'flow' && <FlowEditorPage key={route.flowId} flowId={route.flowId} traceId={route.trace} navigate={navigate} />}
        {route.view === 'new-flow' && <FlowEditorPage key="new" flowId={null} navigate={navigate} />}
        {route.view === 'deadletters' && <DeadLetterConsole navigate={navigate} />}
        {route.view === 'traces' && <TracesPage correlationId={route.correlationId} navigate={navigate} />}
        {route.view === 'onboard' && <OnboardingPage templateId={route.templateId} />}
        {route.view === 'users' && <UsersPage />}
        {route.view === 'audit' && <AuditPage />}
        {route.view === 'account' && <AccountPage />}
        {route.view === 'operations' && <OperationsPage />}
      </Suspense>
    </div>
  );
}
