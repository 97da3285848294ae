// "Deleted flows" section of the flow list: each removed flow with its kept version history; editors can deploy a version again.
import { useState } from 'react';
import { useSession } from '../auth/session';
import { useAsync } from '../util/useAsync';
import type { DeletedFlow } from '../api/types';
import { FieldError } from '../admin/FieldError';
import { actionError, useLocatedAction } from '../admin/useLocatedAction';
import { formatWhen } from '../util/format';

export function DeletedFlows({ refreshKey, onRestored }: { refreshKey: number; onRestored(): void }) {
  const { api } = useSession();
  const deleted = useAsync(() => api.listDeletedFlows(), [api, refreshKey]);
  if (deleted.error) return <p role="alert" className="error-text">{deleted.error}</p>;
  if (!deleted.data?.length) return null;
  return (
    <section aria-label="Deleted flows">
      <h2>Deleted flows</h2>
      <p className="muted">These flows no longer run. Their versions are kept; deploying one again continues its numbering.</p>
      <ul className="deleted-flows">
        {deleted.data.map((flow) => <DeletedFlowItem key={flow.id} flow={flow} onRestored={() => { deleted.reload(); onRestored(); }} />)}
      </ul>
    </section>
  );
}

function DeletedFlowItem({ flow, onRestored }: { flow: DeletedFlow; onRestored(): void }) {
  const { api, canEdit } = useSession();
  const [open, setOpen] = useState(false);
  const versions = useAsync(() => (open ? api.listVersions(flow.id) : Promise.resolve([])), [api, flow.id, open]);
  const action = useLocatedAction();

  async function restore(n: number) {
    const ok = await action.run('restore', async () => {
      const version = await api.getVersion(flow.id, n);
      await api.deployFlow(flow.id, version.flow, `Restored from deleted version ${n}`);
    });
    if (ok) onRestored();
  }

  return (
    <li data-deleted-flow-id={flow.id}>
      <strong>{flow.label}</strong> <span className="muted">({flow.id}) · last v{flow.lastVersion} by {flow.lastDeployedBy}, {formatWhen(flow.lastDeployedAt)}</span>{' '}
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>{open ? 'Hide versions' : `Versions of ${flow.label}`}</button>
      {open && versions.data && (
        <table className="data-table" aria-label={`Versions of deleted flow ${flow.id}`}>
          <thead><tr><th>Version</th><th>Author</th><th>Message</th><th>When</th>{canEdit && <th>Actions</th>}</tr></thead>
          <tbody>
            {versions.data.map((version) => (
              <tr key={version.n}>
                <td>v{version.n}</td><td>{version.author}</td><td>{version.message || '—'}</td><td>{formatWhen(version.createdAt)}</td>
                {canEdit && (
                  <td><button type="button" disabled={action.busy !== null} onClick={() => void restore(version.n)}>Deploy v{version.n} again</button></td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FieldError id={`restore-error-${flow.id}`} message={actionError(action, 'restore')} />
    </li>
  );
}
