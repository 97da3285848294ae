// Types of partner templates (the template file format), their validated load results and what instantiation produces.
import type { TestSuite } from '../flow-tests/test-case.js';
import type { JSONSchema, TolerancePolicy, PartnerAuthMethod } from '../../nodes/sdk/index.js';
import type { FlowDocument, FlowNode } from '../engine/flow-types.js';
import type { PartnerIdentifiers, PartnerSla } from '../store/partner-store.js';

/** One xref table a template creates from a CSV parameter. */
export interface TemplateXrefSpec {
  /** Parameter holding the CSV text (declared with "x-widget": "csv"). */
  param: string;
  /** Table name; may use {{param.partnerId}} so every partner gets its own table. */
  table: string;
  keyColumn: string;
  /** Columns the CSV must have besides the key column. */
  requiredColumns?: string[];
}

export interface TemplateEnvVariable {
  name: string;
  type: 'str' | 'num' | 'bool' | 'json' | 'cred';
  /** Usually a {"$param": ...} placeholder. */
  value: unknown;
}

/** A way into the flow the dry run can send a test document through. */
export interface TemplateEntry {
  /** Local node id (as written in the template) that receives the test document. */
  node: string;
  label: string;
  /** How the test document is read: json (an object), or text parsed like the intake node parses csv/x12/edifact. */
  contentType: 'json' | 'csv' | 'x12' | 'edifact' | 'xml';
  /** Request headers a dry run puts on msg.req for core "http in" entries; may use {{param.x}}. */
  headers?: Record<string, string>;
}

/** The template file format (templates/<id>/template.json). Placeholders may appear in partner, xref and flow. */
export interface TemplateFile {
  id: string;
  version: number;
  name: string;
  description: string;
  category: string;
  /** JSON Schema (draft 2020-12) of the parameters, with UI hints (title, description, x-widget, x-secret, x-order). */
  parameters: JSONSchema;
  /** The partner record to create (its name comes from the request); values are usually {"$param": ...} placeholders. */
  partner: Record<string, unknown>;
  xref?: TemplateXrefSpec[];
  /** Suffix of the default flow id: "<partnerId>-<flowIdSuffix>". */
  flowIdSuffix: string;
  /** Node-RED nodes without the tab; ids are local and get prefixed per partner flow. */
  flow: FlowNode[];
  /**
   * Environment variables of the flow's tab, read by nodes as `vt: "env"` / `${NAME}`. A `cred` entry is a Node-RED
   * credential of the tab: its value is sealed at rest and masked in answers. It is where a secret parameter goes
   * when the node that uses it (e.g. a core switch) has no credentials of its own.
   */
  env?: TemplateEnvVariable[];
  entries?: TemplateEntry[];
  /** Parameters that make a valid instance; checked at load time and shown as the wizard's sample. */
  example: { partnerId: string; params: Record<string, unknown>; documents?: Record<string, unknown> };
  /** Test cases from tests.json beside the template (local node ids); every partner flow made from it starts with them. */
  tests?: TestSuite;
}

/** A template that passed every load check. */
export interface LoadedTemplate {
  template: TemplateFile;
  /** File it came from, for messages. */
  source: string;
}

/** A template file that failed a load check; never usable, listed with its problems. */
export interface BrokenTemplate {
  id?: string;
  version?: number;
  source: string;
  problems: Array<{ path: string; message: string }>;
}

/** What the partner record will be. */
export interface PartnerPlan {
  id: string;
  name: string;
  identifiers?: PartnerIdentifiers;
  sla?: PartnerSla;
  tolerance?: TolerancePolicy;
  authMethod?: PartnerAuthMethod;
  webhookUrl?: string;
}

export interface XrefPlan {
  table: string;
  keyColumn: string;
  columns: string[];
  rows: Array<Record<string, string>>;
  param: string;
}

/** Everything an instantiation would create, computed without side effects. */
export interface InstancePlan {
  templateId: string;
  templateVersion: number;
  partner: PartnerPlan;
  xref: XrefPlan[];
  flow: FlowDocument;
  /** Parameters after defaults and generated secrets were filled in. */
  params: Record<string, unknown>;
  /** Secrets generated for x-secret: "generate" parameters, returned once. */
  generatedSecrets: Record<string, string>;
  /** The template's test cases for this flow (deployed node ids, parameters filled in). */
  tests?: TestSuite;
}

/** Built-in values every template can use besides its parameters. */
export const RESERVED_PARAMS = ['partnerId', 'partnerName', 'flowId', 'flowName', 'templateId', 'templateVersion'] as const;
