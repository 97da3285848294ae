// Shapes of the operator-visibility API (overview, flow health, debug output, per-node message data, SLA board) as the designer consumes them; mirrors the routes' schemas and runtime/ledger/sla-reports.ts.

export type HealthState = 'ok' | 'degraded' | 'failing';

/** `health` of each flow on GET /api/flows and in the overview. */
export interface FlowHealth {
  state: HealthState;
  errorsLastHour: number;
  backlog: number;
  openDeadLetters: number;
  openCircuits: number;
  /** Human sentences, e.g. "ERP circuit open on 'Post to ERP' since 10:42". */
  reasons: string[];
}

export interface ThroughputPoint {
  at: string;
  /** '' = no partner (e.g. refused with a wrong API key). */
  partnerId: string;
  received: number;
  refused: number;
  failed: number;
  posted: number;
  deadLettered: number;
}

export type ThroughputCounts = Omit<ThroughputPoint, 'at' | 'partnerId'>;

export type CircuitState = 'closed' | 'open' | 'half-open';

/** GET /api/operations/overview?from&to */
export interface OperationsOverview {
  asOf: string;
  from: string;
  to: string;
  bucketMs: number;
  throughput: ThroughputPoint[];
  totals: ThroughputCounts;
  partners: Array<{ id: string; name: string }>;
  backlog: { queued: number; inFlight: number; retrying: number; byQueue: Array<{ flowId: string; nodeId: string; name: string; queued: number; inFlight: number }> };
  deadLetters: { open: number; byFlow: Array<{ flowId: string; name: string; open: number }> };
  circuits: Array<{ flowId: string; nodeId: string; name: string; state: CircuitState }>;
  sla: { overdue: number; openAlerts: number };
  exceptions: { open: number };
  flows: Array<{ id: string; name: string; health: FlowHealth }>;
}

/** socket.io `operations`: something the overview shows changed. */
export interface OperationsEvent {
  at: number;
}

/** A payload as captured for display: masked and capped (`text` when it was not JSON or was cut). */
export interface CapturedValue {
  value?: unknown;
  text?: string;
  truncated: boolean;
  bytes: number;
}

/** socket.io `debug` and GET /api/flows/:id/debug items. */
export interface DebugMessage {
  flowId: string;
  nodeId: string;
  nodeName: string;
  at: number;
  correlationId?: string;
  property: string;
  value: CapturedValue;
}

/** One node's view of a message: GET /api/traces/:cid/data (permission ledger.payloads). */
export interface NodeMessageData {
  nodeId: string;
  nodeName: string;
  nodeType: string;
  flowId: string;
  at: number;
  input?: CapturedValue;
  outputs?: Array<CapturedValue | null>;
  error?: string;
}

export interface TraceData {
  correlationId: string;
  nodes: NodeMessageData[];
}

/** Ledger documents of a correlation id, on GET /api/traces/:cid (a refusal has documents but no hops). */
export interface TraceDocument {
  id: string;
  status: string;
  documentType: string;
  partnerId?: string | null;
  errors?: Array<{ path?: string; message: string; code?: string } | string>;
  receivedAt: string | number;
}

/** GET /api/sla/overdue item. */
export interface OverdueItem {
  rule: string;
  kind: string;
  partnerId: string;
  documentId: string;
  documentType: string;
  poNumber?: string;
  startedAt: string;
  dueAt: string;
  lateMs: number;
  alert?: { id: string; status: string };
}

export interface OverdueList {
  asOf: string;
  total: number;
  overdue: OverdueItem[];
}

/** One supplier of GET /api/sla/summary. */
export interface SupplierSla {
  partnerId: string;
  name?: string;
  sla: Record<string, number | undefined>;
  overdue: { purchaseOrders: number; functionalAcks: number; shipNotices: number };
  openAlerts: number;
  ackResponse: { purchaseOrders: number; acknowledged: number; unacknowledged: number; buckets: number[]; onTime: number | null; onTimePct: number | null; averageHours: number | null };
  asnCompliance: { onTime: number; late: number; missing: number };
  scorecard: { documents: number; refused: number; refusedPct: number | null; ackOnTimePct: number | null; averageAckHours: number | null };
}

export interface SlaSummary {
  from: string;
  to: string;
  asOf: string;
  ackBuckets: Array<{ label: string; maxHours: number | null }>;
  suppliers: SupplierSla[];
}

/** One runtime on the shared SQL store, as GET /api/cluster lists it. */
export interface ClusterRuntime {
  id: string;
  pid: number;
  url: string;
  version: string;
  flowsVersion: Record<string, number>;
  startedAt: string;
  heartbeatAt: string;
  consumedPerSecond: number;
  ready: boolean;
  problems: string[];
  state: 'up' | 'stale' | 'stopped';
  self: boolean;
}

export interface ClusterView {
  runtimes: ClusterRuntime[];
  jobs: Array<{ name: string; owner: string; until: string; acquiredAt: string }>;
}
