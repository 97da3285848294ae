// An alert's audit trail (raised, delivered, acknowledged, commented, resolved: who, when, what they said) and its deliveries.
import type { AlertDelivery, AlertEvent } from '../api/ledger-types';
import { formatWhen } from '../util/format';

const VERBS: Record<AlertEvent['type'], string> = {
  raised: 'raised', delivered: 'delivered', 'delivery-failed': 'delivery failed', acknowledged: 'acknowledged', commented: 'commented', resolved: 'resolved',
};

function detailText(details: Record<string, unknown> | undefined): string {
  if (!details) return '';
  return Object.entries(details).map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`).join(' · ');
}

export function AlertTrail({ events }: { events: AlertEvent[] }) {
  return (
    <ol className="trail" aria-label="Alert trail">
      {events.map((event) => (
        <li key={event.id} data-event={event.type}>
          <div className="trail-head"><strong>{VERBS[event.type]}</strong> by {event.actor} · {formatWhen(event.at)}</div>
          {event.comment && <div>{event.comment}</div>}
          {event.details && <div className="muted small">{detailText(event.details)}</div>}
        </li>
      ))}
    </ol>
  );
}

export function AlertDeliveries({ deliveries }: { deliveries: AlertDelivery[] }) {
  if (!deliveries.length) return <p className="muted small">No delivery channel configured (in-app only).</p>;
  return (
    <table className="data-table" aria-label="Alert deliveries">
      <thead><tr><th>Channel</th><th>Target</th><th>Status</th><th>Attempts</th></tr></thead>
      <tbody>
        {deliveries.map((delivery) => (
          <tr key={`${delivery.channel}-${delivery.target}`}>
            <td>{delivery.channel}</td>
            <td className="mono small">{delivery.target}</td>
            <td>{delivery.status}{delivery.deliveredAt ? ` ${formatWhen(delivery.deliveredAt)}` : ''}{delivery.lastError ? <div className="error-text small">{delivery.lastError}</div> : null}</td>
            <td>{delivery.attempts}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
