// Shapes of the runtime's HTTP and socket.io payloads as the designer consumes them (see docs/designer.md, "Runtime API").
// Descriptor, status and JSONata error shapes are the SDK's own types: the designer may import SDK types (never its code).
import type { NodeStatus as SdkNodeStatus } from '../../../nodes/sdk/context';
import type { NodeDescriptor } from '../../../nodes/sdk/descriptor';
import type { JsonataErrorInfo } from '../../../nodes/sdk/jsonata';
// Permission names come from the runtime's one list (type only, no runtime code reaches the bundle).
import type { Permission } from '../../../nodes/sdk/permissions';

export type { Permission };

export type Role = 'admin' | 'analyst' | 'operator';

export interface User {
  username: string;
  role: Role;
  /** Effective permissions (role's plus grants), as /api/auth/me and login answer them; absent in sessions stored by older designers. */
  permissions?: Permission[];
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
  /**
   * failed: nodes did not start (failedNodes says which and why), as the server knows it now; needs-attention: the stored
   * flow uses a node version that could not be migrated at start, so it was not started (attention says which).
   */
  status: 'running' | 'failed' | 'needs-attention' | string;
  failedNodes?: FailedNode[];
  attention?: NodeAttention[];
  nodeCount: number;
  messageRate: number;
}

/** A node of a stored flow whose version could not be migrated at start (GET /api/flows, status needs-attention). */
export interface NodeAttention {
  nodeId: string;
  type: string;
  storedVersion: number;
  currentVersion: number;
  message: string;
}

/** A node of a deployed flow that did not start, and why (GET /api/flows, 422 of a deploy). */
export interface FailedNode {
  nodeId: string;
  type: string;
  name: string;
  message: string;
}

export interface FlowDetail {
  id: string;
  label: string;
  version: number;
  flow: NodeRedNode[];
}

/** An endpoint a deployed flow serves, as the server will route it (http in lives under /hooks/<flow>/). */
export interface FlowEndpoint {
  nodeId: string;
  method: string;
  url: string;
}

/** POST/PUT /api/flows and rollback: the new version, warnings that did not stop the deploy, and the flow's endpoints. */
export interface DeployResult {
  id: string;
  version: number;
  warnings?: Problem[];
  endpoints?: FlowEndpoint[];
  /** Present when the flow ran its test cases before this deploy; forced when failing ones were deployed anyway. */
  tests?: { ran: boolean; passed: number; failed: number; forced: boolean; failingCases: string[] };
}

/** POST /api/flows/import: one flow per tab of a Node-RED export. */
export interface ImportedFlow {
  id: string;
  label: string;
  version: number;
  created: boolean;
  warnings?: Problem[];
  endpoints?: FlowEndpoint[];
}

export interface ImportResult {
  flows: ImportedFlow[];
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

/** A flow removed from the deployed set (GET /api/deleted-flows); its versions stay readable. */
export interface DeletedFlow {
  id: string;
  label: string;
  lastVersion: number;
  lastDeployedAt: string;
  lastDeployedBy: string;
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

/** The package an external node was loaded from (TRADELANE_NODES_DIR or an installed tradelane-node-* package). */
export interface NodePackageInfo {
  name: string;
  version: string | null;
  source: 'nodes-dir' | 'npm';
}

/** A row of GET /api/nodes: the node's SDK descriptor as JSON, without its implementation; external nodes name their package. */
export type NodeCatalogEntry = Omit<NodeDescriptor, 'create' | 'migrate' | 'origin'> & (
  | { origin: NodeDescriptor['origin']; package?: undefined }
  | { origin: 'external'; package: NodePackageInfo }
);

/** Where and why a JSONata expression failed (the SDK's located error). */
export type JsonataError = JsonataErrorInfo;

export type JsonataResult = { ok: true; result: unknown } | { ok: false; error: JsonataError };

/** Which engine runs an expression in a node: the compiled closure tree, or jsonata-js with the reason. */
export interface JsonataEngineInfo {
  engine: 'compiled' | 'jsonata';
  fallbackReason?: string;
}

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
  edits?: Array<{ at: string; by: string }>;
  replays?: Array<{ at: string; by: string; nodeId: string; flowVersion: number | null; validation?: 'unedited' | 'flow' | 'schema' | 'unvalidated'; reason?: string }>;
  /** Who discarded it and when (status discarded). */
  discarded?: { at: string; by: string };
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

/** socket.io `status` payload: a node's `node.status()` (the SDK's status type). */
export type NodeStatus = SdkNodeStatus;

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

/** One user as GET /api/users lists it (admin only). Mirrors the `User` of runtime/store/user-store.ts. */
export interface ManagedUser {
  username: string;
  role: Role;
  disabled: boolean;
  /** Permissions granted beyond the role's. */
  grants: Permission[];
  createdAt: string;
}

/** Body of PUT /api/users/:username (at least one field). */
export interface UserChanges {
  role?: Role;
  disabled?: boolean;
  grants?: Permission[];
}

export type AuditOutcome = 'ok' | 'denied' | 'failed';

/** One audit log entry (GET /api/audit). Mirrors `AuditEntry` of runtime/store/audit-store.ts. */
export interface AuditEntry {
  id: string;
  at: string;
  /** Username, or "anonymous". */
  actor: string;
  /** Dotted action name, e.g. "flow.deploy", "user.create". */
  action: string;
  /** e.g. "flow:orders", "user:ann". */
  target: string;
  ip?: string;
  outcome: AuditOutcome;
  /** HTTP status of the answer, for actions taken through the API. */
  status?: number;
  details: unknown;
}

/** Query of GET /api/audit; `action` is exact or a prefix ending in ".*"; from/to are datetime-local or ISO values. */
export interface AuditFilter {
  action?: string;
  actor?: string;
  target?: string;
  from?: string;
  to?: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as cursor for the next (older) page; absent on the last page. */
  nextCursor?: string;
}
