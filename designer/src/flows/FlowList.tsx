// Flow list: one row per deployed flow with its version, health (errors, backlog, dead letters, circuits), message rate and template (with upgrades); refreshes every few seconds.
import { useEffect, useState } from 'react';
import { useSession } from '../auth/session';
import { useAsync } from '../util/useAsync';
import { routeHref } from '../util/useHashRoute';
import type { FlowWithHealth } from '../operations/operations-api';
import { HealthDetail } from '../operations/HealthBadge';
import type { UpgradeCandidate } from '../api/template-types';
import { useTemplateUpgrades } from './useTemplateUpgrades';
import { UpgradeDialog } from './UpgradeDialog';
import { DeleteFlowDialog } from './DeleteFlowDialog';
import { DeletedFlows } from './DeletedFlows';
import { formatRate, formatWhen } from '../util/format';

const REFRESH_MS = 5000;

export function FlowList() {
  const { api, canEdit } = useSession();
  const flows = useAsync(() => api.listFlows(), [api]);
  const { reload } = flows;
  const upgrades = useTemplateUpgrades(api, flows.data);
  const [upgrading, setUpgrading] = useState<UpgradeCandidate | null>(null);
  const [deleting, setDeleting] = useState<FlowWithHealth | null>(null);
  // Bumped after a delete so the deleted-flows section reloads at once rather than on its own schedule.
  const [deletions, setDeletions] = useState(0);

  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  return (
    <main className="page">
      <div className="page-head">
        <h1>Flows</h1>
        {canEdit && (
          <div className="button-group">
            <a className="button" href={routeHref({ view: 'onboard' })}>Onboard supplier</a>
            <a className="button primary" href={routeHref({ view: 'new-flow' })}>New flow</a>
          </div>
        )}
      </div>
      {flows.error && <p role="alert" className="error-text">{flows.error}</p>}
      {flows.loading && !flows.data && <p className="muted">Loading flows…</p>}
      {flows.data && flows.data.length === 0 && <p className="muted">No flows deployed yet. Create one, or onboard a partner from a template.</p>}
      {flows.data && flows.data.length > 0 && (
        <table className="data-table" aria-label="Flows">
          <thead>
            <tr><th>Flow</th><th>Partner</th><th>Version</th><th>Health</th><th>Messages/s</th><th>Nodes</th><th>Template</th><th>Deployed</th>{canEdit && <th>Actions</th>}</tr>
          </thead>
          <tbody>
            {flows.data.map((flow) => (
              <FlowRow key={flow.id} flow={flow} upgrade={upgrades.byFlow.get(flow.id)} canEdit={canEdit} onUpgrade={setUpgrading} onDelete={setDeleting} />
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <DeleteFlowDialog flowId={deleting.id} label={deleting.label || deleting.id} onClose={() => setDeleting(null)}
          onDelete={async () => { await api.deleteFlow(deleting.id); reload(); setDeletions((n) => n + 1); }} />
      )}
      <DeletedFlows refreshKey={deletions} onRestored={reload} />
      {upgrading && (
        <UpgradeDialog candidate={upgrading} onClose={() => setUpgrading(null)} onApplied={() => { reload(); upgrades.reload(); }} />
      )}
    </main>
  );
}

interface FlowRowProps {
  flow: FlowWithHealth;
  upgrade: UpgradeCandidate | undefined;
  canEdit: boolean;
  onUpgrade(candidate: UpgradeCandidate): void;
  onDelete(flow: FlowWithHealth): void;
}

function FlowRow({ flow, upgrade, canEdit, onUpgrade, onDelete }: FlowRowProps) {
  return (
    <tr data-flow-id={flow.id}>
      <td><a href={routeHref({ view: 'flow', flowId: flow.id })}>{flow.label || flow.id}</a></td>
      <td>{flow.partnerId ?? '—'}</td>
      <td aria-label="Deployed version">v{flow.version}</td>
      <td aria-label="Health">
        {(!flow.health || flow.status !== 'running') && (
          <span className={`status-pill status-${flow.status}`} title={failedTitle(flow)}>{flow.status.replace('-', ' ')}</span>
        )}
        {flow.attention?.length ? (
          <ul className="attention-list" aria-label={`Why ${flow.label || flow.id} was not started`}>
            {flow.attention.map((item) => <li key={item.nodeId}>{item.message}</li>)}
          </ul>
        ) : null}
        {flow.health && <HealthDetail health={flow.health} />}
      </td>
      <td aria-label="Message rate">{formatRate(flow.messageRate)}</td>
      <td>{flow.nodeCount}</td>
      <td aria-label="Template">
        {flow.template ?? '—'}
        {upgrade && (
          <div>
            {canEdit ? (
              <button type="button" className="upgrade-badge" aria-label={`Upgrade available for ${flow.id}`} onClick={() => onUpgrade(upgrade)}>
                upgrade available · v{upgrade.latestVersion}
              </button>
            ) : <span className="upgrade-badge">upgrade available · v{upgrade.latestVersion}</span>}
          </div>
        )}
      </td>
      <td>{formatWhen(flow.deployedAt)}{flow.deployedBy ? ` by ${flow.deployedBy}` : ''}</td>
      {canEdit && (
        <td><button type="button" className="danger" aria-label={`Delete flow ${flow.label || flow.id}`} onClick={() => onDelete(flow)}>Delete</button></td>
      )}
    </tr>
  );
}

/** Which nodes did not start and why, for the failed pill's tooltip (the health reasons list them too). */
function failedTitle(flow: FlowWithHealth): string | undefined {
  const failed = flow.failedNodes ?? [];
  return failed.length ? failed.map((node) => `${node.name || node.nodeId} (${node.type}): ${node.message}`).join('\n') : undefined;
}
