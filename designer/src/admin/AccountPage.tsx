// My account (every role): who you are, your permissions, and changing your own password (Log out stays in the header).
import { useSession } from '../auth/session';
import { ChangePasswordForm } from './ChangePasswordForm';
import { PERMISSION_TEXT } from './permission-text';

export function AccountPage() {
  const { user } = useSession();
  const permissions = user?.permissions ?? [];
  return (
    <main className="page account-page">
      <div className="page-head">
        <h1>My account</h1>
        <span className="muted small">Log out is at the top right, on every screen.</span>
      </div>
      <section className="card" aria-label="Account">
        <p><strong>{user?.username}</strong> <span className="tag">{user?.role}</span></p>
        <h3>Permissions</h3>
        {permissions.length === 0 && <p className="muted">None beyond your role's routes. An admin can grant them on the Users screen.</p>}
        <ul className="permission-list">
          {permissions.map((p) => <li key={p}><code>{p}</code> <span className="muted">{PERMISSION_TEXT[p]}</span></li>)}
        </ul>
      </section>
      <ChangePasswordForm />
    </main>
  );
}
