// Change your own password: current, new and repeated; the server signs out your other sessions and this one keeps working on a new token.
import { useState, type FormEvent } from 'react';
import { useSession } from '../auth/session';
import { FieldError } from './FieldError';
import { useLocatedAction } from './useLocatedAction';

const EMPTY = { current: '', next: '', repeat: '' };

export function ChangePasswordForm() {
  const { api, replaceToken } = useSession();
  const [values, setValues] = useState(EMPTY);
  const [mismatch, setMismatch] = useState(false);
  const [changed, setChanged] = useState(false);
  const action = useLocatedAction();
  const fields = action.failure?.errors.fields ?? {};
  const unlocated = action.failure && Object.keys(fields).length === 0 ? action.failure.errors.message : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setChanged(false);
    // The repeat never goes to the server: a typo here would lock the user out of their own account.
    if (values.next !== values.repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    const ok = await action.run('password', async () => replaceToken((await api.changeOwnPassword(values.current, values.next)).token));
    if (ok) {
      setValues(EMPTY);
      setChanged(true);
    }
  }

  const input = (key: keyof typeof EMPTY, label: string, autoComplete: string, error?: string) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <input type="password" aria-label={label} autoComplete={autoComplete} value={values[key]} aria-invalid={Boolean(error)}
        aria-describedby={`${key}-password-error`} onChange={(e) => setValues({ ...values, [key]: e.target.value })} />
      <FieldError id={`${key}-password-error`} message={error} />
    </label>
  );

  return (
    <form className="card password-form" onSubmit={submit} aria-label="Change password">
      <h2>Change password</h2>
      {input('current', 'Current password', 'current-password', fields.currentPassword && `${action.failure?.errors.message}: ${fields.currentPassword}`)}
      {input('next', 'New password', 'new-password', fields.newPassword && `${action.failure?.errors.message}: ${fields.newPassword}`)}
      <span className="field-help">At least 8 characters. Your other sessions are signed out; this one stays signed in.</span>
      {input('repeat', 'Repeat new password', 'new-password', mismatch ? 'does not match the new password' : undefined)}
      <FieldError id="password-form-error" message={unlocated} />
      {changed && <p role="status" className="notice success">Password changed. Your other sessions were signed out.</p>}
      <button type="submit" className="primary" disabled={action.busy !== null || !values.current || !values.next}>
        {action.busy ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
