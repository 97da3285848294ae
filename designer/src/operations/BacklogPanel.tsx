// Backlog per queue (queued, in flight) and open dead letters per flow, each row linking to the flow or the dead-letter console.
import type { OperationsOverview } from '../api/operations-types';
import { deadLettersHref, flowHref } from './links';

export function BacklogPanel({ overview }: { overview: OperationsOverview }) {
  const { backlog, deadLetters } = overview;
  return (
    <section className="card ops-panel" id="ops-backlog" aria-label="Backlog and dead letters">
      <h2>Backlog and dead letters</h2>
      <p className="small">{backlog.queued} queued · {backlog.inFlight} in flight · {backlog.retrying} retrying · <a href={deadLettersHref()}>{deadLetters.open} open dead letters</a></p>
      {backlog.byQueue.length > 0 && (
        <table className="data-table compact" aria-label="Backlog by queue">
          <thead><tr><th>Queue</th><th>Queued</th><th>In flight</th></tr></thead>
          <tbody>
            {backlog.byQueue.map((q) => (
              <tr key={`${q.flowId}/${q.nodeId}`}><td><a href={flowHref(q.flowId)}>{q.name || q.nodeId}</a> <span className="muted small">{q.flowId}</span></td><td>{q.queued}</td><td>{q.inFlight}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {deadLetters.byFlow.length > 0 && (
        <table className="data-table compact" aria-label="Open dead letters by flow">
          <thead><tr><th>Flow</th><th>Open dead letters</th></tr></thead>
          <tbody>
            {deadLetters.byFlow.map((f) => (
              <tr key={f.flowId}><td><a href={flowHref(f.flowId)}>{f.name || f.flowId}</a></td><td><a href={deadLettersHref()}>{f.open}</a></td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
