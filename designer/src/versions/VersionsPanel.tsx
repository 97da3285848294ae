// Versions tab: history newest first, pick two to diff on the canvas, one-click rollback, changed properties list.
import { useState } from 'react';
import type { VersionSummary } from '../api/types';
import type { ActiveDiff } from './useVersionDiff';
import { formatWhen } from '../util/format';

interface VersionsPanelProps {
  versions: VersionSummary[];
  currentVersion: number | null;
  canRollback: boolean;
  diff: ActiveDiff | null;
  diffError: string | null;
  onCompare(a: number, b: number): void;
  onExitDiff(): void;
  onRollback(n: number): void;
  onSelectNode(nodeId: string): void;
}

export function VersionsPanel({ versions, currentVersion, canRollback, diff, diffError, onCompare, onExitDiff, onRollback, onSelectNode }: VersionsPanelProps) {
  const [picked, setPicked] = useState<number[]>([]);
  const toggle = (n: number) => setPicked((p) => (p.includes(n) ? p.filter((x) => x !== n) : [...p.slice(-1), n]));

  return (
    <section className="versions-panel" aria-label="Versions">
      {diff ? (
        <DiffSummary diff={diff} onExit={onExitDiff} onSelectNode={onSelectNode} />
      ) : (
        <p className="muted small">Tick two versions to compare them on the canvas.</p>
      )}
      {diffError && <p role="alert" className="error-text">{diffError}</p>}
      {!diff && (
        <button type="button" className="primary" disabled={picked.length !== 2} aria-label="Compare selected versions"
          onClick={() => onCompare(picked[0]!, picked[1]!)}>
          Compare {picked.length === 2 ? `v${Math.min(...picked)} → v${Math.max(...picked)}` : 'versions'}
        </button>
      )}
      <ol className="version-list" aria-label="Version history">
        {versions.map((version) => (
          <li key={version.n} data-version={version.n} className={version.n === currentVersion ? 'current' : undefined}>
            <label className="version-pick">
              <input type="checkbox" aria-label={`Select version ${version.n}`} checked={picked.includes(version.n)} onChange={() => toggle(version.n)} />
              <strong>v{version.n}</strong>
              {version.n === currentVersion && <span className="tag">deployed</span>}
            </label>
            <div className="version-message">{version.message || <span className="muted">(no message)</span>}</div>
            <div className="muted small">{version.author} · {formatWhen(version.createdAt)}</div>
            {canRollback && version.n !== currentVersion && (
              <button type="button" aria-label={`Roll back to version ${version.n}`} onClick={() => onRollback(version.n)}>Roll back to v{version.n}</button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function DiffSummary({ diff, onExit, onSelectNode }: { diff: ActiveDiff; onExit(): void; onSelectNode(nodeId: string): void }) {
  const { nodes, wires } = diff.diff;
  return (
    <div className="diff-summary" aria-label="Diff summary">
      <div className="diff-head">
        <strong>v{diff.from} → v{diff.to}</strong>
        <button type="button" onClick={onExit} aria-label="Exit diff">Exit diff</button>
      </div>
      <p className="small">
        <span className="legend added">{nodes.added.length} added</span>{' '}
        <span className="legend removed">{nodes.removed.length} removed</span>{' '}
        <span className="legend changed">{nodes.changed.length} changed</span>{' '}
        · wires +{wires.added.length} / −{wires.removed.length}
      </p>
      {nodes.changed.length > 0 && (
        <ul className="changed-list" aria-label="Changed properties">
          {nodes.changed.map((change) => (
            <li key={change.id}>
              <button type="button" className="link-button" onClick={() => onSelectNode(change.id)}>{change.type} {change.id}</button>
              <table className="prop-diff">
                <tbody>
                  {change.properties.map((p) => (
                    <tr key={p.path}>
                      <th>{p.path}</th>
                      <td className="before">{show(p.before)}</td>
                      <td className="after">{show(p.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function show(value: unknown): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
