// Message data of one correlation id node by node (input and outputs), or why it is not shown: no permission, or nothing captured.
import type { TraceDataState } from './useTraceData';
import { NodeDataView } from './NodeDataView';
import './node-data.css';

export const FORBIDDEN_TEXT = 'Message data is hidden: your role lacks the ledger.payloads permission. An admin can grant it on the Users screen.';

export function NodeDataPanel({ state, onSelectNode }: { state: TraceDataState; onSelectNode?(nodeId: string): void }) {
  if (state.loading) return <p className="muted">Loading message data…</p>;
  if (state.forbidden) return <p role="alert" className="notice-forbidden">{FORBIDDEN_TEXT}</p>;
  if (state.error) return <p role="alert" className="error-text">Message data: {state.error}</p>;
  if (!state.data) return null;
  const nodes = state.data.nodes;
  if (nodes.length === 0) {
    return <p className="muted">No message data was captured for this message. The runtime keeps it for messages that errored (TRADELANE_CAPTURE_DATA=errors, the default), for every message with =all, or never with =off.</p>;
  }
  const start = nodes[0]!.at;
  return (
    <ol className="node-data-list" aria-label="Message data per node">
      {nodes.map((node, i) => <NodeDataView key={`${node.nodeId}-${node.at}-${i}`} node={node} start={start} onSelectNode={onSelectNode} />)}
    </ol>
  );
}
