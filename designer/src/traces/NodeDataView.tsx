// One node's handling of a message, n8n style: the input pane beside one pane per output (an output that sent nothing says so).
import type { CapturedValue, NodeMessageData } from '../api/operations-types';
import { CapturedValueView } from '../operations/CapturedValueView';

function Pane({ title, value, nodeName }: { title: string; value: CapturedValue | null | undefined; nodeName: string }) {
  return (
    <div className="node-data-pane" aria-label={`${title} of ${nodeName}`} role="region">
      <h4>{title}</h4>
      {value ? <CapturedValueView value={value} label={`${title} data of ${nodeName}`} /> : <p className="muted small">{value === null ? 'No message on this output.' : 'Nothing recorded.'}</p>}
    </div>
  );
}

export function NodeDataView({ node, start, onSelectNode }: { node: NodeMessageData; start: number; onSelectNode?(nodeId: string): void }) {
  const name = node.nodeName || node.nodeType;
  const outputs = node.outputs ?? [];
  return (
    <li className="node-data" data-node-id={node.nodeId}>
      <div className="node-data-head">
        <span className="hop-time mono">+{node.at - start} ms</span>
        {onSelectNode ? <button type="button" className="link-button" onClick={() => onSelectNode(node.nodeId)}>{name}</button> : <strong>{name}</strong>}
        <span className="muted small mono">{node.nodeType}</span>
        <span className="muted small">flow {node.flowId}</span>
      </div>
      {node.error && <p className="error-text small" role="note">{node.error}</p>}
      <div className="node-data-panes">
        <Pane title="Input" value={node.input} nodeName={name} />
        {outputs.length === 0 && <Pane title="Output" value={undefined} nodeName={name} />}
        {outputs.map((output, i) => <Pane key={i} title={outputs.length > 1 ? `Output ${i + 1}` : 'Output'} value={output} nodeName={name} />)}
      </div>
    </li>
  );
}
