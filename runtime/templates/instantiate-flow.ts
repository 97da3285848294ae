// Turns a template plus resolved parameters into a partner plan and a deployable flow (ids prefixed per flow), without side effects.
import { createHash } from 'node:crypto';
import type { FlowDocument, FlowNode } from '../engine/flow-types.js';
import { readPath, substitute, type SubstitutionContext } from './placeholders.js';
import type { PartnerPlan, TemplateFile, TemplateXrefSpec } from './template-types.js';
import type { TestSuite } from '../flow-tests/test-case.js';
import { instanceTests } from './template-tests.js';

const MAX_ID_LENGTH = 64;

/** Node properties that hold other nodes' ids; rewritten with the ids so template authors write local ids only. */
const REFERENCE_PROPERTIES = ['replayNodeId', 'scope', 'links', 'g'] as const;

/** Deployed id of a template node: "<flowId>.<localId>", or a short hash of the flow id when that would be too long. */
export function nodeIdFor(flowId: string, localId: string): string {
  const readable = `${flowId}.${localId}`;
  if (readable.length <= MAX_ID_LENGTH) return readable;
  return `${createHash('sha256').update(flowId).digest('hex').slice(0, 12)}.${localId}`.slice(0, MAX_ID_LENGTH);
}

export function defaultFlowId(template: Pick<TemplateFile, 'flowIdSuffix'>, partnerId: string): string {
  return `${partnerId}-${template.flowIdSuffix}`;
}

export interface InstanceInput {
  partnerId: string;
  partnerName: string;
  flowId: string;
  flowName: string;
  /** Validated parameters with defaults applied. */
  params: Record<string, unknown>;
}

export interface BuiltInstance {
  partner: PartnerPlan;
  flow: FlowDocument;
  xref: Array<TemplateXrefSpec & { table: string }>;
  tests?: TestSuite;
}

function builtIns(template: TemplateFile, input: InstanceInput): Record<string, unknown> {
  return { partnerId: input.partnerId, partnerName: input.partnerName, flowId: input.flowId, flowName: input.flowName, templateId: template.id, templateVersion: template.version };
}

function rewriteReference(value: unknown, idOf: (local: string) => string | undefined): unknown {
  if (typeof value === 'string') return idOf(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? idOf(item) ?? item : item));
  return value;
}

/** Node-RED keeps a tab's `cred` variables in the tab's credentials (value "" in env); the others stay in env. */
function tabEnvironment(template: TemplateFile, context: SubstitutionContext): { env?: unknown[]; credentials?: Record<string, string> } {
  if (!template.env?.length) return {};
  const env: Array<{ name: string; type: string; value: unknown }> = [];
  const credentials: Record<string, string> = {};
  for (const variable of template.env) {
    const value = substitute(variable.value, context);
    if (variable.type === 'cred') {
      env.push({ name: variable.name, type: 'cred', value: '' });
      credentials[variable.name] = value === undefined || value === null ? '' : String(value);
    } else {
      env.push({ name: variable.name, type: variable.type, value: typeof value === 'string' ? value : JSON.stringify(value) });
    }
  }
  return { env, ...(Object.keys(credentials).length ? { credentials } : {}) };
}

export function buildInstance(template: TemplateFile, input: InstanceInput): BuiltInstance {
  const values = { ...input.params, ...builtIns(template, input) };
  const localIds = new Set(template.flow.map((node) => node.id));
  const idOf = (local: string) => (localIds.has(local) ? nodeIdFor(input.flowId, local) : undefined);
  const context = {
    param: (path: string) => readPath(values, path),
    node: (local: string) => idOf(local) ?? local,
  };

  const nodes: FlowNode[] = template.flow.map((templateNode) => {
    const node = substitute(templateNode, context) as FlowNode;
    node.id = nodeIdFor(input.flowId, templateNode.id);
    node.z = input.flowId;
    if (Array.isArray(node.wires)) node.wires = node.wires.map((port) => port.map((target) => idOf(target) ?? target));
    for (const property of REFERENCE_PROPERTIES) if (property in node) node[property] = rewriteReference(node[property], idOf);
    return node;
  });
  const tab: FlowNode = {
    id: input.flowId,
    type: 'tab',
    label: input.flowName,
    info: `${template.name} for partner ${input.partnerId} (template ${template.id}@${template.version}).`,
    ...tabEnvironment(template, context),
  };
  const partner = { ...(substitute(template.partner, context) as Record<string, unknown>), id: input.partnerId, name: input.partnerName } as PartnerPlan;
  const xref = (template.xref ?? []).map((spec) => ({ ...spec, table: substitute(spec.table, context) as string }));
  return { partner, flow: { id: input.flowId, label: input.flowName, nodes: [tab, ...nodes] }, xref, ...(template.tests ? { tests: instanceTests(template.tests, context) } : {}) };
}
