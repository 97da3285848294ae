// Users screen (admins): create users, change roles, enable or disable, grant permissions, reset passwords, delete.
import { useSession } from '../auth/session';
import { CreateUserForm } from './CreateUserForm';
import { UserRow } from './UserRow';
import { useUsers } from './useUsers';

export function UsersPage() {
  const { user: me, canManageUsers } = useSession();
  const { users, error, loading, actions } = useUsers();
  if (!canManageUsers) return <Forbidden what="Users" who="admins" />;
  return (
    <main className="page users-page">
      <div className="page-head"><h1>Users</h1></div>
      <CreateUserForm onCreate={actions.create} />
      {error && <p role="alert" className="error-text">{error}</p>}
      {loading && !users && <p className="muted">Loading users…</p>}
      {users && (
        <table className="data-table users-table" aria-label="Users">
          <thead><tr><th>User</th><th>Role</th><th>Status</th><th>Permissions</th><th>Actions</th></tr></thead>
          <tbody>
            {users.map((u) => <UserRow key={u.username} user={u} isSelf={u.username === me?.username} actions={actions} />)}
          </tbody>
        </table>
      )}
      <p className="muted small">A new role, disabling, a password reset or deleting ends the user's sessions at once. You cannot change your own role, disable or delete yourself: ask another admin.</p>
    </main>
  );
}

/** What a role that may not see a screen gets when it opens the route directly. */
export function Forbidden({ what, who }: { what: string; who: string }) {
  const { user } = useSession();
  return (
    <main className="page">
      <h1>{what}</h1>
      <p role="alert" className="notice forbidden">Only {who} can open {what}. You are signed in as {user?.username} ({user?.role}).</p>
    </main>
  );
}
