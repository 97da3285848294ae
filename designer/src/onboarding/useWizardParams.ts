// Partner id, name and parameter values of the wizard form: prefilled from the template, edits kept apart so the
// prefilled values can follow the partner id until the analyst changes them.
import { useCallback, useMemo, useState } from 'react';
import type { PlanBody, TemplateDetail } from '../api/template-types';
import { effectiveParams, prefilledParams, type ParamValues } from './wizard-defaults';

export interface WizardParams {
  partnerId: string;
  partnerName: string;
  /** What the form shows: prefilled values overridden by edits. */
  values: ParamValues;
  /** What the API gets. */
  body: PlanBody;
  setPartnerId(value: string): void;
  setPartnerName(value: string): void;
  setParam(name: string, value: unknown): void;
}

export function useWizardParams(template: TemplateDetail): WizardParams {
  const [partnerId, setPartnerId] = useState('');
  const [partnerName, setPartnerName] = useState('');
  const [edits, setEdits] = useState<ParamValues>({});

  const prefilled = useMemo(() => prefilledParams(template, partnerId), [template, partnerId]);
  const values = useMemo(() => ({ ...prefilled, ...edits }), [prefilled, edits]);
  const body = useMemo<PlanBody>(() => ({
    partnerId,
    ...(partnerName.trim() ? { name: partnerName.trim() } : {}),
    params: effectiveParams(prefilled, edits),
  }), [partnerId, partnerName, prefilled, edits]);

  // A key set to undefined records "cleared by the user", so the prefilled value does not come back.
  const setParam = useCallback((name: string, value: unknown) => setEdits((current) => ({ ...current, [name]: value })), []);
  return { partnerId, partnerName, values, body, setPartnerId, setPartnerName, setParam };
}
