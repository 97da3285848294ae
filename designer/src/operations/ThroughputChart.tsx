// Stacked bars: documents arrived per time bucket, one colour per partner.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { OperationsOverview } from '../api/operations-types';
import { partnerSeries, throughputRows } from './chart-data';
import { bucketLabel, type RangeId } from './time-range';

export function ThroughputChart({ overview, range }: { overview: OperationsOverview; range: RangeId }) {
  const series = partnerSeries(overview);
  const data = throughputRows(overview);
  return (
    <figure className="ops-chart" aria-label="Throughput per partner">
      <figcaption>Documents per partner</figcaption>
      {series.length === 0 ? <p className="muted">No documents in this range.</p> : (
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="at" tickFormatter={(at: string) => bucketLabel(at, range)} fontSize={11} minTickGap={24} />
            <YAxis allowDecimals={false} fontSize={11} />
            <Tooltip labelFormatter={(at) => new Date(String(at)).toLocaleString()} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((s) => <Bar key={s.key} dataKey={s.key} name={s.label} stackId="partners" fill={s.color} isAnimationActive={false} />)}
          </BarChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
