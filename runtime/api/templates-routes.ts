// Routes for templates and onboarding: list, read with parameter schema, validate, preview, dry run, instantiate, upgrades and flow upgrade.
import type { JSONSchema } from '../../nodes/sdk/index.js';
import { FlowStartError, FlowValidationError } from '../engine/flow-engine.js';
import { maskDiff, maskFlow } from '../security/flow-secrets.js';
import { dryRun, type DryRunDeps, type DryRunRequest } from '../templates/dry-run.js';
import type { Resolution } from '../templates/flow-merge.js';
import type { TemplateInstanceStore } from '../templates/instance-store.js';
import { templateLabel, type InstantiateRequest, type OnboardingService, type PlanRequest } from '../templates/onboarding-service.js';
import { maskSecrets, secretParams, unsealSecrets } from '../templates/template-params.js';
import type { TemplateRegistry } from '../templates/template-registry.js';
import type { TemplateFile } from '../templates/template-types.js';
import type { UpgradeService } from '../templates/upgrade-service.js';
import type { ApiRouter } from './api-router.js';
import { currentUser } from './auth.js';
import { HttpError } from './http-error.js';

const editors = ['admin', 'analyst'] as const;

const planProperties: Record<string, JSONSchema> = {
  partnerId: { type: 'string', description: 'Lower-case id; the partner endpoints live under /partners/{partnerId}/.' },
  name: { type: 'string', minLength: 1, maxLength: 200, description: 'Partner display name (default: the partner id).' },
  flowId: { type: 'string', description: 'Default: {partnerId}-{template flowIdSuffix}.' },
  version: { type: 'integer', minimum: 1, description: 'Template version (default: the newest).' },
  params: { type: 'object', description: 'Values for the template\'s parameter schema.' },
};

const planBody: JSONSchema = { type: 'object', properties: planProperties, required: ['partnerId', 'params'], additionalProperties: false };

const instantiateBody: JSONSchema = {
  type: 'object',
  properties: { ...planProperties, reusePartner: { type: 'boolean', default: false, description: 'Add this template to an existing partner (no new credentials).' } },
  required: ['partnerId', 'params'],
  additionalProperties: false,
};

const dryRunBody: JSONSchema = {
  type: 'object',
  properties: {
    ...planProperties,
    document: { description: 'The test document: a JSON value for json entries, text for csv, x12, edifact and xml entries.' },
    entry: { type: 'string', description: 'Entry node (a local id from the template\'s entries); default: the first entry.' },
    timeoutMs: { type: 'integer', minimum: 100, maximum: 60_000 },
  },
  required: ['partnerId', 'params', 'document'],
  additionalProperties: false,
};

const upgradeBody: JSONSchema = {
  type: 'object',
  properties: {
    toVersion: { type: 'integer', minimum: 1 },
    params: { type: 'object', description: 'Values for parameters the new version adds or changes.' },
    resolutions: {
      type: 'array',
      items: {
        type: 'object', required: ['nodeId', 'property'], additionalProperties: false,
        properties: { nodeId: { type: 'string' }, property: { type: 'string' }, choose: { enum: ['local', 'theirs', 'base'] }, value: {} },
      },
    },
  },
  additionalProperties: false,
};

/** Parameter names in form order: x-order when given, else the schema's order. */
function formOrder(template: TemplateFile): string[] {
  const names = Object.keys(template.parameters.properties ?? {});
  const order = template.parameters['x-order'];
  if (!Array.isArray(order)) return names;
  return [...(order as string[]).filter((name) => names.includes(name)), ...names.filter((name) => !(order as string[]).includes(name))];
}

function summary(template: TemplateFile, versions: number[]) {
  return {
    id: template.id, version: template.version, label: templateLabel(template), versions, name: template.name, description: template.description, category: template.category,
    entries: template.entries ?? [],
  };
}

function mapErrors(error: unknown): unknown {
  if (error instanceof FlowValidationError) return new HttpError(422, 'the instantiated flow is invalid', error.problems.map((problem) => ({ nodeId: problem.nodeId, path: problem.path, message: problem.message })));
  if (error instanceof FlowStartError) return new HttpError(422, 'the instantiated flow failed to start', error.failed.map((node) => ({ nodeId: node.id, path: '$', message: node.reason })));
  return error;
}

export interface TemplateRouteDeps {
  registry: TemplateRegistry;
  onboarding: OnboardingService;
  upgrades: UpgradeService;
  instances: TemplateInstanceStore;
  dryRun: DryRunDeps;
  secrets: import('../../nodes/sdk/index.js').Secrets;
}

export function registerTemplateRoutes(api: ApiRouter, deps: TemplateRouteDeps): void {
  const { registry, onboarding, upgrades, instances } = deps;
  const versionOf = (raw: string | undefined) => (raw === undefined ? undefined : Number(raw));

  api.add({
    method: 'get', path: '/api/templates', tag: 'templates', summary: 'List templates (newest version of each) and template files that failed to load, with their problems', access: 'authenticated',
    handler: () => ({
      templates: registry.latest().map(({ template }) => summary(template, registry.versionsOf(template.id))),
      broken: registry.brokenTemplates(),
    }),
  });

  api.add({
    method: 'post', path: '/api/templates/reload', tag: 'templates', summary: 'Re-read the template directories (built-in and <data>/templates)', access: ['admin'],
    audit: { action: 'template.reload', target: () => 'templates' },
    handler: () => {
      const { loaded, broken } = registry.load();
      return { loaded, broken };
    },
  });

  api.add<unknown, { version?: string }>({
    method: 'get', path: '/api/templates/:id', tag: 'templates', summary: 'One template: parameter schema with UI hints (x-widget, x-secret, x-order), entries, example and flow', access: 'authenticated',
    query: { type: 'object', properties: { version: { type: 'string', pattern: '^[0-9]+$' } } },
    handler: ({ params, query }) => {
      const template = onboarding.requireTemplate(params.id!, versionOf(query.version));
      return {
        ...summary(template, registry.versionsOf(template.id)),
        parameters: template.parameters,
        form: { order: formOrder(template), secrets: secretParams(template), csv: (template.xref ?? []).map((spec) => ({ param: spec.param, keyColumn: spec.keyColumn, requiredColumns: spec.requiredColumns ?? [] })) },
        example: template.example,
        flow: template.flow,
      };
    },
  });

  api.add<Omit<PlanRequest, 'access'>>({
    method: 'post', path: '/api/templates/:id/validate', tag: 'templates', summary: 'Check parameters (schema, CSV tables, the resulting flow); always 200 with ok and problems', access: 'authenticated', body: planBody,
    handler: async ({ params, body }, res) => {
      // A taken partner id is reported with the plan's problems, so the wizard blocks on its first step, not at deploy.
      const taken = await onboarding.partnerIdProblems(body);
      try {
        onboarding.plan({ ...body, templateId: params.id!, access: currentUser(res) });
        return { ok: !taken.length, problems: taken };
      } catch (error) {
        if (error instanceof HttpError && error.status === 422) return { ok: false, problems: [...taken, ...(error.details ?? [])] };
        throw error;
      }
    },
  });

  api.add<Omit<PlanRequest, 'access'>>({
    method: 'post', path: '/api/templates/:id/preview', tag: 'templates', summary: 'The partner, xref tables and flow an instantiation would create; nothing is stored', access: 'authenticated', body: planBody,
    handler: ({ params, body }, res) => {
      const template = onboarding.requireTemplate(params.id!, body.version);
      const plan = onboarding.plan({ ...body, templateId: params.id!, access: currentUser(res) }, template);
      return maskSecrets({
        template: templateLabel(template),
        partner: plan.partner,
        xrefTables: plan.xref.map((table) => ({ name: table.table, keyColumn: table.keyColumn, columns: table.columns, rowCount: table.rows.length })),
        flowId: plan.flow.id,
        flow: maskFlow(plan.flow.nodes),
      }, template, plan.params);
    },
  });

  api.add<Omit<DryRunRequest, 'access'>>({
    method: 'post', path: '/api/templates/:id/dry-run', tag: 'templates', summary: 'Send a test document through a temporary copy of the flow: ERP posts, webhooks and files are captured, never sent; every hop\'s output is returned', access: editors, body: dryRunBody,
    handler: ({ params, body }, res) => dryRun(deps.dryRun, { ...body, templateId: params.id!, access: currentUser(res) }).catch((error: unknown) => { throw mapErrors(error); }),
  });

  api.add<Omit<InstantiateRequest, 'author' | 'templateId' | 'access'>>({
    method: 'post', path: '/api/templates/:id/instantiate', tag: 'templates', summary: 'Onboard a partner: creates its record with credentials (shown once), xref tables and flow (version 1, labelled template@version)', access: editors, body: instantiateBody, successStatus: 201,
    audit: {
      action: 'template.instantiate', target: (request) => `template:${request.params.id ?? ''}`,
      details: (_request, result) => {
        const { partner, flow, xrefTables } = result as { partner?: { id?: unknown }; flow?: unknown; xrefTables?: unknown };
        return { partnerId: partner?.id, flow, xrefTables }; // never the credentials or generated secrets it returns
      },
    },
    handler: ({ params, body }, res) => onboarding.instantiate({ ...body, templateId: params.id!, author: currentUser(res).username, access: currentUser(res) }).catch((error: unknown) => { throw mapErrors(error); }),
  });

  api.add({
    method: 'get', path: '/api/templates/:id/upgrades', tag: 'templates', summary: 'Partner flows still on an older version of the template', access: 'authenticated',
    handler: ({ params }) => upgrades.candidates(params.id!),
  });

  api.add({
    method: 'get', path: '/api/flows/:id/template', tag: 'templates', summary: 'The template version and parameters a partner flow was made from (secrets masked)', access: 'authenticated',
    handler: async ({ params }) => {
      const instance = await instances.get(params.id!);
      if (!instance) throw new HttpError(404, `flow "${params.id}" was not created from a template`);
      const { template, params: stored, ...rest } = instance;
      return { ...rest, template: templateLabel(template), params: maskSecrets(unsealSecrets(stored, deps.secrets), template, unsealSecrets(stored, deps.secrets)) };
    },
  });

  api.add<{ toVersion?: number; params?: Record<string, unknown>; resolutions?: Resolution[] }, { preview?: string }>({
    method: 'post', path: '/api/flows/:id/upgrade', tag: 'templates', summary: 'Rebase a partner flow on a newer template version (3-way merge); ?preview=true only shows the diff and conflicts; 409 lists unresolved conflicts', access: editors,
    body: upgradeBody, query: { type: 'object', properties: { preview: { enum: ['true', 'false'] } } },
    audit: {
      action: 'template.upgrade', target: (request) => `flow:${request.params.id ?? ''}`, skip: (request) => request.query.preview === 'true',
      details: (_request, result) => ({ from: (result as { from?: unknown }).from, to: (result as { to?: unknown }).to, version: (result as { version?: unknown }).version }),
    },
    handler: async ({ params, body, query }, res) => {
      const merged = await upgrades.upgrade({ flowId: params.id!, ...body, preview: query.preview === 'true', author: currentUser(res).username, access: currentUser(res) }).catch((error: unknown) => { throw mapErrors(error); });
      // Node credentials of the partner flow (ERP tokens) are masked like in every flow answer.
      const report = { ...merged, flow: maskFlow(merged.flow), diff: maskDiff(merged.diff) };
      if (query.preview !== 'true' && !report.applied) {
        res.status(409);
        return {
          error: `${report.conflicts.length} conflict(s) between local edits and ${report.to}; nothing was deployed`,
          details: report.conflicts.map((entry) => ({ nodeId: entry.nodeId, path: entry.property === '*' ? '$' : `$.${entry.property}`, message: entry.kind })),
          ...report,
        };
      }
      return report;
    },
  });
}
