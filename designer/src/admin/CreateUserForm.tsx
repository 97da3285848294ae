// Form to create a user: username, role and initial password; the server's refusals appear at the field they concern.
import { useState, type FormEvent } from 'react';
import type { Role } from '../api/types';
import { FieldError } from './FieldError';
import { ROLES, ROLE_TEXT } from './permission-text';
import { useLocatedAction } from './useLocatedAction';

export function CreateUserForm({ onCreate }: { onCreate(username: string, password: string, role: Role): Promise<void> }) {
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [password, setPassword] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const action = useLocatedAction();
  const fields = action.failure?.errors.fields ?? {};
  const unlocated = action.failure && Object.keys(fields).length === 0 ? action.failure.errors.message : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    if (await action.run('create', () => onCreate(username.trim(), password, role))) {
      setCreated(username.trim());
      setUsername('');
      setPassword('');
    }
  }

  return (
    <form className="card create-user" onSubmit={submit} aria-label="Create user">
      <h2>Create a user</h2>
      <div className="form-row">
        <label className="field compact">
          <span className="field-label">Username</span>
          <input aria-label="New username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off"
            aria-invalid={Boolean(fields.username)} aria-describedby="new-username-error" placeholder="e.g. ann.berg" />
          <FieldError id="new-username-error" message={fields.username && `${action.failure?.errors.message}: ${fields.username}`} />
        </label>
        <label className="field compact">
          <span className="field-label">Role</span>
          <select aria-label="New user role" value={role} onChange={(e) => setRole(e.target.value as Role)} aria-describedby="new-role-help">
            {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
          <span id="new-role-help" className="field-help">{ROLE_TEXT[role]}</span>
          <FieldError id="new-role-error" message={fields.role} />
        </label>
        <label className="field compact">
          <span className="field-label">Initial password</span>
          <input aria-label="Initial password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)}
            aria-invalid={Boolean(fields.password)} aria-describedby="new-password-error" />
          <span className="field-help">at least 8 characters; tell the user to change it</span>
          <FieldError id="new-password-error" message={fields.password} />
        </label>
        <button type="submit" className="primary" disabled={action.busy !== null || !username.trim() || !password}>
          {action.busy ? 'Creating…' : 'Create user'}
        </button>
      </div>
      <FieldError id="create-user-error" message={unlocated} />
      {created && <p role="status" className="notice success">User {created} created.</p>}
    </form>
  );
}
