// What each acknowledgement changed against the PO, as the lifecycle route compares them: per line, ordered vs promised quantity, price and date.
import type { AcknowledgementChanges, FieldChange } from '../api/ledger-types';

const FIELD_TITLES: Record<FieldChange['field'], string> = { quantity: 'quantity', unitPrice: 'unit price', date: 'date' };

function changeText(change: FieldChange): string {
  return `${FIELD_TITLES[change.field]} ${change.ordered ?? '—'} → ${change.promised ?? '—'}`;
}

function OneAcknowledgement({ changes }: { changes: AcknowledgementChanges }) {
  if (changes.unavailable) return <p className="muted small">Line changes unavailable: {changes.unavailable}.</p>;
  const changed = changes.lines.filter((line) => line.changes.length || line.status !== 'accepted');
  return (
    <div className="small" aria-label="Acknowledgement changes">
      {changed.length === 0 ? <p className="ok-text">Every line accepted as ordered.</p> : (
        <ul>
          {changed.map((line) => (
            <li key={line.line}>
              line {line.line}{line.sku ? <span className="mono"> {line.sku}</span> : null}: <strong>{line.status}</strong>
              {line.changes.length ? ` (${line.changes.map(changeText).join(', ')})` : ''}{line.reason ? <span className="muted"> · {line.reason}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {changes.unansweredLines.length > 0 && <p className="error-text">Not answered: line {changes.unansweredLines.join(', ')}.</p>}
      {changes.note && <p className="muted">{changes.note}.</p>}
    </div>
  );
}

export function AckChanges({ changes, hidden }: { changes: AcknowledgementChanges[] | undefined; hidden: string | undefined }) {
  if (hidden) return <p className="muted small">Line changes withheld: {hidden}.</p>;
  if (!changes?.length) return null;
  return <>{changes.map((item) => <OneAcknowledgement key={item.acknowledgementId} changes={item} />)}</>;
}
