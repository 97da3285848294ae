// Checks instantiation parameters against a template: schema with defaults, generated secrets, partner id and CSV tables, all located.
import { randomBytes } from 'node:crypto';
import { compileSchema, createAjv, type JSONSchema, type Secrets } from '../../nodes/sdk/index.js';
import { CsvTableError, parseCsvTable } from '../api/xref-routes.js';
import { PARTNER_ID_PATTERN } from '../api/partners-routes.js';
import type { ErrorDetail } from '../api/http-error.js';
import type { TemplateFile, XrefPlan } from './template-types.js';
import type { BuiltInstance } from './instantiate-flow.js';
import { outsideFilesRoot } from '../security/files-root.js';
import { emptyRequiredCells } from './csv-required-cells.js';

const ajv = createAjv({ useDefaults: true });
const checkers = new WeakMap<TemplateFile, (value: unknown) => Array<{ path: string; message: string }>>();

function checkerFor(template: TemplateFile) {
  let checker = checkers.get(template);
  if (!checker) checkers.set(template, (checker = compileSchema(ajv, template.parameters)));
  return checker;
}

/** Parameter names whose schema says "x-secret": "generate" (a value is generated when none is given) or true (entered). */
export function secretParams(template: TemplateFile): Array<{ name: string; generate: boolean }> {
  return Object.entries(template.parameters.properties ?? {})
    // Templates extend the SDK's boolean x-secret with "generate": a value is made when none is given.
    .map(([name, schema]) => ({ name, marker: schema['x-secret'] as unknown }))
    .filter(({ marker }) => marker === true || marker === 'generate')
    .map(({ name, marker }) => ({ name, generate: marker === 'generate' }));
}

/**
 * Parameters marked "x-files-path" (a partner's EDI directory) must name a place inside the files root: file nodes
 * can touch nothing else, so a path outside would onboard a partner whose every file fails at run time.
 */
export function filesPathProblems(template: TemplateFile, params: Record<string, unknown>, realFilesRoot: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const [name, schema] of Object.entries(template.parameters.properties ?? {})) {
    const value = params[name];
    if (schema['x-files-path'] !== true || typeof value !== 'string' || !value) continue;
    const reason = outsideFilesRoot(value, realFilesRoot);
    if (reason) problems.push({ path: `$.params.${name}`, message: `${reason}; use a path relative to the files root, or one inside it` });
  }
  return problems;
}

export interface ResolvedParams {
  params: Record<string, unknown>;
  generatedSecrets: Record<string, string>;
  problems: ErrorDetail[];
}

/** Validates params (a copy gets the schema defaults); problems are located under $.params. */
export function resolveParams(template: TemplateFile, partnerId: unknown, given: Record<string, unknown>): ResolvedParams {
  const problems: ErrorDetail[] = [];
  if (typeof partnerId !== 'string' || !new RegExp(PARTNER_ID_PATTERN).test(partnerId)) {
    problems.push({ path: '$.partnerId', message: `must match ${PARTNER_ID_PATTERN} (lower-case letters, digits and dashes)` });
  }
  const params = structuredClone(given);
  const generatedSecrets: Record<string, string> = {};
  for (const secret of secretParams(template)) {
    if (secret.generate && (params[secret.name] === undefined || params[secret.name] === '')) {
      params[secret.name] = `tls_${randomBytes(24).toString('base64url')}`;
      generatedSecrets[secret.name] = params[secret.name] as string;
    }
  }
  for (const problem of checkerFor(template)(params)) problems.push({ path: problem.path.replace(/^\$/, '$.params'), message: problem.message });
  return { params, generatedSecrets, problems };
}

/** Parses every CSV parameter into its xref table; problems name the parameter and the CSV line and column. */
export function planXrefTables(built: BuiltInstance, params: Record<string, unknown>): { tables: XrefPlan[]; problems: ErrorDetail[] } {
  const tables: XrefPlan[] = [];
  const problems: ErrorDetail[] = [];
  for (const spec of built.xref) {
    const text = params[spec.param];
    if (text === undefined || text === '') continue;
    const at = `$.params.${spec.param}`;
    if (typeof text !== 'string') {
      problems.push({ path: at, message: 'must be CSV text with a header row' });
      continue;
    }
    try {
      const { columns, rows } = parseCsvTable(text, spec.keyColumn);
      const missing = (spec.requiredColumns ?? []).filter((column) => !columns.includes(column));
      const emptyCells = missing.length ? [] : emptyRequiredCells(text, spec.requiredColumns ?? [], at);
      if (missing.length) problems.push({ path: at, message: `line 1: the header lacks column(s) ${missing.join(', ')} (has ${columns.join(', ')})` });
      else if (emptyCells.length) problems.push(...emptyCells);
      else if (!rows.length) problems.push({ path: at, message: 'the CSV has a header but no rows' });
      else tables.push({ table: spec.table, keyColumn: spec.keyColumn, columns, rows, param: spec.param });
    } catch (error) {
      if (!(error instanceof CsvTableError)) throw error;
      for (const problem of error.problems) problems.push({ path: at, message: `${problem.path}: ${problem.message}` });
    }
  }
  return { tables, problems };
}

/** The parameters as stored with the partner flow: secret values sealed, so the store never holds them in clear. */
export function sealSecrets(template: TemplateFile, params: Record<string, unknown>, secrets: Secrets): Record<string, unknown> {
  const sealed = { ...params };
  for (const { name } of secretParams(template)) if (typeof sealed[name] === 'string') sealed[name] = { $sealed: secrets.encrypt(sealed[name]) };
  return sealed;
}

export function unsealSecrets(params: Record<string, unknown>, secrets: Secrets): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    const sealed = typeof value === 'object' && value !== null ? (value as { $sealed?: unknown }).$sealed : undefined;
    plain[name] = typeof sealed === 'string' ? secrets.decrypt(sealed) : value;
  }
  return plain;
}

/** Replaces secret parameter values wherever they appear in a JSON value (for previews and API answers). */
export function maskSecrets<T>(value: T, template: TemplateFile, params: Record<string, unknown>): T {
  const plain = secretParams(template).map(({ name }) => params[name]).filter((secret): secret is string => typeof secret === 'string' && secret.length > 0);
  if (!plain.length) return value;
  let text = JSON.stringify(value);
  for (const secret of plain) text = text.split(JSON.stringify(secret).slice(1, -1)).join('********');
  return JSON.parse(text) as T;
}

export type { JSONSchema };
