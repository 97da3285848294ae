// What is past its SLA now (GET /api/sla/overdue): supplier, PO (linked to its lifecycle), rule, due time, how late, and the alert.
import type { OverdueList } from '../api/operations-types';
import { alertsHref, documentsHref, transactionHref } from './links';

const RULE_TEXT: Record<string, string> = { ack: 'acknowledgement', 'functional-ack': '997 / CONTRL', 'asn-missing': 'ship notice' };

export function lateText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function OverdueTable({ overdue }: { overdue: OverdueList }) {
  return (
    <section className="card ops-panel" id="ops-overdue" aria-label="Overdue now">
      <h2>Overdue now <span className="muted small">{overdue.total} item{overdue.total === 1 ? '' : 's'}{overdue.total > overdue.overdue.length ? `, ${overdue.overdue.length} shown` : ''}</span></h2>
      {overdue.overdue.length === 0 ? <p className="muted small">Nothing is past its SLA.</p> : (
        <table className="data-table compact" aria-label="Overdue items">
          <thead><tr><th>Supplier</th><th>PO</th><th>Waiting for</th><th>Due</th><th>Late by</th><th>Alert</th></tr></thead>
          <tbody>
            {overdue.overdue.map((item) => (
              <tr key={`${item.rule}/${item.documentId}`}>
                <td><a href={documentsHref({ partner: item.partnerId, status: 'overdue' })}>{item.partnerId}</a></td>
                <td>{item.poNumber ? <a href={transactionHref(item.poNumber)}>{item.poNumber}</a> : <span className="mono small">{item.documentId}</span>}</td>
                <td>{RULE_TEXT[item.rule] ?? item.rule}</td>
                <td>{new Date(item.dueAt).toLocaleString()}</td>
                <td>{lateText(item.lateMs)}</td>
                <td>{item.alert ? <a href={alertsHref({ partner: item.partnerId })}>{item.alert.status}</a> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
