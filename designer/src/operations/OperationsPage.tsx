// Operations dashboard (#/operations): throughput and error rate per partner, backlog, dead letters, ERP circuits, flow health,
// SLA board, overdue list and partner scorecard for a time range, and the runtimes; reloads live on the socket.io `operations` event.
import { useState } from 'react';
import { SummaryTiles } from './SummaryTiles';
import { ThroughputChart } from './ThroughputChart';
import { ErrorRateChart } from './ErrorRateChart';
import { BacklogPanel } from './BacklogPanel';
import { FlowHealthPanel } from './FlowHealthPanel';
import { SlaBoard } from './SlaBoard';
import { OverdueTable } from './OverdueTable';
import { Scorecard } from './Scorecard';
import { RuntimesPanel } from './RuntimesPanel';
import { TimeRangePicker } from './TimeRangePicker';
import { useOperationsData } from './useOperationsData';
import { windowOf, type RangeId } from './time-range';
import './operations.css';

export function OperationsPage() {
  const [range, setRange] = useState<RangeId>('24h');
  const data = useOperationsData(range);
  const { overview, sla, overdue } = data;
  const window = overview ? { from: overview.from, to: overview.to } : windowOf(range);
  return (
    <main className="page ops-page">
      <div className="page-head">
        <h1>Operations</h1>
        <div className="ops-head-right">
          <span className={`live-state ${data.connected ? 'on' : 'off'}`} aria-label="Live updates">
            <span className="status-dot" /> {data.connected ? 'Live' : 'Polling every 10 s'}
          </span>
          {overview && <span className="muted small" aria-label="As of" data-updates={data.updates}>as of {new Date(overview.asOf).toLocaleTimeString()}</span>}
          <TimeRangePicker value={range} onChange={setRange} />
        </div>
      </div>
      {data.errors.map((error) => <p key={error} role="alert" className="error-text">{error}</p>)}
      {data.loading && !overview && !sla && <p className="muted">Loading operations…</p>}
      {overview && (
        <>
          <SummaryTiles overview={overview} window={window} />
          <div className="ops-chart-grid two">
            <ThroughputChart overview={overview} range={range} />
            <ErrorRateChart overview={overview} range={range} />
          </div>
          <div className="ops-columns">
            <FlowHealthPanel overview={overview} />
            <BacklogPanel overview={overview} />
          </div>
        </>
      )}
      {sla && <SlaBoard sla={sla} />}
      {overdue && <OverdueTable overdue={overdue} />}
      {sla && <Scorecard sla={sla} window={window} />}
      <RuntimesPanel />
    </main>
  );
}
