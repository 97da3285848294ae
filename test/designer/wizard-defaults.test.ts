// Unit tests of the onboarding wizard's starting values: partner-specific parameters are never prefilled from the example.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TemplateDetail } from '../../designer/src/api/template-types.js';
import { orderedParameters, prefilledParams } from '../../designer/src/onboarding/wizard-defaults.js';

/** The wizard's view of a shipped template, as GET /api/templates/:id gives it (form order from x-order). */
function shippedTemplate(id: string): TemplateDetail {
  const file = JSON.parse(readFileSync(new URL(`../../templates/${id}/template.json`, import.meta.url), 'utf8')) as TemplateDetail & { parameters: { 'x-order'?: string[] } };
  const order = file.parameters['x-order'] ?? Object.keys(file.parameters.properties ?? {});
  return { ...file, label: `${id}@${file.version}`, versions: [file.version], form: { order, secrets: [], csv: [] } };
}

describe('onboarding wizard defaults', () => {
  it('leaves the partner ISA id empty but keeps our own id and the re-aimed directory from the example', () => {
    const template = shippedTemplate('supplier-x12');
    const params = prefilledParams(template, 'bolt-supply');
    expect(params.isaId).toBeUndefined();
    expect(params.ourIsaId).toBe(template.example.params.ourIsaId);
    expect(params.ediDirectory).toBe(String(template.example.params.ediDirectory).replace(template.example.partnerId, 'bolt-supply'));
  });

  it('shows the example partner value of a partner-specific parameter as its placeholder example only', () => {
    const template = shippedTemplate('supplier-x12');
    const schemas = new Map(orderedParameters(template));
    expect(schemas.get('isaId')?.examples).toEqual([template.example.params.isaId]);
    expect(schemas.get('ourIsaId')?.examples).toBeUndefined();
  });

  it('marks the identifiers and URLs only one partner has in every shipped template that has them', () => {
    const partnerSpecific = (id: string) => Object.entries(shippedTemplate(id).parameters.properties ?? {}).filter(([, schema]) => schema['x-partner-specific'] === true).map(([name]) => name);
    expect(partnerSpecific('supplier-x12')).toEqual(['isaId', 'gsId']);
    expect(partnerSpecific('supplier-edifact')).toEqual(['edifactId', 'gln']);
    expect(partnerSpecific('customer-order-status-webhook')).toEqual(['webhookUrl']);
    expect(prefilledParams(shippedTemplate('customer-order-status-webhook'), 'retail-co').webhookUrl).toBeUndefined();
  });
});
