// Lifecycle (#/transactions/:poNumber): one purchase order's steps, its unresolved alerts and exceptions, problem documents and every document.
import type { ExceptionView } from '../api/ledger-types';
import { formatWhen } from '../util/format';
import { useAsync } from '../util/useAsync';
import { documentHref, ledgerRouteHref } from '../util/ledger-routes';
import { DocumentTable } from './DocumentTable';
import { LifecycleSteps } from './LifecycleSteps';
import { StatusBadge } from './StatusBadge';
import { useLedgerApi } from './useLedgerApi';

function OpenExceptions({ exceptions }: { exceptions: ExceptionView[] }) {
  if (!exceptions.length) return <p className="muted">No open exceptions.</p>;
  return (
    <ul aria-label="Open exceptions">
      {exceptions.map((item) => (
        <li key={item.id}><StatusBadge status={item.status} /> <a href={ledgerRouteHref({ view: 'exceptions', status: 'all', id: item.id })}>{item.kind}</a>: {item.summary}</li>
      ))}
    </ul>
  );
}

export function LifecyclePage({ poNumber }: { poNumber: string }) {
  const ledger = useLedgerApi();
  const lifecycle = useAsync(() => ledger.lifecycle(poNumber), [ledger, poNumber]);
  // The key filter matches words from their start; keep only this order's exceptions.
  const exceptions = useAsync(() => ledger.listExceptions({ key: poNumber, status: 'unresolved' }).then((page) => page.exceptions.filter((item) => item.keys.poNumber === poNumber)), [ledger, poNumber]);
  const data = lifecycle.data;
  return (
    <main className="page">
      <div className="page-head">
        <h1>Purchase order <span className="mono">{poNumber}</span>{data?.partnerId ? <span className="muted small"> · {data.partnerId}</span> : null}</h1>
        <a className="button" href={ledgerRouteHref({ view: 'documents', search: { key: poNumber } })}>Documents of {poNumber}</a>
      </div>
      {lifecycle.error && <p role="alert" className="error-text">{lifecycle.error}</p>}
      {data && (
        <div className="work-layout">
          <section className="card" aria-label="Lifecycle"><LifecycleSteps lifecycle={data} /></section>
          <div>
            <section className="card" aria-label="Open alerts">
              <h2>Open alerts</h2>
              {data.alerts.length === 0 ? <p className="muted">None.</p> : (
                <ul>{data.alerts.map((alert) => (
                  <li key={alert.id}><StatusBadge status={alert.status} /> <a href={ledgerRouteHref({ view: 'alerts', status: 'all', id: alert.id })}>{alert.subject}</a> <span className="muted small">raised {formatWhen(alert.raisedAt)}</span></li>
                ))}</ul>
              )}
            </section>
            <section className="card" aria-label="Exceptions">
              <h2>Open exceptions</h2>
              {exceptions.error ? <p className="error-text">{exceptions.error}</p> : <OpenExceptions exceptions={exceptions.data ?? []} />}
            </section>
            <section className="card" aria-label="Problems">
              <h2>Problem documents</h2>
              {data.openProblems.length === 0 ? <p className="muted">None.</p> : (
                <ul>{data.openProblems.map((problem) => (
                  <li key={problem.documentId}><a href={documentHref(problem.documentId)}>{problem.documentType}</a> <StatusBadge status={problem.status} /> {problem.message}</li>
                ))}</ul>
              )}
            </section>
          </div>
        </div>
      )}
      {data && (<><h2>All documents</h2><DocumentTable documents={data.documents} label="Documents of the order" /></>)}
    </main>
  );
}
