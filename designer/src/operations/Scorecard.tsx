// Partner scorecard: per supplier documents, refusals, acknowledgement timeliness, ship-notice compliance, overdue and open alerts, each linked.
import type { SlaSummary, SupplierSla } from '../api/operations-types';
import type { TimeWindow } from './operations-api';
import { alertsHref, documentsHref } from './links';

const percent = (value: number | null) => (value === null ? '—' : `${value} %`);
const hoursText = (value: number | null) => (value === null ? '—' : `${value} h`);

function Row({ s, window }: { s: SupplierSla; window: TimeWindow }) {
  const overdue = s.overdue.purchaseOrders + s.overdue.functionalAcks + s.overdue.shipNotices;
  return (
    <tr data-partner-id={s.partnerId}>
      <td>{s.name || s.partnerId}{s.name && <div className="muted small">{s.partnerId}</div>}</td>
      <td><a href={documentsHref({ partner: s.partnerId }, window)} aria-label={`Documents of ${s.partnerId}`}>{s.scorecard.documents}</a></td>
      <td><a href={documentsHref({ partner: s.partnerId, status: 'refused' }, window)} aria-label={`Refused of ${s.partnerId}`}>{s.scorecard.refused}</a> <span className="muted small">{percent(s.scorecard.refusedPct)}</span></td>
      <td>{s.ackResponse.acknowledged}/{s.ackResponse.purchaseOrders}</td>
      <td>{percent(s.scorecard.ackOnTimePct)}</td>
      <td>{hoursText(s.scorecard.averageAckHours)}</td>
      <td>{s.asnCompliance.onTime} / {s.asnCompliance.late} / {s.asnCompliance.missing}</td>
      <td><a href={documentsHref({ partner: s.partnerId, status: 'overdue' })} aria-label={`Overdue of ${s.partnerId}`}>{overdue}</a></td>
      <td><a href={alertsHref({ partner: s.partnerId, status: 'open' })}>{s.openAlerts}</a></td>
    </tr>
  );
}

export function Scorecard({ sla, window }: { sla: SlaSummary; window: TimeWindow }) {
  return (
    <section className="card ops-panel" aria-label="Partner scorecard">
      <h2>Partner scorecard</h2>
      {sla.suppliers.length === 0 ? <p className="muted small">No partner activity in this range.</p> : (
        <table className="data-table compact" aria-label="Scorecard">
          <thead>
            <tr><th>Partner</th><th>Documents</th><th>Refused</th><th>POs acknowledged</th><th>Ack on time</th><th>Avg ack time</th><th>ASN on time / late / missing</th><th>Overdue</th><th>Open alerts</th></tr>
          </thead>
          <tbody>{sla.suppliers.map((s) => <Row key={s.partnerId} s={s} window={window} />)}</tbody>
        </table>
      )}
    </section>
  );
}
