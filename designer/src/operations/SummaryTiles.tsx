// The headline numbers of the range (received, refused, failed, posted, dead letters, backlog, overdue, alerts, exceptions), each a link to its explanation.
import type { OperationsOverview } from '../api/operations-types';
import type { TimeWindow } from './operations-api';
import { alertsHref, deadLettersHref, documentsHref, exceptionsHref } from './links';

interface Tile {
  label: string;
  value: number;
  href: string;
  /** Shown red when above zero. */
  bad?: boolean;
  hint?: string;
}

function tiles(overview: OperationsOverview, window: TimeWindow): Tile[] {
  const { totals, backlog } = overview;
  return [
    { label: 'Received', value: totals.received, href: documentsHref({ direction: 'in' }, window), hint: 'every inbound document, refused ones included' },
    { label: 'Refused', value: totals.refused, href: documentsHref({ status: 'refused' }, window), bad: true },
    { label: 'Failed', value: totals.failed, href: documentsHref({ status: 'failed' }, window), bad: true },
    { label: 'Posted to ERP', value: totals.posted, href: documentsHref({ status: 'posted' }, window) },
    { label: 'Open dead letters', value: overview.deadLetters.open, href: deadLettersHref(), bad: true, hint: `${totals.deadLettered} dead-lettered in this range` },
    { label: 'Backlog', value: backlog.queued + backlog.inFlight, href: '#ops-backlog', bad: backlog.queued > 0, hint: `${backlog.queued} queued · ${backlog.inFlight} in flight · ${backlog.retrying} retrying` },
    { label: 'Overdue (SLA)', value: overview.sla.overdue, href: documentsHref({ status: 'overdue' }), bad: true },
    { label: 'Open alerts', value: overview.sla.openAlerts, href: alertsHref({ status: 'open' }), bad: true },
    { label: 'Open exceptions', value: overview.exceptions.open, href: exceptionsHref({ status: 'open' }), bad: true },
  ];
}

export function SummaryTiles({ overview, window }: { overview: OperationsOverview; window: TimeWindow }) {
  return (
    <ul className="ops-tiles" aria-label="Totals">
      {tiles(overview, window).map((tile) => (
        <li key={tile.label} className={tile.bad && tile.value > 0 ? 'ops-tile bad' : 'ops-tile'} title={tile.hint}>
          <a href={tile.href} aria-label={`${tile.label}: ${tile.value}`} data-tile={tile.label}
            onClick={tile.href.startsWith('#ops-') ? (event) => { event.preventDefault(); document.getElementById(tile.href.slice(1))?.scrollIntoView(); } : undefined}>
            <span className="ops-tile-value">{tile.value}</span>
            <span className="ops-tile-label">{tile.label}</span>
            {tile.hint && <span className="ops-tile-hint">{tile.hint}</span>}
          </a>
        </li>
      ))}
    </ul>
  );
}
