// Side panel for the live overlay: connection state and the clicked node's recent messages.
import type { LiveTraceEvent } from '../api/types';
import type { TlNode } from '../canvas/flow-model';

interface LivePanelProps {
  connected: boolean;
  node: TlNode | null;
  events: LiveTraceEvent[];
  onOpenTrace(correlationId: string): void;
}

export function LivePanel({ connected, node, events, onOpenTrace }: LivePanelProps) {
  return (
    <section className="live-panel" aria-label="Live execution">
      <p className={`live-state ${connected ? 'on' : 'off'}`}>
        <span className="status-dot" /> {connected ? 'Live: connected to the runtime' : 'Live: not connected'}
      </p>
      {!node && <p className="muted">Click a node to see the messages it handled recently.</p>}
      {node && (
        <>
          <h3>Recent messages: {node.data.name || node.data.nodeType}</h3>
          {events.length === 0 && <p className="muted">No messages seen since this page opened.</p>}
          <ol className="recent-list" aria-label="Recent messages">
            {events.map((event, i) => (
              <li key={`${event.correlationId}-${event.at}-${i}`} className={`event-${event.event}`}>
                <time>{new Date(event.at).toLocaleTimeString()}</time>
                <span className="event-kind">{event.event}</span>
                <button type="button" className="link-button mono" aria-label={`Open trace ${event.correlationId}`} onClick={() => onOpenTrace(event.correlationId)}>
                  {event.correlationId}
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
