// Hop-by-hop timeline of one message's trace.
import type { TraceHop } from '../api/types';

export function TraceTimeline({ hops, onSelectNode }: { hops: TraceHop[]; onSelectNode?(nodeId: string): void }) {
  if (!hops.length) return <p className="muted">No hops recorded for this correlation id.</p>;
  const start = hops[0]!.at;
  return (
    <ol className="timeline" aria-label="Trace timeline">
      {hops.map((hop, i) => (
        <li key={i} className={`hop hop-${hop.event}`} data-node-id={hop.nodeId}>
          <span className="hop-time mono">+{hop.at - start} ms</span>
          <span className="hop-event">{hop.event}</span>
          {onSelectNode ? (
            <button type="button" className="link-button" onClick={() => onSelectNode(hop.nodeId)}>{hop.nodeName || hop.nodeType}</button>
          ) : (
            <span>{hop.nodeName || hop.nodeType}</span>
          )}
          <span className="muted small mono">{hop.nodeType}</span>
          {hop.error !== undefined && <div className="error-text small">{typeof hop.error === 'string' ? hop.error : `${hop.error.code ?? ''} ${hop.error.message ?? ''}`}</div>}
          {hop.text && <div className="small">{hop.text}</div>}
        </li>
      ))}
    </ol>
  );
}
