// Deploy confirmation: a version message, client-side problems that block, the server's answer, and forcing past failing test cases.
import { useState, type FormEvent } from 'react';
import { useModal } from '../util/useModal';

interface DeployDialogProps {
  errorCount: number;
  busy: boolean;
  serverError: string | null;
  /** Test cases that blocked the last attempt: the analyst may deploy anyway, and the server audits it. */
  failingTests: string[] | null;
  onDeploy(message: string, forceTests: boolean): void;
  onCancel(): void;
}

export function DeployDialog({ errorCount, busy, serverError, failingTests, onDeploy, onCancel }: DeployDialogProps) {
  const [message, setMessage] = useState('');
  const [force, setForce] = useState(false);
  const dialogRef = useModal<HTMLFormElement>(onCancel);
  function submit(event: FormEvent) {
    event.preventDefault();
    onDeploy(message, force && failingTests !== null);
  }
  return (
    <div className="modal-backdrop" role="presentation">
      <form ref={dialogRef} className="modal" role="dialog" aria-modal="true" aria-label="Deploy flow" onSubmit={submit}>
        <h2>Deploy</h2>
        <p className="muted small">Deploying creates a new version; the previous one stays available for rollback.</p>
        <label className="field">
          <span className="field-label">Version message</span>
          <input aria-label="Version message" value={message} onChange={(e) => setMessage(e.target.value)} placeholder="What changed and why" autoFocus />
        </label>
        {errorCount > 0 && (
          <p className="error-text" role="alert">{errorCount} problem{errorCount > 1 ? 's' : ''} marked on the nodes must be fixed first.</p>
        )}
        {serverError && <p className="error-text" role="alert" aria-label="Deploy error">{serverError}</p>}
        {failingTests && (
          <div aria-label="Failing test cases">
            <ul className="small">{failingTests.map((name) => <li key={name}>{name}</li>)}</ul>
            <label className="check-row">
              <input type="checkbox" aria-label="Deploy despite failing tests" checked={force} onChange={(e) => setForce(e.target.checked)} />
              Deploy despite failing tests (recorded in the audit log)
            </label>
          </div>
        )}
        <div className="modal-actions">
          <span className="spacer" />
          <button type="button" onClick={onCancel}>Cancel</button>
          <button type="submit" className="primary" disabled={busy || errorCount > 0} aria-label="Confirm deploy">{busy ? 'Deploying…' : 'Deploy'}</button>
        </div>
      </form>
    </div>
  );
}
