// Dry run of a template instance: deploys a temporary copy with outbound nodes stubbed, sends one test document through the real engine, returns every hop's output.
import { randomBytes } from 'node:crypto';
import type { AnyNodeDescriptor, DeliveryTracker, TradelaneMessage } from '../../nodes/sdk/index.js';
import { NodeError } from '../../nodes/sdk/index.js';
import { parseBody, type BodyFormat } from '../../nodes/supplier-portal/request-body.js';
import { HttpError } from '../api/http-error.js';
import type { FlowEngine } from '../engine/flow-engine.js';
import type { NodeRedHooks } from '../engine/trace-hooks.js';
import { toDryRunFlow } from './dry-run-flow.js';
import { runCaptured, type HopReport } from './dry-run-capture.js';
import type { OnboardingService, PlanRequest } from './onboarding-service.js';
import { nodeIdFor } from './instantiate-flow.js';
import { readPath, substitute } from './placeholders.js';
import { maskSecrets } from './template-params.js';
import type { XrefOverlay } from './xref-overlay.js';
import type { InstancePlan, TemplateFile, XrefPlan } from './template-types.js';

export type { HopReport } from './dry-run-capture.js';

export interface DryRunRequest extends PlanRequest {
  /** The test document: JSON for json entries, text for csv/x12/edifact/xml entries. */
  document: unknown;
  /** Local node id of the entry; defaults to the template's first entry. */
  entry?: string;
  timeoutMs?: number;
}

export interface DryRunReport {
  correlationId: string;
  entry: string;
  ok: boolean;
  failure?: { code: string; message: string; nodeId: string };
  /** What the partner would have been answered (respond nodes). */
  response?: { status: number; body: unknown };
  /** Hops in the order they first acted; nodes the message never reached are left out. */
  hops: HopReport[];
  notReached: string[];
}

export interface DryRunDeps {
  onboarding: OnboardingService;
  engine: Pick<FlowEngine, 'deploy' | 'remove' | 'deliver'>;
  hooks: NodeRedHooks;
  deliveries: DeliveryTracker;
  xref: XrefOverlay;
  /** Every node the runtime loaded, external packages included: their sideEffects decide what the dry run runs. */
  catalog: readonly AnyNodeDescriptor[];
}

export async function dryRun(deps: DryRunDeps, request: DryRunRequest): Promise<DryRunReport> {
  const template = deps.onboarding.requireTemplate(request.templateId, request.version);
  const runId = `dryrun-${randomBytes(4).toString('hex')}`;
  const plan = deps.onboarding.plan({ ...request, flowId: runId }, template);
  const entryLocal = request.entry ?? template.entries?.[0]?.node;
  const entryInfo = template.entries?.find((entry) => entry.node === entryLocal);
  if (!entryLocal || !template.flow.some((node) => node.id === entryLocal)) {
    throw new HttpError(422, 'no entry node for the test document', [{ path: '$.entry', message: `choose one of: ${(template.entries ?? []).map((entry) => entry.node).join(', ') || 'none declared'}` }]);
  }
  const contentType = entryInfo?.contentType ?? 'json';
  let payload: unknown = request.document;
  if (contentType !== 'json') {
    if (typeof request.document !== 'string') throw new HttpError(422, 'the test document must be text for this entry', [{ path: '$.document', message: `send the ${contentType} document as a string` }]);
    try {
      payload = parseBody(contentType as BodyFormat, Buffer.from(request.document), { csvDelimiter: ',' }).payload;
    } catch (error) {
      if (error instanceof NodeError) throw new HttpError(422, error.message, ((error.details as unknown[] | undefined) ?? []).map((detail) => ({ ...(detail as object), path: `$.document${String((detail as { path?: string }).path ?? '').replace(/^\$/, '')}`, message: String((detail as { message?: string }).message ?? error.message) })));
      throw error;
    }
  }

  // The dry run's xref tables come from the CSV parameters under names of their own, so live tables are never touched.
  // A CSV left empty still gets an (empty) table, so a lookup never falls through to a live table of the same name.
  let flowJson = JSON.stringify(plan.flow);
  const dryTables = dryRunTables(template, plan);
  const temporaryTables = dryTables.map((table) => ({ ...table, table: `${runId}~${table.table}` }));
  for (const table of dryTables) flowJson = flowJson.split(table.table).join(`${runId}~${table.table}`);
  const prefix = `${runId}.`;
  const localOf = (nodeId: string) => (nodeId.startsWith(prefix) ? nodeId.slice(prefix.length) : nodeId);
  const dry = toDryRunFlow(JSON.parse(flowJson) as typeof plan.flow, nodeIdFor(runId, entryLocal), localOf, deps.catalog);

  const removeTables = deps.xref.add(temporaryTables);
  const correlationId = `${runId}-${randomBytes(4).toString('hex')}`;
  const headers = Object.fromEntries(Object.entries(entryInfo?.headers ?? {}).map(([name, value]) => [name.toLowerCase(), substitute(value, { param: (name) => readPath({ ...plan.params, partnerId: plan.partner.id }, name), node: (local) => local })]));
  try {
    const captured = await runCaptured(deps, {
      dry, runId, localOf, access: request.access, ...(request.timeoutMs ? { timeoutMs: request.timeoutMs } : {}),
      message: (res): TradelaneMessage => ({ correlationId, payload, contentType, partnerId: plan.partner.id, dryRun: true, res, req: { headers, body: payload } }),
    });
    const { outcome, hops } = captured;
    const missed = xrefMissFailure(template, temporaryTables, deps.xref, hops.map((hop) => hop.nodeId));
    const failure = outcome.ok ? missed : { code: outcome.failure.code, message: outcome.failure.message, nodeId: localOf(outcome.failure.nodeId) };
    const report: DryRunReport = {
      correlationId,
      entry: entryLocal,
      ok: !failure,
      ...(failure ? { failure } : {}),
      ...(captured.response ? { response: captured.response } : {}),
      hops,
      notReached: captured.notReached,
    };
    return maskSecrets(report, template, plan.params);
  } finally {
    removeTables();
  }
}

/** Every xref table of the template for this plan: the CSV's rows, or none when the CSV was left empty. */
function dryRunTables(template: TemplateFile, plan: InstancePlan): XrefPlan[] {
  const values = { ...plan.params, partnerId: plan.partner.id };
  return (template.xref ?? []).map((spec) => {
    const table = String(substitute(spec.table, { param: (name) => readPath(values, name), node: (local) => local }));
    return plan.xref.find((entry) => entry.table === table) ?? { table, keyColumn: spec.keyColumn, columns: [spec.keyColumn, ...(spec.requiredColumns ?? [])], rows: [], param: spec.param };
  });
}

/**
 * A document whose items are not in the cross-reference the analyst entered must not pass: otherwise a dry run
 * "succeeds" on the example partner's items, and the first live document fails. Names the item and the CSV field.
 */
function xrefMissFailure(template: TemplateFile, tables: XrefPlan[], xref: XrefOverlay, hops: string[]): DryRunReport['failure'] {
  for (const table of tables) {
    const keys = xref.missesOf(table.table);
    if (!keys.length) continue;
    const label = template.parameters.properties?.[table.param]?.title ?? table.param;
    // The first hop whose template node names the table (a $xref call or a tl-xref node) is where the item went missing.
    const named = template.xref?.find((spec) => spec.param === table.param)?.table ?? table.table;
    const nodeId = hops.find((local) => JSON.stringify(template.flow.find((node) => node.id === local) ?? {}).includes(named)) ?? hops[hops.length - 1] ?? '';
    const items = keys.map((key) => (key ? `"${key}"` : 'an empty item')).join(', ');
    return { code: 'XREF_MISS', message: `${items} ${keys.length === 1 ? 'is' : 'are'} not in the ${label} you entered: add the supplier's row${keys.length === 1 ? '' : 's'}, or test with items the supplier really sends`, nodeId };
  }
  return undefined;
}
