// Traces page: find any message by correlation id across flows: its hops, its ledger documents (refusals have no hops), each node's
// input and output data, and a jump to its flow with the path highlighted.
import { useEffect, useState, type FormEvent } from 'react';
import { useSession } from '../auth/session';
import { useAsync } from '../util/useAsync';
import { errorText } from '../api/client';
import type { Route } from '../util/useHashRoute';
import type { TraceWithDocuments } from '../operations/operations-api';
import { TraceTimeline } from './TraceTimeline';
import { TraceDocuments } from './TraceDocuments';
import { NodeDataPanel } from './NodeDataPanel';
import { useTraceData } from './useTraceData';
import { formatWhen } from '../util/format';

export function TracesPage({ correlationId, navigate }: { correlationId?: string; navigate(route: Route): void }) {
  const { api } = useSession();
  const recent = useAsync(() => api.listTraces(50), [api]);
  const [query, setQuery] = useState(correlationId ?? '');
  const [trace, setTrace] = useState<TraceWithDocuments | null>(null);
  const [error, setError] = useState<string | null>(null);
  const nodeData = useTraceData(trace ? trace.correlationId : undefined);

  useEffect(() => {
    if (!correlationId) return;
    setQuery(correlationId);
    api.getTrace(correlationId).then((t) => { setTrace(t); setError(null); }, (err: unknown) => { setTrace(null); setError(errorText(err)); });
  }, [api, correlationId]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (query.trim()) navigate({ view: 'traces', correlationId: query.trim() });
  }

  const flowIds = [...new Set(trace?.hops.map((h) => h.flowId).filter(Boolean) ?? [])];

  return (
    <main className="page">
      <div className="page-head"><h1>Traces</h1></div>
      <form onSubmit={submit} className="inline-form">
        <input type="search" aria-label="Correlation id" placeholder="Correlation id" value={query} onChange={(e) => setQuery(e.target.value)} />
        <button type="submit" className="primary">Find trace</button>
      </form>
      {error && <p role="alert" className="error-text">{error}</p>}
      {trace && (
        <section className="card">
          <h2 className="mono">{trace.correlationId}</h2>
          {flowIds.map((flowId) => (
            <a key={flowId} className="button" href={`#/flows/${encodeURIComponent(flowId)}/trace/${encodeURIComponent(trace.correlationId)}`}>Show path on flow {flowId}</a>
          ))}
          <TraceDocuments documents={trace.documents ?? []} />
          {(trace.hops.length > 0 || !trace.documents?.length) && <TraceTimeline hops={[...trace.hops].sort((a, b) => a.at - b.at)} />}
          {trace.hops.length > 0 && (
            <>
              <h3>Message data per node</h3>
              <NodeDataPanel state={nodeData} />
            </>
          )}
        </section>
      )}
      <h2>Recent messages</h2>
      {recent.error && <p className="error-text">{recent.error}</p>}
      <table className="data-table" aria-label="Recent traces">
        <thead><tr><th>Correlation id</th><th>Outcome</th><th>Hops</th><th>First seen</th></tr></thead>
        <tbody>
          {(recent.data ?? []).map((t) => (
            <tr key={t.correlationId}>
              <td><a className="mono" href={`#/traces/${encodeURIComponent(t.correlationId)}`}>{t.correlationId}</a></td>
              <td><span className={`outcome outcome-${t.outcome}`}>{t.outcome}</span></td>
              <td>{t.hopCount}</td>
              <td>{formatWhen(t.firstAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
