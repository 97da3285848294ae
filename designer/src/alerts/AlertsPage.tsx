// Alerts screen (#/alerts): SLA breaches by status, newest first; select one to acknowledge, comment on or resolve it with its trail.
import { useEffect, useState } from 'react';
import { ALERT_STATUSES, type AlertStatus } from '../api/ledger-types';
import { formatWhen } from '../util/format';
import { useLocatedAction } from '../admin/useLocatedAction';
import { useAsync } from '../util/useAsync';
import { ledgerRouteHref } from '../util/ledger-routes';
import { StatusBadge } from '../ledger/StatusBadge';
import { useLedgerApi } from '../ledger/useLedgerApi';
import { AlertDetailPanel } from './AlertDetailPanel';
import { announceWorkChanged } from '../layout/useOpenCounts';
import { StatusTabs } from './StatusTabs';

export function AlertsPage({ status = 'open', id }: { status?: AlertStatus | 'all'; id?: string }) {
  const ledger = useLedgerApi();
  const list = useAsync(() => ledger.listAlerts(status === 'all' ? {} : { status }), [ledger, status]);
  const [selectedId, setSelectedId] = useState<string | null>(id ?? null);
  useEffect(() => { if (id) setSelectedId(id); }, [id]);
  const detail = useAsync(() => (selectedId ? ledger.getAlert(selectedId) : Promise.resolve(null)), [ledger, selectedId]);
  const action = useLocatedAction();

  async function act(name: 'acknowledge' | 'comment' | 'resolve', comment: string): Promise<boolean> {
    if (!selectedId) return false;
    const id = selectedId;
    const work = name === 'acknowledge' ? () => ledger.acknowledgeAlert(id, comment || undefined) : name === 'comment' ? () => ledger.commentAlert(id, comment) : () => ledger.resolveAlert(id, comment);
    const ok = await action.run(name, work);
    detail.reload();
    list.reload();
    if (ok) announceWorkChanged();
    return ok;
  }

  const counts = list.data?.counts;
  const tabs = [...ALERT_STATUSES.map((value) => ({ value, label: value, count: counts?.[value], href: ledgerRouteHref({ view: 'alerts', status: value }) })),
    { value: 'all', label: 'all', href: ledgerRouteHref({ view: 'alerts', status: 'all' }) }];
  const selected = detail.data && detail.data.alert.id === selectedId ? detail.data : null;

  return (
    <main className="page">
      <div className="page-head"><h1>Alerts</h1></div>
      <StatusTabs tabs={tabs} current={status} label="Alert status" />
      {list.error && <p role="alert" className="error-text">{list.error}</p>}
      <div className="work-layout">
        <table className="data-table selectable" aria-label="Alerts">
          <thead><tr><th>Raised</th><th>Alert</th><th>Partner</th><th>PO</th><th>Status</th></tr></thead>
          <tbody>
            {(list.data?.alerts ?? []).map((alert) => (
              <tr key={alert.id} data-alert-id={alert.id} tabIndex={0} aria-selected={alert.id === selectedId}
                onClick={() => { action.clear(); setSelectedId(alert.id); }} onKeyDown={(event) => event.key === 'Enter' && setSelectedId(alert.id)}>
                <td>{formatWhen(alert.raisedAt)}</td>
                <td>{alert.subject}<div className="muted small"><code>{alert.kind}</code> · {alert.severity}</div></td>
                <td>{alert.partnerId ?? '—'}</td>
                <td className="mono">{alert.poNumber ?? '—'}</td>
                <td><StatusBadge status={alert.status} /></td>
              </tr>
            ))}
            {list.data?.alerts.length === 0 && <tr><td colSpan={5} className="muted">No alerts in this status.</td></tr>}
          </tbody>
        </table>
        {detail.error && <p role="alert" className="error-text">{detail.error}</p>}
        {selected && <AlertDetailPanel detail={selected} action={action} act={act} />}
      </div>
    </main>
  );
}
