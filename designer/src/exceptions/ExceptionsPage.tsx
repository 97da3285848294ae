// Exceptions work queue (#/exceptions): unresolved first (open before assigned), select one to assign, comment on or resolve it.
import { useEffect, useState } from 'react';
import type { ExceptionStatusFilter, ExceptionView } from '../api/ledger-types';
import { formatWhen } from '../util/format';
import { useLocatedAction } from '../admin/useLocatedAction';
import { useAsync } from '../util/useAsync';
import { ledgerRouteHref } from '../util/ledger-routes';
import { KeyList } from '../ledger/DocumentTable';
import { StatusBadge } from '../ledger/StatusBadge';
import { useLedgerApi } from '../ledger/useLedgerApi';
import { StatusTabs } from '../alerts/StatusTabs';
import { ExceptionDetailPanel } from './ExceptionDetailPanel';
import { announceWorkChanged } from '../layout/useOpenCounts';
import type { ExceptionAct } from './ExceptionActions';

const RANK: Record<ExceptionView['status'], number> = { open: 0, assigned: 1, resolved: 2 };

/** Open work first, then what someone already has; newest first within each (the server's order). */
function queueOrder(items: ExceptionView[]): ExceptionView[] {
  return items.map((item, index) => ({ item, index })).sort((a, b) => RANK[a.item.status] - RANK[b.item.status] || a.index - b.index).map(({ item }) => item);
}

export function ExceptionsPage({ status = 'unresolved', id }: { status?: ExceptionStatusFilter | 'all'; id?: string }) {
  const ledger = useLedgerApi();
  const list = useAsync(() => ledger.listExceptions(status === 'all' ? {} : { status }), [ledger, status]);
  const [selectedId, setSelectedId] = useState<string | null>(id ?? null);
  useEffect(() => { if (id) setSelectedId(id); }, [id]);
  const detail = useAsync(() => (selectedId ? ledger.getException(selectedId) : Promise.resolve(null)), [ledger, selectedId]);
  const action = useLocatedAction();

  const act: ExceptionAct = async (name, values) => {
    if (!selectedId) return false;
    const id = selectedId;
    const work = name === 'assign' ? () => ledger.assignException(id, values.text) : name === 'comment' ? () => ledger.commentException(id, values.text) : () => ledger.resolveException(id, values.text, values.comment);
    const ok = await action.run(name, work);
    detail.reload();
    list.reload();
    if (ok) announceWorkChanged();
    return ok;
  };

  const counts = list.data?.counts;
  const href = (value: ExceptionStatusFilter | 'all') => ledgerRouteHref({ view: 'exceptions', status: value });
  const tabs = [
    { value: 'unresolved', label: 'to do', count: counts ? counts.open + counts.assigned : undefined, href: href('unresolved') },
    { value: 'open', label: 'open', count: counts?.open, href: href('open') },
    { value: 'assigned', label: 'assigned', count: counts?.assigned, href: href('assigned') },
    { value: 'resolved', label: 'resolved', count: counts?.resolved, href: href('resolved') },
    { value: 'all', label: 'all', href: href('all') },
  ];
  const selected = detail.data && detail.data.exception.id === selectedId ? detail.data : null;

  return (
    <main className="page">
      <div className="page-head"><h1>Exceptions</h1></div>
      <StatusTabs tabs={tabs} current={status} label="Exception status" />
      {list.error && <p role="alert" className="error-text">{list.error}</p>}
      <div className="work-layout">
        <table className="data-table selectable" aria-label="Exceptions">
          <thead><tr><th>Opened</th><th>Exception</th><th>Keys</th><th>Assignee</th><th>Status</th></tr></thead>
          <tbody>
            {queueOrder(list.data?.exceptions ?? []).map((item) => (
              <tr key={item.id} data-exception-id={item.id} tabIndex={0} aria-selected={item.id === selectedId}
                onClick={() => { action.clear(); setSelectedId(item.id); }} onKeyDown={(event) => event.key === 'Enter' && setSelectedId(item.id)}>
                <td>{formatWhen(item.openedAt)}</td>
                <td>{item.summary}<div className="muted small"><code>{item.kind}</code>{item.partnerId ? ` · ${item.partnerId}` : ''}</div></td>
                <td><KeyList keys={item.keys} /></td>
                <td>{item.assignee ?? <span className="muted">—</span>}</td>
                <td><StatusBadge status={item.status} /></td>
              </tr>
            ))}
            {list.data?.exceptions.length === 0 && <tr><td colSpan={5} className="muted">No exceptions in this status.</td></tr>}
          </tbody>
        </table>
        {detail.error && <p role="alert" className="error-text">{detail.error}</p>}
        {selected && <ExceptionDetailPanel detail={selected} action={action} act={act} />}
      </div>
    </main>
  );
}
