// Wizard defaults from the template: schema defaults plus the example's parameters (re-aimed at the new partner id),
// and the example test document adapted to the parameters the analyst entered.
import type { JSONSchema } from '../../../nodes/sdk/json-schema';
import type { TemplateDetail } from '../api/template-types';
import { defaultsFor } from '../properties/schema-defaults';

/** A parameter set with a key present but undefined means "cleared by the user"; those keys are dropped before sending. */
export type ParamValues = Record<string, unknown>;

export function replaceAll(text: string, find: string, replacement: string): string {
  return find ? text.split(find).join(replacement) : text;
}

/** Replaces the example partner id inside string values (directories, URLs), recursively. */
function reaim(value: unknown, examplePartnerId: string, partnerId: string): unknown {
  if (!partnerId || partnerId === examplePartnerId) return value;
  if (typeof value === 'string') return replaceAll(value, examplePartnerId, partnerId);
  if (Array.isArray(value)) return value.map((item) => reaim(item, examplePartnerId, partnerId));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reaim(v, examplePartnerId, partnerId)]));
  return value;
}

/**
 * What the form starts with before the analyst types: schema defaults, then the example's values for this partner id.
 * Cross-reference CSVs are left out: the example partner's item rows are not the new supplier's, and prefilled they
 * let a dry run pass on items the supplier never sent. The example shows as a placeholder instead (exampleCsv).
 * So are parameters marked "x-partner-specific" (the partner's ISA id, its portal URL): the example partner's value
 * would make a dry run pass on ids this partner never sends. They show the example as a placeholder (orderedParameters).
 */
export function prefilledParams(template: TemplateDetail, partnerId: string): ParamValues {
  const csvParams = new Set(template.form.csv.map((spec) => spec.param));
  const notPrefilled = (name: string) => csvParams.has(name) || isPartnerSpecific(template, name);
  const example = Object.fromEntries(Object.entries(template.example.params ?? {}).filter(([name]) => !notPrefilled(name)));
  const defaults = defaultsFor(template.parameters);
  return { ...defaults, ...(reaim(structuredClone(example), template.example.partnerId, partnerId) as ParamValues) };
}

/** The example partner's CSV for a parameter (header and first rows), to show as a placeholder, never as data. */
export function exampleCsv(template: TemplateDetail, param: string, header: string): string {
  const text = template.example.params?.[param];
  if (typeof text !== 'string' || !text.trim()) return header;
  return text.trim().split(/\r?\n/).slice(0, 3).join('\n');
}

/** The values to send: prefilled ones overridden by the analyst's edits, cleared fields removed. */
export function effectiveParams(prefilled: ParamValues, edits: ParamValues): ParamValues {
  const merged: ParamValues = { ...prefilled, ...edits };
  for (const [key, value] of Object.entries(merged)) if (value === undefined || value === '') delete merged[key];
  return merged;
}

/** Parameter schemas in form order (x-order, then the rest); a partner-specific one carries the example as `examples`. */
export function orderedParameters(template: TemplateDetail): [string, JSONSchema][] {
  const properties = template.parameters.properties ?? {};
  return template.form.order.filter((name) => properties[name]).map((name) => [name, withExamplePlaceholder(template, name, properties[name]!)]);
}

function isPartnerSpecific(template: TemplateDetail, name: string): boolean {
  return template.parameters.properties?.[name]?.['x-partner-specific'] === true;
}

function withExamplePlaceholder(template: TemplateDetail, name: string, schema: JSONSchema): JSONSchema {
  const example = template.example.params?.[name];
  if (!isPartnerSpecific(template, name) || (typeof example !== 'string' && typeof example !== 'number')) return schema;
  return { ...schema, examples: [example] };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Adapts an example test document to the entered parameters: every example string value found in the document is
 * replaced by the new one. With `fixedWidth` (X12), space-padded fields such as the ISA ids keep their width.
 */
export function adaptDocument(text: string, template: TemplateDetail, partnerId: string, params: ParamValues, fixedWidth: boolean): string {
  let adapted = text;
  const example = template.example.params ?? {};
  const swaps: [string, string][] = [];
  for (const [name, before] of Object.entries(example)) {
    const after = params[name];
    if (typeof before === 'string' && typeof after === 'string' && before.length >= 3 && after && before !== after) swaps.push([before, after]);
  }
  if (partnerId && partnerId !== template.example.partnerId) swaps.push([template.example.partnerId, partnerId]);
  // Longer values first, so a value that contains another is replaced whole.
  swaps.sort((a, b) => b[0].length - a[0].length);
  for (const [before, after] of swaps) {
    adapted = adapted.replace(new RegExp(`${escapeRegExp(before)}( *)`, 'g'), (_match, padding: string) => {
      const width = before.length + padding.length;
      if (!fixedWidth || !padding) return after + padding;
      return after.length <= width ? after.padEnd(width, ' ') : after;
    });
  }
  return adapted;
}

/** The example document of an entry as editor text: JSON pretty-printed, text as is. */
export function exampleDocumentText(template: TemplateDetail, entry: string): string {
  const document = template.example.documents?.[entry];
  if (document === undefined) return '';
  return typeof document === 'string' ? document : JSON.stringify(document, null, 2);
}
