// What an acknowledgement changed against the PO: its lines that were not accepted as ordered (changed or rejected, new quantity, price or date).
import type { StoredPayload } from '../api/ledger-types';
import { useAsync } from '../util/useAsync';
import { useLedgerApi } from './useLedgerApi';

type Line = Record<string, unknown>;

const CHANGE_FIELDS = ['qty', 'quantity', 'promisedQty', 'unitPrice', 'price', 'promisedPrice', 'promisedDate', 'deliveryDate', 'shipDate', 'reason'];

function linesOf(payloads: StoredPayload[]): Line[] | undefined {
  for (const kind of ['canonical', 'raw']) {
    const payload = payloads.find((candidate) => candidate.kind === kind);
    if (!payload) continue;
    try {
      const parsed = JSON.parse(payload.body) as { lines?: unknown };
      if (Array.isArray(parsed.lines)) return parsed.lines as Line[];
    } catch { /* EDI or CSV text: no lines to compare */ }
  }
  return undefined;
}

function changeText(line: Line): string {
  return CHANGE_FIELDS.filter((field) => line[field] !== undefined).map((field) => `${field} ${String(line[field])}`).join(', ');
}

export function AckChanges({ documentId }: { documentId: string }) {
  const ledger = useLedgerApi();
  const view = useAsync(() => ledger.getDocument(documentId), [ledger, documentId]);
  if (!view.data) return null;
  if (view.data.payloadsHidden) return <p className="muted small">Line changes withheld: needs the ledger.payloads permission.</p>;
  const lines = linesOf(view.data.payloads);
  if (!lines) return null;
  const changed = lines.filter((line) => line.status !== undefined && line.status !== 'accepted');
  if (!changed.length) return <p className="small ok-text">Every line accepted as ordered.</p>;
  return (
    <ul className="small" aria-label="Acknowledgement changes">
      {changed.map((line, index) => (
        <li key={index}>line {String(line.line ?? index + 1)}: <strong>{String(line.status)}</strong>{changeText(line) ? ` (${changeText(line)})` : ''}</li>
      ))}
    </ul>
  );
}
