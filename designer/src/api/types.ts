// Shapes of the runtime's HTTP and socket.io payloads as the designer consumes them (see docs/designer.md, "Runtime API").
import type { JSONSchema } from '../../../nodes/sdk/json-schema';

export type Role = 'admin' | 'analyst' | 'operator';

export interface User {
  username: string;
  role: Role;
}

export interface LoginResponse {
  token: string;
  user: User;
}

/** One node as Node-RED stores it: fixed keys plus the node's own config properties. */
export interface NodeRedNode {
  id: string;
  type: string;
  z?: string;
  x?: number;
  y?: number;
  wires?: string[][];
  name?: string;
  label?: string;
  [property: string]: unknown;
}

export interface FlowSummary {
  id: string;
  label: string;
  partnerId?: string;
  /** `templateId@version` for partner flows made from a template. */
  template?: string;
  version: number;
  deployedAt: string;
  deployedBy: string;
  status: 'running' | 'error' | string;
  nodeCount: number;
  messageRate: number;
}

export interface FlowDetail {
  id: string;
  label: string;
  version: number;
  flow: NodeRedNode[];
}

export interface DeployResult {
  id: string;
  version: number;
}

export interface Problem {
  nodeId?: string;
  path?: string;
  segment?: string;
  message: string;
}

export interface ValidationResult {
  ok: boolean;
  problems: Problem[];
}

export interface VersionSummary {
  n: number;
  author: string;
  message: string;
  createdAt: string;
  hash: string;
}

export interface VersionDetail extends VersionSummary {
  flow: NodeRedNode[];
}

export interface WireRef {
  source: string;
  port: number;
  target: string;
}

export interface PropertyChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface FlowDiff {
  from: number;
  to: number;
  nodes: {
    added: NodeRedNode[];
    removed: NodeRedNode[];
    changed: { id: string; type: string; properties: PropertyChange[] }[];
  };
  wires: { added: WireRef[]; removed: WireRef[] };
}

export interface NodeCatalogEntry {
  type: string;
  category: string;
  label: string;
  summary: string;
  color?: string;
  icon?: string;
  inputs: 0 | 1;
  outputs: { label: string }[];
  configSchema: JSONSchema;
  credentialsSchema?: JSONSchema;
  docs: string;
  origin: 'tradelane' | 'node-red';
  configNode?: boolean;
}

export interface JsonataError {
  message: string;
  position?: number;
  token?: string;
  line?: number;
  column?: number;
}

export type JsonataResult = { ok: true; result: unknown } | { ok: false; error: JsonataError };

export interface TraceSummary {
  correlationId: string;
  firstAt: number;
  lastAt: number;
  hopCount: number;
  outcome: string;
}

export interface TraceHop {
  nodeId: string;
  nodeType: string;
  nodeName?: string;
  flowId: string;
  event: 'received' | 'completed' | 'error' | 'note';
  at: number;
  error?: string | { message?: string; code?: string };
  text?: string;
}

export interface TraceDetail {
  correlationId: string;
  hops: TraceHop[];
}

export interface DeadLetterError {
  code: string;
  message: string;
  retryable: boolean;
  nodeId: string;
  nodeType: string;
  at: string | number;
}

/** A row of GET /api/deadletters: no message body, the last error only. */
export interface DeadLetterSummary {
  id: string;
  correlationId: string;
  flowId: string;
  flowVersion: number | null;
  partnerId?: string;
  entryNodeId: string;
  createdAt: string | number;
  status: 'open' | 'replayed' | 'discarded';
  lastError?: DeadLetterError | null;
  errorCount?: number;
  /** Older servers list full dead letters. */
  errors?: DeadLetterError[];
}

export interface DeadLetter extends DeadLetterSummary {
  errors: DeadLetterError[];
  message: { payload?: unknown; [key: string]: unknown };
}

export interface DeadLetterFilter {
  flowId?: string;
  partnerId?: string;
  code?: string;
  status?: string;
  from?: string;
  to?: string;
}

/** socket.io `trace` batch item. */
export interface LiveTraceEvent {
  correlationId: string;
  nodeId: string;
  flowId: string;
  event: 'received' | 'completed' | 'error';
  at: number;
}

export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey' | string;
  shape?: 'ring' | 'dot' | string;
  text?: string;
}

export interface LiveNodeStats {
  in: number;
  out: number;
  errors: number;
  ratePerSec: number;
}

export interface LiveStats {
  at: number;
  nodes: Record<string, LiveNodeStats>;
}
