// Onboards a partner from a template: plans everything first (422 with every located problem), then creates partner, xref tables and flow, undoing all on failure.
import type { Secrets } from '../../nodes/sdk/index.js';
import { HttpError, type ErrorDetail } from '../api/http-error.js';
import type { FlowDeployer } from '../engine/flow-deployer.js';
import type { FlowEngine } from '../engine/flow-engine.js';
import type { FlowStore } from '../store/flow-store.js';
import type { IssuedCredentials, Partner, PartnerSla, PartnerStore } from '../store/partner-store.js';
import type { XrefStore, XrefTable } from '../store/xref-store.js';
import type { Logger } from '../logger.js';
import { buildInstance, defaultFlowId } from './instantiate-flow.js';
import type { TemplateInstanceStore } from './instance-store.js';
import { filesPathProblems, planXrefTables, resolveParams, sealSecrets } from './template-params.js';
import type { TemplateRegistry } from './template-registry.js';
import type { InstancePlan, TemplateFile } from './template-types.js';
import type { DeployAccess } from '../security/deploy-access.js';
import type { FlowTestStore } from '../store/flow-test-store.js';

const FLOW_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export interface OnboardingDeps {
  registry: TemplateRegistry;
  partners: PartnerStore;
  xref: XrefStore;
  flows: FlowStore;
  deployer: FlowDeployer;
  engine: Pick<FlowEngine, 'validate'>;
  instances: TemplateInstanceStore;
  secrets: Secrets;
  logger: Logger;
  /** Real path of the files root: parameters marked "x-files-path" must name a place inside it. */
  filesRoot: string;
  /** Where the flow's test cases go: a template's tests.json gives every new partner flow its first cases. */
  flowTests?: Pick<FlowTestStore, 'save'>;
}

export interface PlanRequest {
  templateId: string;
  /** Defaults to the newest version. */
  version?: number;
  partnerId: string;
  /** The partner's display name; defaults to the partner id. */
  name?: string;
  flowId?: string;
  params: Record<string, unknown>;
  /** The caller: the resulting flow is checked against its permissions (a template with file nodes needs deploy.filesystem). */
  access: DeployAccess;
}

export interface InstantiateRequest extends PlanRequest {
  /** Onboard an existing partner to one more template: its record and credentials stay as they are. */
  reusePartner?: boolean;
  author: string;
}

export interface InstantiateResult {
  partner: Partner;
  /** Issued credentials, in clear this once. */
  credentials: IssuedCredentials;
  /** Values generated for x-secret: "generate" parameters, in clear this once. */
  generatedSecrets: Record<string, string>;
  flow: { id: string; label: string; version: number; template: string };
  xrefTables: Array<{ name: string; version: number; rowCount: number }>;
}

/**
 * The SLA of a partner onboarded to one more template: the template's targets land in the partner's SLA, where the
 * sweep uses them. Targets the caller entered replace the partner's; the template's defaults only fill targets it lacks.
 * Undefined when nothing changes.
 */
export function slaOnReuse(current: PartnerSla, planned: PartnerSla | undefined, entered: boolean): PartnerSla | undefined {
  if (!planned || !Object.keys(planned).length) return undefined;
  const merged: PartnerSla = entered ? { ...current, ...planned } : { ...planned, ...current };
  const keys = new Set([...Object.keys(current), ...Object.keys(merged)]) as Set<keyof PartnerSla>;
  return [...keys].some((key) => merged[key] !== current[key]) ? merged : undefined;
}

/** In the onboarding officer's words: what is wrong and the two ways out. */
function partnerTaken(partnerId: string): ErrorDetail {
  return { path: '$.partnerId', message: `A partner with id ${partnerId} already exists — choose another id, or upgrade that partner's flow instead` };
}

export function templateLabel(template: Pick<TemplateFile, 'id' | 'version'>): string {
  return `${template.id}@${template.version}`;
}

export class OnboardingService {
  constructor(private readonly deps: OnboardingDeps) {}

  requireTemplate(id: string, version?: number): TemplateFile {
    const loaded = this.deps.registry.get(id, version);
    if (!loaded) {
      const broken = this.deps.registry.brokenTemplates().find((entry) => entry.id === id && (version === undefined || entry.version === version));
      if (broken) throw new HttpError(409, `template "${id}" is broken and was not loaded`, broken.problems);
      throw new HttpError(404, `template "${id}"${version ? ` version ${version}` : ''} does not exist`);
    }
    return loaded.template;
  }

  /** The partner id is taken (and not meant to be reused): checked on the wizard's first step, before any plan. */
  async partnerIdProblems(request: Pick<InstantiateRequest, 'partnerId' | 'reusePartner'>): Promise<ErrorDetail[]> {
    if (request.reusePartner || !request.partnerId) return [];
    return (await this.deps.partners.get(request.partnerId)) ? [partnerTaken(request.partnerId)] : [];
  }

  /** Everything the instantiation would create, or a 422 listing every problem. No side effects. */
  plan(request: PlanRequest, template = this.requireTemplate(request.templateId, request.version)): InstancePlan {
    const resolved = resolveParams(template, request.partnerId, request.params ?? {});
    const problems: ErrorDetail[] = [...resolved.problems, ...filesPathProblems(template, resolved.params, this.deps.filesRoot)];
    const flowId = request.flowId ?? defaultFlowId(template, request.partnerId);
    if (!FLOW_ID_PATTERN.test(flowId)) problems.push({ path: request.flowId ? '$.flowId' : '$.partnerId', message: `flow id "${flowId}" must be 1-64 letters, digits, ".", "_" or "-"` });
    if (problems.length) throw new HttpError(422, 'parameters are invalid', problems);
    const partnerName = request.name ?? request.partnerId;
    const built = buildInstance(template, { partnerId: request.partnerId, partnerName, flowId, flowName: `${partnerName}: ${template.name}`, params: resolved.params });
    const xref = planXrefTables(built, resolved.params);
    problems.push(...xref.problems);
    for (const problem of this.deps.engine.validate(built.flow, request.access)) problems.push({ path: `$.flow${problem.path.replace(/^\$/, '')}`, nodeId: problem.nodeId, message: problem.message });
    if (problems.length) throw new HttpError(422, 'the template cannot be instantiated with these parameters', problems);
    return {
      templateId: template.id, templateVersion: template.version, partner: built.partner, xref: xref.tables, flow: built.flow, params: resolved.params, generatedSecrets: resolved.generatedSecrets,
      ...(built.tests ? { tests: built.tests } : {}),
    };
  }

  async instantiate(request: InstantiateRequest): Promise<InstantiateResult> {
    const { partners, xref, flows, deployer, instances, secrets, logger } = this.deps;
    const template = this.requireTemplate(request.templateId, request.version);
    const plan = this.plan(request, template);
    const conflicts: ErrorDetail[] = [];
    const existingPartner = await partners.get(plan.partner.id);
    if (existingPartner && !request.reusePartner) conflicts.push(partnerTaken(plan.partner.id));
    if (!existingPartner && request.reusePartner) conflicts.push({ path: '$.partnerId', message: `partner "${plan.partner.id}" does not exist, so it cannot be reused` });
    if (await flows.get(plan.flow.id)) conflicts.push({ path: request.flowId ? '$.flowId' : '$.partnerId', message: `flow "${plan.flow.id}" already exists` });
    const previousTables = new Map<string, XrefTable | undefined>();
    for (const table of plan.xref) {
      const existing = await xref.get(table.table);
      previousTables.set(table.table, existing);
      if (existing && !request.reusePartner) conflicts.push({ path: `$.params.${table.param}`, message: `xref table "${table.table}" already exists` });
    }
    if (conflicts.length) throw new HttpError(409, 'onboarding would overwrite existing records', conflicts);

    const undo: Array<() => Promise<unknown>> = [];
    try {
      let partner: Partner;
      let credentials: IssuedCredentials = {};
      if (existingPartner) {
        partner = existingPartner;
        const sla = slaOnReuse(existingPartner.sla, plan.partner.sla, request.params?.sla !== undefined);
        if (sla) {
          partner = await partners.setSla(partner.id, sla);
          undo.push(() => partners.setSla(existingPartner.id, existingPartner.sla));
        }
      } else {
        const registered = await partners.register(plan.partner);
        undo.push(() => partners.remove(plan.partner.id));
        partner = registered.partner;
        credentials = registered.credentials;
      }
      const xrefTables: InstantiateResult['xrefTables'] = [];
      for (const table of plan.xref) {
        const previous = previousTables.get(table.table);
        undo.push(() => (previous ? xref.put({ ...previous, author: request.author }) : xref.remove(table.table)));
        const stored = await xref.put({ name: table.table, keyColumn: table.keyColumn, columns: table.columns, rows: table.rows, author: request.author });
        xrefTables.push({ name: stored.name, version: stored.version, rowCount: stored.rows.length });
      }
      const label = templateLabel(template);
      const version = await deployer.deploy({ flow: plan.flow, author: request.author, access: request.access, message: `onboarded from template ${label}`, partnerId: partner.id, template: label });
      undo.push(() => deployer.remove(plan.flow.id));
      if (plan.tests && this.deps.flowTests) await this.deps.flowTests.save(plan.flow.id, version.n, plan.tests, request.author);
      const now = new Date().toISOString();
      await instances.put({
        flowId: plan.flow.id, partnerId: partner.id, templateId: template.id, templateVersion: template.version, params: sealSecrets(template, plan.params, secrets),
        partnerName: plan.partner.name, flowName: plan.flow.label, template, createdAt: now, updatedAt: now,
      });
      logger.info({ partnerId: partner.id, flowId: plan.flow.id, template: label }, 'partner onboarded from template');
      return { partner, credentials, generatedSecrets: plan.generatedSecrets, flow: { id: plan.flow.id, label: plan.flow.label, version: version.n, template: label }, xrefTables };
    } catch (error) {
      for (const step of undo.reverse()) {
        await step().catch((undoError: unknown) => logger.error({ err: undoError, flowId: plan.flow.id }, 'onboarding rollback step failed'));
      }
      throw error;
    }
  }
}
