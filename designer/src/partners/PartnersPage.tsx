// Partners screen: every trading partner with identifiers, auth, rate limit and SLA; editors suspend, reactivate and rotate keys.
import { useSession } from '../auth/session';
import { usePartners } from './usePartners';
import { PartnerRow } from './PartnerRow';

export function PartnersPage() {
  const { canEdit } = useSession();
  const { partners, setStatus, rotate, saveSla } = usePartners();
  return (
    <main className="page">
      <div className="page-head"><h1>Partners</h1></div>
      {partners.error && <p role="alert" className="error-text">{partners.error}</p>}
      {partners.loading && !partners.data && <p className="muted">Loading partners…</p>}
      {partners.data && partners.data.length === 0 && <p className="muted">No partners yet. Onboarding a supplier creates one.</p>}
      {partners.data && partners.data.length > 0 && (
        <table className="data-table" aria-label="Partners">
          <thead>
            <tr><th>Partner</th><th>Status</th><th>Identifiers</th><th>Auth</th><th>Rate limit</th><th>SLA</th>{canEdit && <th>Actions</th>}</tr>
          </thead>
          <tbody>
            {partners.data.map((partner) => <PartnerRow key={partner.id} partner={partner} canEdit={canEdit} setStatus={setStatus} rotate={rotate} saveSla={saveSla} />)}
          </tbody>
        </table>
      )}
    </main>
  );
}
