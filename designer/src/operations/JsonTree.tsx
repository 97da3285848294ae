// Expandable JSON view: objects and arrays fold open with <details>; masked values ("***") are marked as such.
import './json-tree.css';

export const MASKED = '***';
const OPEN_DEPTH = 1;

function Scalar({ value }: { value: unknown }) {
  if (value === MASKED) return <span className="json-masked" title="Masked by the partner's or flow's masking setting">masked</span>;
  if (typeof value === 'string') return <span className="json-string">"{value}"</span>;
  if (value === null || value === undefined) return <span className="json-null">{String(value)}</span>;
  return <span className={`json-${typeof value}`}>{String(value)}</span>;
}

function preview(value: object): string {
  if (Array.isArray(value)) return `Array(${value.length})`;
  const keys = Object.keys(value);
  return `{ ${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', …' : ''} }`;
}

function Node({ name, value, depth }: { name?: string; value: unknown; depth: number }) {
  const label = name !== undefined ? <span className="json-key">{name}: </span> : null;
  if (value === null || typeof value !== 'object') return <div className="json-row">{label}<Scalar value={value} /></div>;
  const entries = Array.isArray(value) ? value.map((item, i) => [String(i), item] as const) : Object.entries(value);
  return (
    <details className="json-node" open={depth < OPEN_DEPTH}>
      <summary>{label}<span className="json-preview">{preview(value)}</span></summary>
      <div className="json-children">
        {entries.length === 0 && <div className="json-row json-null">(empty)</div>}
        {entries.map(([key, item]) => <Node key={key} name={key} value={item} depth={depth + 1} />)}
      </div>
    </details>
  );
}

export function JsonTree({ value, label }: { value: unknown; label?: string }) {
  return <div className="json-tree mono" role="group" aria-label={label ?? 'JSON'}><Node value={value} depth={0} /></div>;
}
