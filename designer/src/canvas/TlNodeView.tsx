// One node on the canvas: label, ports (labelled when there are several outputs), problems, live counters and status.
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { TlNode } from './flow-model';
import { outputHandle } from './flow-model';
import { useEditorContext } from './editor-context';
import { useNodeOverlay } from './overlay-store';
import { outputPorts } from './ports';
import { formatRate } from '../util/format';

const PORT_SPACING = 24;

function TlNodeViewImpl({ id, data, selected }: NodeProps<TlNode>) {
  const { catalog, overlays, injectNode } = useEditorContext();
  const overlay = useNodeOverlay(overlays, id);
  const descriptor = catalog.get(data.nodeType);
  const outputs = outputPorts(descriptor, data);
  const inputs = descriptor ? descriptor.inputs : 1;
  const title = data.name || descriptor?.label || data.nodeType;
  const errors = overlay.problems?.filter((p) => p.severity === 'error') ?? [];
  const warnings = overlay.problems?.filter((p) => p.severity === 'warning') ?? [];
  const height = Math.max(44, outputs.length * PORT_SPACING + 12);
  const classes = ['tl-node'];
  if (selected) classes.push('selected');
  if (!descriptor) classes.push('unknown-type');
  if (errors.length) classes.push('has-errors');
  else if (warnings.length) classes.push('has-warnings');
  if (overlay.diff) classes.push(`diff-${overlay.diff}`);
  if (overlay.traced) classes.push('traced');
  // Node-RED's `d: true`: kept in the flow, skipped by the runtime.
  const disabled = data.config.d === true;
  if (disabled) classes.push('disabled');
  const canInject = injectNode !== undefined && data.nodeType === 'inject' && !disabled;

  return (
    <div
      className={classes.join(' ')}
      style={{ minHeight: height, ['--node-color' as string]: descriptor?.color ?? '#8a94a6' }}
      aria-label={`Node ${title}${disabled ? ' (disabled)' : ''}`}
      data-node-type={data.nodeType}
      data-diff={overlay.diff}
      data-traced={overlay.traced ? 'true' : undefined}
    >
      {canInject && (
        // nodrag: a click on the button must not start dragging the node.
        <button type="button" className="tl-inject-button nodrag" aria-label={`Inject ${title}`} title="Inject now (runs the deployed version)"
          onClick={(event) => { event.stopPropagation(); injectNode(id, title); }}>▶</button>
      )}
      {inputs > 0 && <Handle type="target" position={Position.Left} id="in" aria-label={`${title} input`} />}
      <div className="tl-node-body">
        <div className="tl-node-title">{title}</div>
        {(data.name || !descriptor) && <div className="tl-node-type">{data.nodeType}</div>}
      </div>
      {outputs.map((port, index) => (
        <div key={index} className="tl-port" style={{ top: portTop(index, outputs.length, height) }}>
          <Handle type="source" position={Position.Right} id={outputHandle(index)} aria-label={`${title} output ${port.label}`} />
          {/* Outside the node body, just above its wire: never over the node's name. */}
          {outputs.length > 1 && <span className="tl-port-label" title={port.label}>{port.label}</span>}
        </div>
      ))}
      {(errors.length > 0 || warnings.length > 0) && (
        <div className={`tl-node-problems ${errors.length ? 'error' : 'warning'}`} role="note"
          aria-label={`Problems: ${[...errors, ...warnings].map((p) => p.message).join('; ')}`}
          title={[...errors, ...warnings].map((p) => `${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n')}>
          {errors.length + warnings.length}
        </div>
      )}
      {overlay.stats && (
        <div className="tl-node-stats" aria-label="Live counters">
          <span data-counter="in">in {overlay.stats.in}</span>
          <span data-counter="out">out {overlay.stats.out}</span>
          <span data-counter="errors" className={overlay.stats.errors ? 'err' : undefined}>err {overlay.stats.errors}</span>
          <span data-counter="rate">{formatRate(overlay.stats.ratePerSec)}/s</span>
        </div>
      )}
      {overlay.status?.text !== undefined && overlay.status.text !== '' && (
        <div className="tl-node-status" aria-label="Node status">
          <span className={`status-dot fill-${overlay.status.fill ?? 'grey'} shape-${overlay.status.shape ?? 'dot'}`} />
          {overlay.status.text}
        </div>
      )}
    </div>
  );
}

function portTop(index: number, count: number, height: number): number {
  if (count <= 1) return height / 2;
  const span = (count - 1) * PORT_SPACING;
  return height / 2 - span / 2 + index * PORT_SPACING;
}

export const TlNodeView = memo(TlNodeViewImpl);
