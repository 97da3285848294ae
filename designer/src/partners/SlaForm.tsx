// Inline editor of a partner's acknowledgement SLAs (hours/minutes; empty = no rule); the server's refusal shows at the field.
import { useState, type FormEvent } from 'react';
import type { Partner, PartnerSla } from '../api/partner-types';
import { FieldError } from '../admin/FieldError';
import { ApiError, errorText } from '../api/client';

const FIELDS: Array<{ key: keyof PartnerSla; label: string }> = [
  { key: 'ackWithinHours', label: 'Ack within hours' },
  { key: 'functionalAckWithinMinutes', label: '997 within minutes' },
  { key: 'asnWithinHoursOfShipment', label: 'ASN within hours of shipment' },
];

function slaFrom(values: Record<string, string>, base: PartnerSla): PartnerSla {
  const sla: PartnerSla = { ...base };
  for (const { key } of FIELDS) {
    const text = values[key]?.trim() ?? '';
    if (text === '') delete sla[key];
    else sla[key] = Number(text);
  }
  return sla;
}

/** Messages per SLA field from a refusal located at $.sla.<field>; anything else goes under the form as a whole ('' key). */
function locateSlaErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.details.length) return { '': errorText(error) };
  const located: Record<string, string> = {};
  for (const detail of error.details) {
    const key = /^\$\.sla\.(\w+)/.exec(detail.path ?? '')?.[1] ?? '';
    located[key] = located[key] ? `${located[key]}; ${detail.message}` : detail.message;
  }
  return located;
}

export function SlaForm({ partner, save, onDone }: { partner: Partner; save(sla: PartnerSla): Promise<void>; onDone(): void }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(FIELDS.map(({ key }) => [key, partner.sla[key]?.toString() ?? ''])));
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await save(slaFrom(values, partner.sla));
      onDone();
    } catch (error) {
      setErrors(locateSlaErrors(error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form aria-label={`SLA of ${partner.id}`} onSubmit={(event) => void submit(event)}>
      {FIELDS.map(({ key, label }) => (
        <div key={key}>
          <label>{label}{' '}
            <input type="number" step="any" value={values[key]} aria-describedby={`sla-${key}-error-${partner.id}`} aria-invalid={errors[key] ? true : undefined}
              onChange={(event) => setValues({ ...values, [key]: event.target.value })} />
          </label>
          <FieldError id={`sla-${key}-error-${partner.id}`} message={errors[key]} />
        </div>
      ))}
      <FieldError id={`sla-error-${partner.id}`} message={errors['']} />
      <button type="submit" disabled={busy}>Save SLA</button> <button type="button" onClick={onDone}>Cancel</button>
    </form>
  );
}
