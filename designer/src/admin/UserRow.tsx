// One row of the Users table: role, enabled state, permission grants, password reset and delete; the admin's own row offers none that the server refuses.
import { useEffect, useState } from 'react';
import type { ManagedUser, Permission, Role } from '../api/types';
import { formatWhen } from '../util/format';
import { routeHref } from '../util/useHashRoute';
import { FieldError } from './FieldError';
import { DeleteUserDialog } from './DeleteUserDialog';
import { GrantList } from './GrantList';
import { ResetPasswordForm } from './ResetPasswordForm';
import { ROLES } from './permission-text';
import type { UserActions } from './useUsers';
import { actionError, useLocatedAction } from './useLocatedAction';

interface UserRowProps {
  user: ManagedUser;
  isSelf: boolean;
  actions: UserActions;
}

export function UserRow({ user, isSelf, actions }: UserRowProps) {
  const action = useLocatedAction();
  const [deleting, setDeleting] = useState(false);
  // The chosen role shows while the change is sent; the reloaded list (after success or refusal) replaces it.
  const [requestedRole, setRequestedRole] = useState<Role | null>(null);
  useEffect(() => setRequestedRole(null), [user]);
  const name = user.username;
  const setRole = (role: Role) => {
    setRequestedRole(role);
    void action.run('role', () => actions.update(name, { role }));
  };
  const setDisabled = (disabled: boolean) => void action.run('disabled', () => actions.update(name, { disabled }));
  const setGrants = (grants: Permission[]) => void action.run('grants', () => actions.update(name, { grants }));

  return (
    <tr data-username={name} aria-label={`User ${name}`} className={user.disabled ? 'user-disabled' : undefined}>
      <td>
        <strong>{name}</strong>{isSelf && <span className="tag self-tag">you</span>}
        <div className="muted small">since {formatWhen(user.createdAt)}</div>
      </td>
      <td>
        {isSelf ? <span title="Another admin must change your role">{user.role}</span> : (
          <select aria-label={`Role of ${name}`} value={requestedRole ?? user.role} disabled={action.busy !== null} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        )}
        <FieldError id={`role-error-${name}`} message={actionError(action, 'role', 'role')} />
      </td>
      <td>
        <span className={`status-pill ${user.disabled ? 'status-disabled' : 'status-active'}`} aria-label={`Status of ${name}`}>{user.disabled ? 'disabled' : 'active'}</span>
        {!isSelf && (
          <button type="button" className="row-action" disabled={action.busy !== null} onClick={() => setDisabled(!user.disabled)}>
            {user.disabled ? `Enable ${name}` : `Disable ${name}`}
          </button>
        )}
        <FieldError id={`disabled-error-${name}`} message={actionError(action, 'disabled', 'disabled')} />
      </td>
      <td>
        <GrantList user={user} busy={action.busy !== null} onChange={setGrants} />
        <FieldError id={`grants-error-${name}`} message={actionError(action, 'grants', 'grants')} />
      </td>
      <td>
        <div className="user-actions">
          {isSelf
            ? <a href={routeHref({ view: 'account' })}>Change your password in My account</a>
            : <ResetPasswordForm username={name} onReset={(password) => actions.resetPassword(name, password)} />}
          {!isSelf && <button type="button" className="danger" onClick={() => setDeleting(true)}>Delete {name}</button>}
          {deleting && <DeleteUserDialog username={name} onDelete={() => actions.remove(name)} onClose={() => setDeleting(false)} />}
        </div>
      </td>
    </tr>
  );
}
