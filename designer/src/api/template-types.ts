// Shapes of the template and onboarding API (/api/templates/..., /api/flows/:id/upgrade) as the wizard consumes them.
import type { JSONSchema } from '../../../nodes/sdk/json-schema';
import type { FlowDiff, NodeRedNode, Problem } from './types';

export type EntryContentType = 'json' | 'csv' | 'x12' | 'edifact' | 'xml';

export interface TemplateEntry {
  /** Local node id (as written in the template). */
  node: string;
  label: string;
  contentType: EntryContentType;
}

/** A row of GET /api/templates: the newest version of one template. */
export interface TemplateSummary {
  id: string;
  version: number;
  /** `id@version`, the label partner flows carry. */
  label: string;
  versions: number[];
  name: string;
  description: string;
  category: string;
  entries: TemplateEntry[];
}

export interface BrokenTemplate {
  id?: string;
  version?: number;
  source: string;
  problems: Problem[];
}

export interface TemplateExample {
  partnerId: string;
  params: Record<string, unknown>;
  /** Test documents per entry node: JSON values for json entries, text otherwise. */
  documents?: Record<string, unknown>;
}

/** GET /api/templates/:id */
export interface TemplateDetail extends TemplateSummary {
  parameters: JSONSchema;
  form: {
    order: string[];
    secrets: { name: string; generate: boolean }[];
    csv: { param: string; keyColumn: string; requiredColumns: string[] }[];
  };
  example: TemplateExample;
  flow: NodeRedNode[];
}

export interface PlanBody {
  partnerId: string;
  name?: string;
  params: Record<string, unknown>;
}

export interface PartnerPlan {
  id: string;
  name: string;
  identifiers?: Record<string, string>;
  sla?: Record<string, number>;
  tolerance?: Record<string, number>;
  authMethod?: 'api-key' | 'hmac';
  webhookUrl?: string;
}

/** POST /api/templates/:id/preview */
export interface InstancePreview {
  template: string;
  partner: PartnerPlan;
  xrefTables: { name: string; keyColumn: string; columns: string[]; rowCount: number }[];
  flowId: string;
  flow: NodeRedNode[];
}

export type HopTreatment = 'entry' | 'ran' | 'stubbed' | 'passed-through' | 'inert';

export interface DryRunHop {
  /** Local (template) node id. */
  nodeId: string;
  localId: string;
  type: string;
  name: string;
  treatment: HopTreatment;
  note?: string;
  outputs: { port: number; message: Record<string, unknown> }[];
  error?: string;
}

/** POST /api/templates/:id/dry-run */
export interface DryRunReport {
  correlationId: string;
  entry: string;
  ok: boolean;
  failure?: { code: string; message: string; nodeId: string };
  response?: { status: number; body: unknown };
  hops: DryRunHop[];
  notReached: string[];
}

/** POST /api/templates/:id/instantiate (201) */
export interface InstantiateResult {
  partner: PartnerPlan;
  credentials: { apiKey?: string; hmacSecret?: string; webhookSecret?: string };
  generatedSecrets: Record<string, string>;
  flow: { id: string; label: string; version: number; template: string };
  xrefTables: { name: string; version: number; rowCount: number }[];
}

export interface UpgradeCandidate {
  flowId: string;
  partnerId: string;
  templateVersion: number;
  latestVersion: number;
  flowVersion?: number;
}

export interface MergeConflict {
  nodeId: string;
  property: string;
  kind: 'both-changed' | 'removed-by-template' | 'removed-locally' | 'added-both';
  base?: unknown;
  local?: unknown;
  theirs?: unknown;
}

export interface UpgradeResolution {
  nodeId: string;
  property: string;
  choose: 'local' | 'theirs' | 'base';
}

/** POST /api/flows/:id/upgrade[?preview=true]; a 409 carries the same report plus error and details. */
export interface UpgradeReport {
  flowId: string;
  from: string;
  to: string;
  conflicts: MergeConflict[];
  resolved: MergeConflict[];
  droppedWires: { nodeId: string; target: string }[];
  diff: Omit<FlowDiff, 'from' | 'to'>;
  flow: NodeRedNode[];
  applied: boolean;
  version?: number;
}
