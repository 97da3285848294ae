// ERP circuits (closed / open / half-open) and each flow's health with its reasons, linking to the flow.
import type { OperationsOverview } from '../api/operations-types';
import { flowHref } from './links';
import { HealthDetail } from './HealthBadge';

export function FlowHealthPanel({ overview }: { overview: OperationsOverview }) {
  return (
    <section className="card ops-panel" aria-label="Flows and ERP circuits">
      <h2>Flows and ERP circuits</h2>
      {overview.circuits.length === 0 ? <p className="muted small">No ERP post nodes deployed.</p> : (
        <ul className="ops-circuits" aria-label="ERP circuits">
          {overview.circuits.map((c) => (
            <li key={`${c.flowId}/${c.nodeId}`} data-circuit={c.state}>
              <span className={`circuit circuit-${c.state}`}>{c.state}</span> <a href={flowHref(c.flowId)}>{c.name || c.nodeId}</a> <span className="muted small">{c.flowId}</span>
            </li>
          ))}
        </ul>
      )}
      <table className="data-table compact" aria-label="Flow health">
        <thead><tr><th>Flow</th><th>Health</th></tr></thead>
        <tbody>
          {overview.flows.map((flow) => (
            <tr key={flow.id} data-flow-id={flow.id}><td><a href={flowHref(flow.id)}>{flow.name || flow.id}</a></td><td><HealthDetail health={flow.health} /></td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
