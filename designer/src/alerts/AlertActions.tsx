// Acknowledge, comment on and resolve one alert; the server decides who may (admins and operators) and its refusal is shown where the action was taken.
import { useState } from 'react';
import type { Alert } from '../api/ledger-types';
import { actionError, type LocatedAction } from '../admin/useLocatedAction';
import { FieldError } from '../admin/FieldError';

interface AlertActionsProps {
  alert: Alert;
  action: LocatedAction;
  onAcknowledge(comment: string): Promise<boolean>;
  onComment(comment: string): Promise<boolean>;
  onResolve(comment: string): Promise<boolean>;
}

export function AlertActions({ alert, action, onAcknowledge, onComment, onResolve }: AlertActionsProps) {
  const [text, setText] = useState('');
  const busy = action.busy !== null;
  const done = (ok: boolean) => { if (ok) setText(''); };
  // A refusal located at the comment ("resolve needs one") names the field; any other (role, state) is the server's message.
  const atComment = action.failure?.errors.fields.comment;
  const error = atComment ? `${action.failure?.errors.message}: comment ${atComment}` : (actionError(action, 'acknowledge') ?? actionError(action, 'comment') ?? actionError(action, 'resolve'));
  return (
    <form className="work-form" aria-label="Work the alert" onSubmit={(event) => event.preventDefault()}>
      <label className="field compact">
        <span className="field-label">Comment {alert.status === 'resolved' ? '' : '(required to resolve: what was done)'}</span>
        <textarea rows={2} aria-label="Alert comment" value={text} maxLength={4000} onChange={(event) => setText(event.target.value)} aria-describedby="alert-action-error" aria-invalid={Boolean(atComment)} />
      </label>
      {alert.status === 'open' && <button type="button" disabled={busy} onClick={() => void onAcknowledge(text.trim()).then(done)}>Acknowledge</button>}
      <button type="button" disabled={busy || !text.trim()} onClick={() => void onComment(text.trim()).then(done)}>Comment</button>
      {alert.status !== 'resolved' && <button type="button" className="primary" disabled={busy} onClick={() => void onResolve(text.trim()).then(done)}>Resolve</button>}
      <FieldError id="alert-action-error" message={error} />
    </form>
  );
}
