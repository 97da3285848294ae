// One page of ledger documents: time, direction, partner, type, business keys, status and how many errors; each row opens the document.
import type { LedgerDocument } from '../api/ledger-types';
import { formatWhen } from '../util/format';
import { documentHref } from '../util/ledger-routes';
import { keyEntries } from './format';
import { StatusBadge } from './StatusBadge';

export function KeyList({ keys }: { keys: LedgerDocument['keys'] }) {
  const entries = keyEntries(keys);
  if (!entries.length) return <span className="muted">—</span>;
  return <span className="ledger-keys">{entries.map(([label, value]) => <span key={label} className="ledger-key">{label} {value}</span>)}</span>;
}

export function DocumentTable({ documents, label = 'Documents' }: { documents: LedgerDocument[]; label?: string }) {
  return (
    <table className="data-table" aria-label={label}>
      <thead><tr><th>Time</th><th>Dir.</th><th>Partner</th><th>Type</th><th>Business keys</th><th>Status</th><th>Errors</th></tr></thead>
      <tbody>
        {documents.map((document) => (
          <tr key={document.id} data-document-id={document.id}>
            <td><a href={documentHref(document.id)} aria-label={`Open document ${document.id}`}>{formatWhen(document.receivedAt)}</a></td>
            <td>{document.direction === 'in' ? '← in' : 'out →'}</td>
            <td>{document.partnerId ?? <span className="muted">—</span>}</td>
            <td>{document.documentType}<div className="muted small">{document.channel}</div></td>
            <td><KeyList keys={document.keys} /></td>
            <td><StatusBadge status={document.status} />{document.httpStatus ? <span className="muted small"> {document.httpStatus}</span> : null}</td>
            <td>{document.errors.length || <span className="muted">0</span>}</td>
          </tr>
        ))}
        {documents.length === 0 && <tr><td colSpan={7} className="muted">No documents match.</td></tr>}
      </tbody>
    </table>
  );
}
