// One captured payload: its size, a "truncated" marker when the cap cut it, and the value as a JSON tree (or the raw text).
import type { CapturedValue } from '../api/operations-types';
import { JsonTree } from './JsonTree';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function CapturedValueView({ value, label }: { value: CapturedValue; label: string }) {
  return (
    <div className="captured" data-truncated={value.truncated ? 'true' : undefined}>
      <div className="captured-meta">
        <span>{formatBytes(value.bytes)}</span>
        {value.truncated && <span className="captured-truncated" title="Cut at the capture size cap">truncated</span>}
      </div>
      {value.value !== undefined ? <JsonTree value={value.value} label={label} /> : <pre className="captured-text" aria-label={label}>{value.text ?? ''}</pre>}
    </div>
  );
}
