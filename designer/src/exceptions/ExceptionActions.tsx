// Assign an exception to a user, comment on it, resolve it with a resolution; each refusal (unknown user, role, already resolved) shows at its form.
import { useState, type FormEvent } from 'react';
import type { ExceptionView } from '../api/ledger-types';
import { actionError, type LocatedAction } from '../admin/useLocatedAction';
import { FieldError } from '../admin/FieldError';

export type ExceptionAct = (name: 'assign' | 'comment' | 'resolve', values: { text: string; comment?: string }) => Promise<boolean>;

function useField(initial = '') {
  const [value, setValue] = useState(initial);
  return { value, setValue, bind: { value, onChange: (event: { target: { value: string } }) => setValue(event.target.value) } };
}

export function ExceptionActions({ exception, action, act }: { exception: ExceptionView; action: LocatedAction; act: ExceptionAct }) {
  const assignee = useField(exception.assignee ?? '');
  const comment = useField();
  const resolution = useField();
  const resolveComment = useField();
  const busy = action.busy !== null;
  const submit = (run: () => Promise<boolean>, clear: () => void) => (event: FormEvent) => {
    event.preventDefault();
    void run().then((ok) => { if (ok) clear(); });
  };
  if (exception.status === 'resolved') return null;
  return (
    <>
      <form className="work-form" aria-label="Assign exception" onSubmit={submit(() => act('assign', { text: assignee.value.trim() }), () => undefined)}>
        <label className="field compact"><span className="field-label">Assignee</span>
          <input aria-label="Assignee" placeholder="username" maxLength={64} {...assignee.bind} aria-describedby="exception-assign-error" />
        </label>
        <button type="submit" disabled={busy || !assignee.value.trim()}>Assign</button>
        <FieldError id="exception-assign-error" message={actionError(action, 'assign', 'assignee')} />
      </form>
      <form className="work-form" aria-label="Comment on exception" onSubmit={submit(() => act('comment', { text: comment.value.trim() }), () => comment.setValue(''))}>
        <label className="field compact"><span className="field-label">Comment</span>
          <textarea rows={2} aria-label="Exception comment" maxLength={4000} {...comment.bind} aria-describedby="exception-comment-error" />
        </label>
        <button type="submit" disabled={busy || !comment.value.trim()}>Comment</button>
        <FieldError id="exception-comment-error" message={actionError(action, 'comment', 'text')} />
      </form>
      <form className="work-form" aria-label="Resolve exception"
        onSubmit={submit(() => act('resolve', { text: resolution.value.trim(), comment: resolveComment.value.trim() || undefined }), () => undefined)}>
        <label className="field compact"><span className="field-label">Resolution</span>
          <input aria-label="Resolution" placeholder="what was decided" maxLength={2000} {...resolution.bind} aria-describedby="exception-resolve-error" />
        </label>
        <label className="field compact"><span className="field-label">Comment (optional)</span>
          <input aria-label="Resolution comment" maxLength={4000} {...resolveComment.bind} />
        </label>
        <button type="submit" className="primary" disabled={busy || !resolution.value.trim()}>Resolve</button>
        <FieldError id="exception-resolve-error" message={actionError(action, 'resolve', 'resolution')} />
      </form>
    </>
  );
}
