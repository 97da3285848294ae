// The SLA board: overdue purchase orders per supplier, the supplier acknowledgement response-time distribution and ship-notice compliance.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SlaSummary } from '../api/operations-types';

const supplierName = (s: { partnerId: string; name?: string }) => s.name || s.partnerId;
const COLORS = ['#1f5fbf', '#067647', '#a15c07', '#7a5af8', '#d92d20', '#0e9384'];

function OverdueChart({ sla }: { sla: SlaSummary }) {
  const data = sla.suppliers.map((s) => ({ supplier: supplierName(s), ...s.overdue }));
  return (
    <figure className="ops-chart" aria-label="Overdue per supplier">
      <figcaption>Overdue now, per supplier</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="supplier" fontSize={11} />
          <YAxis allowDecimals={false} fontSize={11} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="purchaseOrders" name="POs not acknowledged" stackId="o" fill="#d92d20" isAnimationActive={false} />
          <Bar dataKey="functionalAcks" name="997 missing" stackId="o" fill="#a15c07" isAnimationActive={false} />
          <Bar dataKey="shipNotices" name="ASN missing" stackId="o" fill="#7a5af8" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

function ResponseTimeChart({ sla }: { sla: SlaSummary }) {
  const data = sla.ackBuckets.map((bucket, index) => ({
    bucket: bucket.label,
    ...Object.fromEntries(sla.suppliers.map((s) => [s.partnerId, s.ackResponse.buckets[index] ?? 0])),
  }));
  return (
    <figure className="ops-chart" aria-label="Acknowledgement response times">
      <figcaption>Acknowledgement response time</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="bucket" fontSize={11} />
          <YAxis allowDecimals={false} fontSize={11} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {sla.suppliers.map((s, i) => <Bar key={s.partnerId} dataKey={s.partnerId} name={supplierName(s)} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />)}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

function AsnComplianceChart({ sla }: { sla: SlaSummary }) {
  const data = sla.suppliers.map((s) => ({ supplier: supplierName(s), ...s.asnCompliance }));
  return (
    <figure className="ops-chart" aria-label="ASN compliance">
      <figcaption>Ship-notice (ASN) compliance</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} fontSize={11} />
          <YAxis type="category" dataKey="supplier" fontSize={11} width={110} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="onTime" name="On time" stackId="a" fill="#067647" isAnimationActive={false} />
          <Bar dataKey="late" name="Late" stackId="a" fill="#a15c07" isAnimationActive={false} />
          <Bar dataKey="missing" name="Missing" stackId="a" fill="#d92d20" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function SlaBoard({ sla }: { sla: SlaSummary }) {
  return (
    <section className="card ops-panel" aria-label="SLA board">
      <h2>SLA board</h2>
      {sla.suppliers.length === 0 ? <p className="muted">No supplier has SLA rules or documents in this range.</p> : (
        <div className="ops-chart-grid">
          <OverdueChart sla={sla} />
          <ResponseTimeChart sla={sla} />
          <AsnComplianceChart sla={sla} />
        </div>
      )}
    </section>
  );
}
