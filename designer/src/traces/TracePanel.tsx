// Trace tab of the editor: search by correlation id, recent traces, timeline; the path lights up on the canvas.
import { useEffect, useState, type FormEvent } from 'react';
import { useSession } from '../auth/session';
import type { TraceSummary } from '../api/types';
import type { TraceHighlight } from './useTraceHighlight';
import { TraceTimeline } from './TraceTimeline';

export function TracePanel({ highlight, onSelectNode }: { highlight: TraceHighlight; onSelectNode(nodeId: string): void }) {
  const { api } = useSession();
  const [query, setQuery] = useState(highlight.correlationId);
  const [recent, setRecent] = useState<TraceSummary[]>([]);

  useEffect(() => setQuery(highlight.correlationId), [highlight.correlationId]);
  useEffect(() => {
    api.listTraces(15).then(setRecent, () => setRecent([]));
  }, [api, highlight.trace]);

  function submit(event: FormEvent) {
    event.preventDefault();
    void highlight.search(query);
  }

  return (
    <section className="trace-panel" aria-label="Trace">
      <form onSubmit={submit} className="inline-form">
        <input type="search" aria-label="Correlation id" placeholder="Correlation id" value={query} onChange={(e) => setQuery(e.target.value)} />
        <button type="submit" aria-label="Find trace">Find</button>
        {highlight.trace && <button type="button" onClick={highlight.clear}>Clear</button>}
      </form>
      {highlight.loading && <p className="muted">Loading trace…</p>}
      {highlight.error && <p role="alert" className="error-text">{highlight.error}</p>}
      {highlight.trace && (
        <>
          <p className="small">{highlight.trace.hops.length} hops; {highlight.tracedEdges.size} wire{highlight.tracedEdges.size === 1 ? '' : 's'} on this canvas highlighted.
            {' '}<a href={`#/traces/${encodeURIComponent(highlight.trace.correlationId)}`}>Input and output per node</a></p>
          <TraceTimeline hops={highlight.trace.hops} onSelectNode={onSelectNode} />
        </>
      )}
      {!highlight.trace && recent.length > 0 && (
        <>
          <h3>Recent messages</h3>
          <ul className="recent-traces">
            {recent.map((t) => (
              <li key={t.correlationId}>
                <button type="button" className="link-button mono" onClick={() => void highlight.search(t.correlationId)}>{t.correlationId}</button>
                <span className={`outcome outcome-${t.outcome}`}>{t.outcome}</span>
                <span className="muted small">{t.hopCount} hops</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
