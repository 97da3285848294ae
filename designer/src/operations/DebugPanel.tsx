// Debug sidebar of the flow editor: debug-node messages of this flow, newest first, with expandable values, a node filter and clear;
// clicking a message selects (highlights) its node on the canvas.
import { useMemo, useState } from 'react';
import type { DebugMessage } from '../api/operations-types';
import type { DebugMessages } from './useDebugMessages';
import { CapturedValueView } from './CapturedValueView';

interface DebugPanelProps {
  debug: DebugMessages;
  connected: boolean;
  onSelectNode(nodeId: string): void;
  onOpenTrace(correlationId: string): void;
}

function nodesOf(messages: DebugMessage[]): Array<{ id: string; name: string }> {
  const names = new Map<string, string>();
  for (const m of messages) names.set(m.nodeId, m.nodeName || m.nodeId);
  return [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

export function DebugPanel({ debug, connected, onSelectNode, onOpenTrace }: DebugPanelProps) {
  const [nodeFilter, setNodeFilter] = useState('');
  const nodes = useMemo(() => nodesOf(debug.messages), [debug.messages]);
  const shown = useMemo(() => debug.messages.filter((m) => !nodeFilter || m.nodeId === nodeFilter).reverse(), [debug.messages, nodeFilter]);
  return (
    <section className="debug-panel" aria-label="Debug messages">
      <div className="debug-toolbar">
        <select aria-label="Filter by node" value={nodeFilter} onChange={(e) => setNodeFilter(e.target.value)}>
          <option value="">All debug nodes</option>
          {nodes.map((n) => <option key={n.id} value={n.id}>{n.name}</option>)}
        </select>
        <button type="button" onClick={debug.clear} disabled={debug.messages.length === 0}>Clear</button>
        <span className={`live-state ${connected ? 'on' : 'off'} small`}><span className="status-dot" /> {connected ? 'live' : 'offline'}</span>
      </div>
      {debug.error && <p role="alert" className="error-text small">{debug.error}</p>}
      {shown.length === 0 && <p className="muted">No debug output yet. Debug nodes of this flow show their messages here.</p>}
      <ol className="debug-list" aria-label="Debug output">
        {shown.map((m) => (
          <li key={`${m.nodeId}-${m.at}-${m.correlationId ?? ''}`} className="debug-message" data-node-id={m.nodeId}>
            <div className="debug-head">
              <time className="muted small">{new Date(m.at).toLocaleTimeString()}</time>
              <button type="button" className="link-button" aria-label={`Show node ${m.nodeName || m.nodeId}`} onClick={() => onSelectNode(m.nodeId)}>{m.nodeName || m.nodeId}</button>
              <span className="mono small muted">{m.property.startsWith('msg') ? m.property : `msg.${m.property}`}</span>
              {m.correlationId && <button type="button" className="link-button mono small" aria-label={`Open trace ${m.correlationId}`} onClick={() => onOpenTrace(m.correlationId!)}>{m.correlationId}</button>}
            </div>
            <CapturedValueView value={m.value} label={`Debug value of ${m.nodeName || m.nodeId}`} />
          </li>
        ))}
      </ol>
    </section>
  );
}
