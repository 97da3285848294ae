// Route component for one flow (or a new one): loads the node catalog, then shows the editor.
import { ReactFlowProvider } from '@xyflow/react';
import { useSession } from '../auth/session';
import { useAsync } from '../util/useAsync';
import type { Route } from '../util/useHashRoute';
import { FlowEditor } from './FlowEditor';

interface FlowEditorPageProps {
  flowId: string | null;
  traceId?: string;
  navigate(route: Route): void;
}

export function FlowEditorPage({ flowId, traceId, navigate }: FlowEditorPageProps) {
  const { api } = useSession();
  const catalog = useAsync(() => api.listNodes(), [api]);
  if (catalog.error) return <main className="page"><p role="alert" className="error-text">Could not load the node catalog: {catalog.error}</p></main>;
  if (!catalog.data) return <main className="page"><p className="muted">Loading nodes…</p></main>;
  return (
    <ReactFlowProvider>
      <FlowEditor flowId={flowId} traceId={traceId} catalogList={catalog.data} navigate={navigate} />
    </ReactFlowProvider>
  );
}
