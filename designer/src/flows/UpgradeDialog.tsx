// Template upgrade of one partner flow: previews the merge (changes and conflicts), lets the analyst pick a side per
// conflict, then applies it; nothing is deployed while a conflict is unresolved.
import { useEffect, useState } from 'react';
import { useSession } from '../auth/session';
import { ApiError, errorText } from '../api/client';
import type { MergeConflict, UpgradeCandidate, UpgradeReport, UpgradeResolution } from '../api/template-types';
import { routeHref } from '../util/useHashRoute';
import { useModal } from '../util/useModal';

interface UpgradeDialogProps {
  candidate: UpgradeCandidate;
  onClose(): void;
  onApplied(): void;
}

type Choice = UpgradeResolution['choose'];
const conflictKey = (c: MergeConflict) => `${c.nodeId}\u0000${c.property}`;

export function UpgradeDialog({ candidate, onClose, onApplied }: UpgradeDialogProps) {
  const { api } = useSession();
  const [report, setReport] = useState<UpgradeReport | null>(null);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [applied, setApplied] = useState<number | null>(null);
  const dialogRef = useModal<HTMLDivElement>(onClose);

  useEffect(() => {
    api.upgradeFlow(candidate.flowId, { preview: true }).then(setReport, (err: unknown) => setError(errorText(err)));
  }, [api, candidate.flowId]);

  const conflicts = report?.conflicts ?? [];
  const unresolved = conflicts.filter((c) => !choices[conflictKey(c)]).length;

  async function apply() {
    setBusy(true);
    setError(null);
    try {
      const resolutions = conflicts.map((c) => ({ nodeId: c.nodeId, property: c.property, choose: choices[conflictKey(c)]! }));
      const result = await api.upgradeFlow(candidate.flowId, { preview: false, resolutions });
      setApplied(result.version ?? null);
      onApplied();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.body && typeof err.body === 'object' && 'conflicts' in err.body) setReport(err.body as UpgradeReport);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const diff = report?.diff;
  return (
    <div className="modal-backdrop" role="presentation">
      <div ref={dialogRef} className="modal wide" role="dialog" aria-modal="true" aria-label={`Upgrade ${candidate.flowId}`}>
        <div className="modal-head">
          <h2>Upgrade {candidate.flowId}</h2>
          <span className="muted">template v{candidate.templateVersion} → v{candidate.latestVersion}</span>
        </div>
        {!report && !error && <p className="muted">Merging the new template version with this flow…</p>}
        {applied !== null ? (
          <p className="notice success" role="status">Upgraded: {report?.to} deployed as version {applied}. <a href={routeHref({ view: 'flow', flowId: candidate.flowId })}>Open the flow</a></p>
        ) : report && diff && (
          <>
            <p className="small muted">
              The partner's own edits are kept where the template did not change the same property. Positions never conflict.
            </p>
            <section aria-label="Upgrade changes">
              <h3>Changes to the deployed flow</h3>
              {diff.nodes.added.length + diff.nodes.removed.length + diff.nodes.changed.length === 0 && <p className="muted">No node changes.</p>}
              <ul className="changed-list">
                {diff.nodes.added.map((n) => <li key={`a-${n.id}`}><span className="legend added">added</span> {n.name || n.id} <span className="muted small">{n.type}</span></li>)}
                {diff.nodes.removed.map((n) => <li key={`r-${n.id}`}><span className="legend removed">removed</span> {n.name || n.id} <span className="muted small">{n.type}</span></li>)}
                {diff.nodes.changed.map((n) => (
                  <li key={`c-${n.id}`}><span className="legend changed">changed</span> <span className="mono">{n.id}</span>: {n.properties.map((p) => p.path).join(', ')}</li>
                ))}
              </ul>
              {report.droppedWires.length > 0 && <p className="small muted">Wires dropped (their target is gone): {report.droppedWires.map((w) => `${w.nodeId} → ${w.target}`).join(', ')}</p>}
            </section>
            {conflicts.length > 0 && (
              <section aria-label="Upgrade conflicts">
                <h3>{conflicts.length} conflict{conflicts.length > 1 ? 's' : ''} to resolve</h3>
                <table className="data-table conflict-table">
                  <thead><tr><th>Node · property</th><th>Kind</th><th>Partner's (local)</th><th>New template</th><th>Keep</th></tr></thead>
                  <tbody>
                    {conflicts.map((conflict) => {
                      const key = conflictKey(conflict);
                      return (
                        <tr key={key} data-conflict={`${conflict.nodeId}.${conflict.property}`}>
                          <td className="mono">{conflict.nodeId} · {conflict.property}</td>
                          <td>{conflict.kind}</td>
                          <td><code className="conflict-value">{show(conflict.local)}</code></td>
                          <td><code className="conflict-value">{show(conflict.theirs)}</code></td>
                          <td>
                            <fieldset className="plain-fieldset conflict-choice">
                              <legend className="visually-hidden">Resolution for {conflict.nodeId} {conflict.property}</legend>
                              {(['local', 'theirs'] as const).map((side) => (
                                <label key={side} className="radio-option">
                                  <input type="radio" name={key} value={side} checked={choices[key] === side} aria-label={`Keep ${side === 'local' ? "partner's" : 'template'} value of ${conflict.property} on ${conflict.nodeId}`}
                                    onChange={() => setChoices((current) => ({ ...current, [key]: side }))} />
                                  {side === 'local' ? "partner's" : 'template'}
                                </label>
                              ))}
                            </fieldset>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </section>
            )}
          </>
        )}
        {error && <p className="error-text" role="alert" aria-label="Upgrade error">{error}</p>}
        <div className="modal-actions">
          <span className="spacer" />
          <button type="button" onClick={onClose}>{applied !== null ? 'Close' : 'Cancel'}</button>
          {applied === null && (
            <button type="button" className="primary" disabled={!report || busy || unresolved > 0} onClick={() => void apply()}>
              {unresolved > 0 ? `Resolve ${unresolved} conflict${unresolved > 1 ? 's' : ''}` : busy ? 'Upgrading…' : 'Apply upgrade'}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
