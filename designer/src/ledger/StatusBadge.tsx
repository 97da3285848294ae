// A coloured status pill for documents, alerts and exceptions: red for refusals and failures, amber for work in progress, green when done.
import './ledger.css';

const TONE: Record<string, string> = {
  refused: 'bad', failed: 'bad', 'dead-lettered': 'bad', overdue: 'bad', open: 'bad', critical: 'bad',
  received: 'wait', sent: 'wait', acknowledged: 'wait', assigned: 'wait', pending: 'wait', warning: 'wait',
  accepted: 'good', posted: 'good', resolved: 'good', done: 'good', info: 'info',
};

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return <span className={`status-pill ledger-tone-${TONE[status] ?? 'info'}`} aria-label={label}>{status}</span>;
}
