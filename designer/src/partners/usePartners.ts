// Partners screen state: the list, and the actions that change one partner (suspend, reactivate, rotate a credential).
import { useAsync } from '../util/useAsync';
import { useSession } from '../auth/session';
import { editableSettings, type Partner, type PartnerSla, type RotatedCredential } from '../api/partner-types';

export function usePartners() {
  const { api } = useSession();
  const partners = useAsync(() => api.listPartners(), [api]);

  async function setStatus(partner: Partner, status: Partner['status']): Promise<void> {
    await api.updatePartner(partner.id, { ...editableSettings(partner), status });
    partners.reload();
  }

  async function rotate(partner: Partner): Promise<RotatedCredential> {
    const rotated = await api.rotatePartnerKey(partner.id, 'auth');
    partners.reload();
    return rotated;
  }

  async function saveSla(partner: Partner, sla: PartnerSla): Promise<void> {
    await api.updatePartner(partner.id, { ...editableSettings(partner), sla });
    partners.reload();
  }

  return { partners, setStatus, rotate, saveSla };
}
