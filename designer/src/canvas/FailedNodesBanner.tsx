// Banner over the canvas while the server reports nodes of this flow that failed to start (from GET /api/flows, not live events).
import { useEffect } from 'react';
import { useSession } from '../auth/session';
import { useAsync } from '../util/useAsync';

const REFRESH_MS = 5000;

/** version: the deployed version the editor shows; a deploy or rollback changes it and the banner asks again at once. */
export function FailedNodesBanner({ flowId, version }: { flowId: string; version: number | null }) {
  const { api } = useSession();
  const flows = useAsync(() => api.listFlows(), [api, version]);
  const { reload } = flows;

  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const flow = flows.data?.find((candidate) => candidate.id === flowId);
  if (flow?.status !== 'failed') return null;
  const failed = flow.failedNodes ?? [];
  return (
    <div className="failed-nodes-banner" role="alert" aria-label="Failed nodes">
      <strong>This flow failed to start</strong>: {failed.length} node{failed.length === 1 ? '' : 's'} did not start.
      <ul>
        {failed.map((node) => <li key={node.nodeId}><span className="mono">{node.name || node.nodeId}</span> ({node.type}): {node.message}</li>)}
      </ul>
    </div>
  );
}
