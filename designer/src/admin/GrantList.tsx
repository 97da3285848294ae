// The permissions of one user as checkboxes, each with what it allows; an admin's come with the role and cannot be removed.
import { useEffect, useState } from 'react';
import type { ManagedUser, Permission } from '../api/types';
import { PERMISSIONS, PERMISSION_TEXT } from './permission-text';

interface GrantListProps {
  user: ManagedUser;
  busy: boolean;
  onChange(grants: Permission[]): void;
}

export function GrantList({ user, busy, onChange }: GrantListProps) {
  // The click shows at once; the reloaded list (after success or refusal) replaces it with what the server holds.
  const [requested, setRequested] = useState<Permission[] | null>(null);
  useEffect(() => setRequested(null), [user]);
  const grants = requested ?? user.grants;
  const byRole = user.role === 'admin';

  function toggle(permission: Permission, on: boolean) {
    const next = on ? [...grants, permission] : grants.filter((p) => p !== permission);
    setRequested(next);
    onChange(next);
  }

  return (
    <fieldset className="plain-fieldset grant-list" aria-label={`Permissions of ${user.username}`}>
      {PERMISSIONS.map((permission) => (
        <label key={permission} className="grant">
          <input type="checkbox" aria-label={`${permission} for ${user.username}`} disabled={busy || byRole}
            checked={byRole || grants.includes(permission)} onChange={(e) => toggle(permission, e.target.checked)} />
          <span><code>{permission}</code> <span className="muted small">{PERMISSION_TEXT[permission]}</span></span>
        </label>
      ))}
      {byRole && <span className="field-help">Admins have every permission through their role.</span>}
    </fieldset>
  );
}
