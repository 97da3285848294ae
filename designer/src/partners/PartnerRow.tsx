// One partner in the Partners table: identifiers, auth, rate limit and SLA; editors get suspend/reactivate and key rotation.
import { useState } from 'react';
import type { Partner, PartnerSla, RotatedCredential } from '../api/partner-types';
import { FieldError } from '../admin/FieldError';
import { actionError, useLocatedAction } from '../admin/useLocatedAction';
import { OneTimeSecret } from './OneTimeSecret';
import { SlaForm } from './SlaForm';

interface PartnerRowProps {
  partner: Partner;
  canEdit: boolean;
  setStatus(partner: Partner, status: Partner['status']): Promise<void>;
  rotate(partner: Partner): Promise<RotatedCredential>;
  saveSla(partner: Partner, sla: PartnerSla): Promise<void>;
}

function identifierText(partner: Partner): string {
  const { isaQualifier, isaId, gsId, gln, edifactId } = partner.identifiers;
  const parts = [isaId && `ISA ${isaQualifier ?? ''}/${isaId}`, gsId && `GS ${gsId}`, gln && `GLN ${gln}`, edifactId && `EDIFACT ${edifactId}`];
  return parts.filter(Boolean).join(' · ') || '—';
}

function slaText(partner: Partner): string {
  const { ackWithinHours, functionalAckWithinMinutes, asnWithinHoursOfShipment } = partner.sla;
  const parts = [ackWithinHours !== undefined && `ack ≤ ${ackWithinHours} h`, functionalAckWithinMinutes !== undefined && `997 ≤ ${functionalAckWithinMinutes} min`,
    asnWithinHoursOfShipment !== undefined && `ASN ≤ ${asnWithinHoursOfShipment} h`];
  return parts.filter(Boolean).join(' · ') || '—';
}

export function PartnerRow({ partner, canEdit, setStatus, rotate, saveSla }: PartnerRowProps) {
  const [editingSla, setEditingSla] = useState(false);
  const action = useLocatedAction();
  const [rotated, setRotated] = useState<RotatedCredential | null>(null);
  const suspended = partner.status === 'suspended';
  async function rotateNow() {
    await action.run('rotate', async () => setRotated(await rotate(partner)));
  }
  return (
    <tr data-partner-id={partner.id}>
      <td><strong>{partner.name}</strong><div className="muted">{partner.id}</div></td>
      <td aria-label={`Status of ${partner.id}`}>{partner.status}</td>
      <td>{identifierText(partner)}</td>
      <td>{partner.authMethod}{partner.credentialsRotatedAt ? <div className="muted">rotated {new Date(partner.credentialsRotatedAt).toLocaleString()}</div> : null}</td>
      <td>{partner.rateLimit.perSecond}/s, burst {partner.rateLimit.burst}</td>
      <td aria-label={`SLA of ${partner.id}`}>{slaText(partner)}</td>
      {canEdit && (
        <td>
          <div className="button-group">
            <button type="button" disabled={action.busy !== null} onClick={() => void rotateNow()}>Rotate key of {partner.id}</button>
            <button type="button" className={suspended ? undefined : 'danger'} disabled={action.busy !== null}
              onClick={() => void action.run('status', () => setStatus(partner, suspended ? 'active' : 'suspended'))}>
              {suspended ? 'Reactivate' : 'Suspend'} {partner.id}
            </button>
            <button type="button" onClick={() => setEditingSla(true)}>Edit SLA of {partner.id}</button>
          </div>
          {editingSla && <SlaForm partner={partner} save={(sla) => saveSla(partner, sla)} onDone={() => setEditingSla(false)} />}
          {rotated && <OneTimeSecret rotated={rotated} onDismiss={() => setRotated(null)} />}
          <FieldError id={`partner-error-${partner.id}`} message={actionError(action, 'rotate') ?? actionError(action, 'status')} />
        </td>
      )}
    </tr>
  );
}
