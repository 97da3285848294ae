// "Reset password" for one user: opens a small form for the new password; the user's sessions end when it is set.
import { useState, type FormEvent } from 'react';
import { FieldError } from './FieldError';
import { actionError, useLocatedAction } from './useLocatedAction';

export function ResetPasswordForm({ username, onReset }: { username: string; onReset(password: string): Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const action = useLocatedAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await action.run('reset', () => onReset(password))) {
      setDone(true);
      setOpen(false);
      setPassword('');
    }
  }

  if (!open) {
    return (
      <span className="reset-password">
        <button type="button" onClick={() => { setOpen(true); setDone(false); }}>Reset password of {username}</button>
        {done && <span role="status" className="ok-text">Password reset; {username} must sign in again.</span>}
      </span>
    );
  }
  return (
    <form className="inline-form reset-form" onSubmit={submit} aria-label={`Reset password of ${username}`}>
      <input type="password" autoComplete="new-password" aria-label={`New password for ${username}`} value={password} autoFocus
        onChange={(e) => setPassword(e.target.value)} aria-describedby={`reset-error-${username}`} />
      <button type="submit" className="primary" disabled={!password || action.busy !== null}>Set password</button>
      <button type="button" onClick={() => { setOpen(false); action.clear(); }}>Cancel</button>
      <FieldError id={`reset-error-${username}`} message={actionError(action, 'reset', 'password')} />
    </form>
  );
}
