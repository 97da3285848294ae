// Lines: share of documents refused, failed or dead-lettered per time bucket, one line per partner.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { OperationsOverview } from '../api/operations-types';
import { errorRateRows, partnerSeries } from './chart-data';
import { bucketLabel, type RangeId } from './time-range';

export function ErrorRateChart({ overview, range }: { overview: OperationsOverview; range: RangeId }) {
  const series = partnerSeries(overview);
  const data = errorRateRows(overview);
  return (
    <figure className="ops-chart" aria-label="Error rate per partner">
      <figcaption>Error rate (refused, failed, dead-lettered)</figcaption>
      {series.length === 0 ? <p className="muted">No documents in this range.</p> : (
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="at" tickFormatter={(at: string) => bucketLabel(at, range)} fontSize={11} minTickGap={24} />
            <YAxis domain={[0, 100]} unit="%" fontSize={11} />
            <Tooltip labelFormatter={(at) => new Date(String(at)).toLocaleString()} formatter={(value) => `${String(value)} %`} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((s) => <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} dot={{ r: 3 }} connectNulls={false} isAnimationActive={false} />)}
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
