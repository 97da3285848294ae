// One alert: what is late and for which order, the actions to work it, its audit trail and deliveries.
import type { AlertDetail } from '../api/ledger-types';
import { formatWhen } from '../util/format';
import type { LocatedAction } from '../admin/useLocatedAction';
import { documentHref, transactionHref } from '../util/ledger-routes';
import { KeyList } from '../ledger/DocumentTable';
import { StatusBadge } from '../ledger/StatusBadge';
import { AlertActions } from './AlertActions';
import { AlertDeliveries, AlertTrail } from './AlertTrail';

interface AlertDetailPanelProps {
  detail: AlertDetail;
  action: LocatedAction;
  act(name: 'acknowledge' | 'comment' | 'resolve', comment: string): Promise<boolean>;
}

export function AlertDetailPanel({ detail, action, act }: AlertDetailPanelProps) {
  const { alert } = detail;
  return (
    <section className="work-detail" aria-label="Alert detail">
      <h2>{alert.subject}</h2>
      <div className="small">
        <StatusBadge status={alert.status} label="Alert status" /> <StatusBadge status={alert.severity} /> <code>{alert.kind}</code>
        {alert.partnerId ? ` · ${alert.partnerId}` : ''} · raised {formatWhen(alert.raisedAt)}{alert.dueAt ? ` · was due ${formatWhen(alert.dueAt)}` : ''}
      </div>
      {alert.message && <p>{alert.message}</p>}
      <div className="ledger-links">
        <KeyList keys={alert.keys} />
        {alert.poNumber && <a href={transactionHref(alert.poNumber)}>Lifecycle of {alert.poNumber}</a>}
        {alert.documentId && <a href={documentHref(alert.documentId)}>{alert.documentType ?? 'document'}</a>}
      </div>
      {alert.resolution && <p className="notice success">Resolved by {alert.resolvedBy} {formatWhen(alert.resolvedAt)}: {alert.resolution}</p>}
      <AlertActions alert={alert} action={action} onAcknowledge={(comment) => act('acknowledge', comment)} onComment={(comment) => act('comment', comment)} onResolve={(comment) => act('resolve', comment)} />
      <h3>Trail</h3>
      <AlertTrail events={detail.events} />
      <h3>Deliveries</h3>
      <AlertDeliveries deliveries={detail.deliveries} />
    </section>
  );
}
