// Row types of every SQL table, for Kysely's typed queries; each feature declares its tables in its own interface.


export interface DocumentRow {
  id: string;
  direction: string;
  channel: string;
  document_type: string;
  status: string;
  correlation_id: string;
  partner_id: string | null;
  flow_id: string | null;
  flow_version: number | null;
  node_id: string | null;
  parent_id: string | null;
  po_number: string | null;
  ack_number: string | null;
  shipment_id: string | null;
  invoice_number: string | null;
  customer_order_number: string | null;
  http_status: number | null;
  duration_ms: number | null;
  size_bytes: number | null;
  /** JSON: LedgerError[]. */
  errors: string | null;
  /** JSON: EdiControl. */
  edi: string | null;
  /** JSON: facts. */
  facts: string | null;
  received_at: number;
  updated_at: number;
}

export interface DocumentKeyRow {
  token: string;
  document_id: string;
  key_name: string;
}

export interface DocumentPayloadRow {
  document_id: string;
  kind: string;
  body: string;
  content_type: string;
  size_bytes: number;
  /** 0 or 1. */
  truncated: number;
  stored_at: number;
}

export interface TraceHopRow {
  correlation_id: string;
  seq: number;
  node_id: string;
  flow_id: string | null;
  event: string;
  at: number;
  error: string | null;
  text: string | null;
  data: string | null;
}

export interface LedgerTables {
  documents: DocumentRow;
  document_keys: DocumentKeyRow;
  document_payloads: DocumentPayloadRow;
  trace_hops: TraceHopRow;
}

export interface AlertRow {
  id: string;
  dedupe_key: string;
  kind: string;
  severity: string;
  /** open, acknowledged, resolved. */
  status: string;
  partner_id: string | null;
  subject: string;
  message: string | null;
  document_id: string | null;
  document_type: string | null;
  po_number: string | null;
  /** JSON: BusinessKeys. */
  keys: string | null;
  due_at: number | null;
  raised_at: number;
  updated_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  resolved_at: number | null;
  resolved_by: string | null;
  resolution: string | null;
}

export interface AlertEventRow {
  id: string;
  alert_id: string;
  /** raised, delivered, delivery-failed, acknowledged, commented, resolved. */
  type: string;
  actor: string;
  at: number;
  comment: string | null;
  /** JSON facts (channel, attempts). */
  details: string | null;
}

export interface AlertDeliveryRow {
  alert_id: string;
  channel: string;
  target: string;
  /** pending, delivered, failed. */
  status: string;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  last_error: string | null;
  delivered_at: number | null;
  created_at: number;
}

export interface OpsStateRow {
  name: string;
  value: string;
  updated_at: number;
}

export interface AlertTables {
  alerts: AlertRow;
  alert_events: AlertEventRow;
  alert_deliveries: AlertDeliveryRow;
  ops_state: OpsStateRow;
}

export interface ExceptionRow {
  id: string;
  kind: string;
  /** open, assigned or resolved. */
  status: string;
  correlation_id: string;
  partner_id: string | null;
  flow_id: string | null;
  node_id: string | null;
  document_id: string | null;
  po_number: string | null;
  ack_number: string | null;
  shipment_id: string | null;
  invoice_number: string | null;
  customer_order_number: string | null;
  summary: string;
  /** JSON: LedgerError[]. */
  details: string;
  assignee: string | null;
  /** Hash of kind, correlation id, node and document while not resolved; null once resolved. */
  open_key: string | null;
  opened_at: number;
  updated_at: number;
  resolved_at: number | null;
  resolved_by: string | null;
  resolution: string | null;
}

export interface ExceptionKeyRow {
  token: string;
  exception_id: string;
  key_name: string;
}

export interface ExceptionCommentRow {
  id: string;
  exception_id: string;
  author: string;
  text: string;
  at: number;
}

export interface ExceptionTables {
  exceptions: ExceptionRow;
  exception_keys: ExceptionKeyRow;
  exception_comments: ExceptionCommentRow;
}

export interface TraceSummaryRow {
  correlation_id: string;
  first_at: number;
  last_at: number;
  hop_count: number;
  /** 0 or 1. */
  failed: number;
}

export interface TraceDataRow {
  correlation_id: string;
  seq: number;
  node_id: string;
  flow_id: string | null;
  at: number;
  /** JSON: CapturedValue. */
  input: string | null;
  /** JSON: Array<CapturedValue | null>. */
  outputs: string | null;
  error: string | null;
}

export interface TraceTables {
  traces: TraceSummaryRow;
  trace_data: TraceDataRow;
}

/** The whole schema: the ledger's tables plus those later migrations add. */
export interface JobLeaseRow {
  name: string;
  owner: string;
  until: number;
  acquired_at: number;
}

export interface RuntimeRow {
  id: string;
  pid: number;
  url: string;
  version: string;
  started_at: number;
  heartbeat_at: number;
  /** JSON: Record<flowId, version>. */
  flows_version: string;
  consumed_per_second: number;
  /** 0 or 1. */
  ready: number;
  /** JSON: string[]. */
  problems: string;
  stopped_at: number | null;
}

export interface ClusterTables {
  job_leases: JobLeaseRow;
  runtimes: RuntimeRow;
}

export type SqlSchema = LedgerTables & AlertTables & ExceptionTables & TraceTables & ClusterTables;

