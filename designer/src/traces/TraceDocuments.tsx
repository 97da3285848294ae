// Ledger documents recorded under a correlation id: the only record of a refusal (401, 400, 422) that never reached a node.
import type { TraceDocument } from '../api/operations-types';
import { formatWhen } from '../util/format';

function errorLine(error: NonNullable<TraceDocument['errors']>[number]): string {
  if (typeof error === 'string') return error;
  return `${error.path ? `${error.path}: ` : ''}${error.message}${error.code ? ` (${error.code})` : ''}`;
}

export function TraceDocuments({ documents }: { documents: TraceDocument[] }) {
  if (!documents.length) return null;
  return (
    <div className="trace-documents">
      <h3>Ledger documents</h3>
      <table className="data-table" aria-label="Ledger documents">
        <thead><tr><th>Document</th><th>Type</th><th>Partner</th><th>Status</th><th>Received</th><th>Errors</th></tr></thead>
        <tbody>
          {documents.map((doc) => (
            <tr key={doc.id} data-status={doc.status}>
              <td><a className="mono" href={`#/documents/${encodeURIComponent(doc.id)}`}>{doc.id}</a></td>
              <td>{doc.documentType}</td>
              <td>{doc.partnerId || '—'}</td>
              <td><span className={`status-pill status-${doc.status}`}>{doc.status}</span></td>
              <td>{formatWhen(doc.receivedAt)}</td>
              <td>{(doc.errors ?? []).length === 0 ? '—' : <ul className="small">{(doc.errors ?? []).map((e, i) => <li key={i}>{errorLine(e)}</li>)}</ul>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
