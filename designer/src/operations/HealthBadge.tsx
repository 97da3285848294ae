// A flow's health state (ok / degraded / failing) as a badge whose tooltip and accessible name carry the numbers and the reasons.
import type { FlowHealth } from '../api/operations-types';
import './health.css';

export function healthSummary(health: FlowHealth): string {
  const parts = [`${health.errorsLastHour} error${health.errorsLastHour === 1 ? '' : 's'} last hour`, `backlog ${health.backlog}`,
    `${health.openDeadLetters} open dead letter${health.openDeadLetters === 1 ? '' : 's'}`];
  if (health.openCircuits) parts.push(`${health.openCircuits} open circuit${health.openCircuits === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

export function HealthBadge({ health }: { health: FlowHealth }) {
  const detail = [healthSummary(health), ...health.reasons].join('\n');
  return (
    <span className={`health-badge health-${health.state}`} data-health={health.state} title={detail} aria-label={`Health ${health.state}: ${detail.replace(/\n/g, '; ')}`}>
      {health.state}
    </span>
  );
}

/** Badge plus the numbers and reasons on lines of their own, for tables with room. */
export function HealthDetail({ health }: { health: FlowHealth }) {
  return (
    <div className="health-detail">
      <HealthBadge health={health} />
      <span className="small muted" data-health-counts="">{healthSummary(health)}</span>
      {health.reasons.length > 0 && (
        <ul className="health-reasons" aria-label="Health reasons">
          {health.reasons.map((reason) => <li key={reason}>{reason}</li>)}
        </ul>
      )}
    </div>
  );
}
