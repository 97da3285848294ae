// App shell: login gate, header and the view chosen by the URL hash.
import { lazy, Suspense } from 'react';
import { SessionProvider, useSession } from './auth/session';
import { LoginPage } from './auth/LoginPage';
import { Header } from './layout/Header';
import { LeaveDialog } from './layout/LeaveDialog';
import { FlowList } from './flows/FlowList';
import { useHashRoute } from './util/useHashRoute';

const FlowEditorPage = lazy(() => import('./canvas/FlowEditorPage').then((m) => ({ default: m.FlowEditorPage })));
const DeadLetterConsole = lazy(() => import('./deadletters/DeadLetterConsole').then((m) => ({ default: m.DeadLetterConsole })));
const OnboardingPage = lazy(() => import('./onboarding/OnboardingPage').then((m) => ({ default: m.OnboardingPage })));
const UsersPage = lazy(() => import('./admin/UsersPage').then((m) => ({ default: m.UsersPage })));
const PartnersPage = lazy(() => import('./partners/PartnersPage').then((m) => ({ default: m.PartnersPage })));
const XrefPage = lazy(() => import('./xref/XrefPage').then((m) => ({ default: m.XrefPage })));
const AuditPage = lazy(() => import('./admin/AuditPage').then((m) => ({ default: m.AuditPage })));
const AccountPage = lazy(() => import('./admin/AccountPage').then((m) => ({ default: m.AccountPage })));
const DocumentsPage = lazy(() => import('./ledger/DocumentsPage').then((m) => ({ default: m.DocumentsPage })));
const DocumentDetailPage = lazy(() => import('./ledger/DocumentDetailPage').then((m) => ({ default: m.DocumentDetailPage })));
const LifecyclePage = lazy(() => import('./ledger/LifecyclePage').then((m) => ({ default: m.LifecyclePage })));
const AlertsPage = lazy(() => import('./alerts/AlertsPage').then((m) => ({ default: m.AlertsPage })));
const ExceptionsPage = lazy(() => import('./exceptions/ExceptionsPage').then((m) => ({ default: m.ExceptionsPage })));
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
        {route.view === 'partners' && <PartnersPage />}
        {route.view === 'xref' && <XrefPage />}
        {route.view === 'audit' && <AuditPage />}
        {route.view === 'account' && <AccountPage />}
        {route.view === 'documents' && <DocumentsPage search={route.search} navigate={navigate} />}
        {route.view === 'document' && <DocumentDetailPage key={route.documentId} documentId={route.documentId} />}
        {route.view === 'transaction' && <LifecyclePage key={route.poNumber} poNumber={route.poNumber} />}
        {route.view === 'alerts' && <AlertsPage status={route.status} id={route.id} />}
        {route.view === 'exceptions' && <ExceptionsPage status={route.status} id={route.id} />}
        {route.view === 'operations' && <OperationsPage />}
      </Suspense>
      <LeaveDialog />
    </div>
  );
}
