// The services a node receives through its context; the runtime provides real ones, the test harness in-memory ones.
import type { Failure, NodeOutput, TradelaneMessage } from './message.js';
import type { DocumentLedger, ExceptionQueue } from './ledger.js';

export interface NodeLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface Clock {
  now(): number;
}

export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

/** A minimal view of an inbound HTTP request, independent of express. */
export interface InboundRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  /** Raw body bytes; intake nodes parse according to content type. */
  body: Buffer;
  params: Record<string, string>;
}

/** The response side of an inbound HTTP request; travels on msg.res so a later node can answer. */
export interface OutboundResponse {
  readonly sent: boolean;
  header(name: string, value: string): void;
  send(status: number, body: unknown, contentType?: string): void;
}

export type RouteHandler = (request: InboundRequest, response: OutboundResponse) => void | Promise<void>;

/** The request line and headers: what is known before the body is read. */
export type InboundHead = Omit<InboundRequest, 'body'>;

/** An answer given before the body is read; the route table sends it and does not read the body. */
export interface EarlyAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RouteOptions {
  bodyLimitBytes?: number;
  /** The whole body must arrive within this time, else 408 and the connection is closed (slow senders). */
  bodyTimeoutMs?: number;
  /** The partner the route serves: the route table rate-limits by it before anything else runs. */
  partnerId?: string;
  /** Runs on the head before the body is read (e.g. an API key check); an answer ends the request unread. */
  preAuth?: (request: InboundHead) => EarlyAnswer | undefined | Promise<EarlyAnswer | undefined>;
}

/** Partner-facing HTTP routes under /partners/...; a node registers on start and unregisters on close. */
export interface HttpRoutes {
  /** Registers a route; throws if another node already owns it. Returns the function that removes it. */
  register(method: string, path: string, handler: RouteHandler, options?: RouteOptions): () => void;
}

/** Per-partner limits for tolerance checks of acknowledgements and ASNs against the PO. */
export interface TolerancePolicy {
  /** Allowed quantity deviation in percent of the ordered quantity. */
  quantityPct: number;
  /** Allowed unit-price deviation in percent of the ordered price. */
  pricePct: number;
  /** Allowed slip of the promised/ship date beyond the requested date, in days. */
  dateDays: number;
}

export interface PartnerSummary {
  id: string;
  name: string;
  status: 'active' | 'suspended';
  tolerance?: TolerancePolicy;
  /** How the partner authenticates inbound requests; intake nodes set to "partner" follow it. */
  authMethod?: PartnerAuthMethod;
  /** Default URL for outbound webhooks to this partner. */
  webhookUrl?: string;
  /** Migration switch (off by default): intake also accepts v1 signatures, and webhooks out are signed v1. */
  legacyV1Signatures?: boolean;
}

export type PartnerAuthMethod = 'api-key' | 'hmac';

export interface PartnerDirectory {
  get(partnerId: string): Promise<PartnerSummary | undefined>;
  /** True when the key matches the partner's stored key hash and the partner is active. */
  verifyApiKey(partnerId: string, apiKey: string): Promise<boolean>;
  /** The decrypted secret that signs the partner's inbound requests (HMAC auth); undefined when none or suspended. */
  hmacSecret(partnerId: string): Promise<string | undefined>;
  /** The decrypted secret that signs webhooks sent to the partner; undefined when none or suspended. */
  webhookSecret(partnerId: string): Promise<string | undefined>;
}

/** A durable key-value store namespace, with optional expiry. */
export interface KeyValueStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, options?: { ttlMs?: number }): Promise<void>;
  /** Stores the value only if the key is absent (or expired); returns true when it was stored. */
  setIfAbsent(key: string, value: unknown, options?: { ttlMs?: number }): Promise<boolean>;
  delete(key: string): Promise<void>;
}

export type TraceOutcome = 'received' | 'sent' | 'completed' | 'error' | 'dropped' | 'note';

export interface Tracer {
  /** Records a trace event for one message, e.g. a duplicate dropped or a replay. Cheap: no serialisation. */
  note(msg: TradelaneMessage, nodeId: string, outcome: TraceOutcome, text?: string): void;
}

/** Cross-reference tables (supplier item -> SKU, UOM, locations, status codes), maintained through the API. */
export interface XrefTables {
  /** Returns the row whose key column equals key, or undefined when the table or row does not exist. */
  lookup(table: string, key: string): Promise<Record<string, string> | undefined>;
}

export interface Secrets {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

/** How a tracked delivery ended: ok once every downstream branch completed, or the first failure on any branch. */
export type DeliveryOutcome = { ok: true } | { ok: false; failure: Failure };

export interface DispatchOptions {
  /** Fails the delivery (retryable ACK_TIMEOUT) when the downstream path has not completed by then. */
  timeoutMs?: number;
  /**
   * 'nest' (default): a tracked delivery that carried this message also sees the downstream events (throttle, idempotency).
   * 'isolate': it does not, so failures handled here (retry) do not fail the enclosing delivery.
   */
  mode?: 'nest' | 'isolate';
}

/** Sends a message downstream and reports when its whole downstream path has completed (engine hooks count the hops). */
export interface DeliveryTracker {
  /** Sends a shallow copy of msg through send() and resolves with the outcome; msg itself is not modified. */
  dispatch(msg: TradelaneMessage, send: (msg: TradelaneMessage) => void, options?: DispatchOptions): Promise<DeliveryOutcome>;
}

/** One message held by a durable queue until its downstream path acknowledged it. */
export interface QueuedMessage {
  id: string;
  queue: string;
  /** The message as JSON-safe data (no req/res). */
  message: Record<string, unknown>;
  /** Delivery attempts made so far. */
  attempts: number;
  /** The failure of every attempt, oldest first. */
  failures: Failure[];
  /** Epoch ms before which the message is not delivered (retry backoff). */
  notBefore: number;
  enqueuedAt: number;
}

/** The durable log of one queue. Every write resolves only once it is stored. */
export interface QueueLog {
  /** Every message not yet acknowledged (read once when the queue node starts). */
  pending(): Promise<QueuedMessage[]>;
  add(entry: QueuedMessage): Promise<void>;
  update(entry: QueuedMessage): Promise<void>;
  /** Acknowledges: the message will not be delivered again. */
  remove(id: string): Promise<void>;
  /**
   * Shared logs only (Redis): atomically takes up to `limit` due messages for this runtime under a lease, first taking
   * back leases that expired. A log with claim is consumed by claiming instead of reading pending() once.
   */
  claim?(limit: number): Promise<QueuedMessage[]>;
  /** Shared logs only: renews the leases of the messages this runtime still holds. */
  extend?(ids: string[]): Promise<void>;
  /** Shared logs only: how long a lease lasts without renewal. */
  leaseMs?: number;
}

/** Where queues keep their messages: embedded nedb by default, Redis when REDIS_URL is set. */
export interface QueueBackend {
  readonly kind: string;
  open(queue: string): QueueLog;
}

export interface DeadLetterInput {
  /** Stable id: adding the same id again merges into that dead letter instead of creating a second one. */
  id?: string;
  /** The message as JSON-safe data (no req/res). */
  message: Record<string, unknown>;
  /** Every attempt's failure, oldest first. */
  errors: Failure[];
  correlationId: string;
  flowId: string;
  partnerId?: string;
  /** Node a replay is delivered to unless the operator picks another. */
  entryNodeId: string;
  /** Node that dead-lettered the message. */
  nodeId: string;
}

export interface DeadLetterSink {
  /** Stores a dead letter durably; resolves with its id. */
  add(input: DeadLetterInput): Promise<{ id: string }>;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface QueueCounts {
  /** Waiting messages, not in flight (due now or waiting for a retry). */
  queued: number;
  inFlight: number;
  /** Of the queued ones, those waiting for a retry after a failed attempt. */
  retrying: number;
  /** Messages finished here (delivered or dead-lettered) since the node started; rates come from its changes. */
  settled?: number;
}

/** Health facts nodes report for the operations overview, flow health and metrics (optional: a harness may omit it). */
export interface HealthSignals {
  /** A node's circuit breaker is in this state (reported at start and on each change). */
  circuit(nodeId: string, state: CircuitState): void;
  /** A queue node lets the runtime read its counts; the returned function unregisters (on close). */
  queue(nodeId: string, read: () => QueueCounts): () => void;
  /** The node is gone (closed): forget what it reported. */
  forget(nodeId: string): void;
}

export interface RuntimeServices {
  http: HttpRoutes;
  partners: PartnerDirectory;
  keyValue(namespace: string): KeyValueStore;
  xref: XrefTables;
  tracer: Tracer;
  secrets: Secrets;
  clock: Clock;
  /** Environment-like settings the runtime exposes to nodes (e.g. the demo ERP base URL). */
  settings: Readonly<Record<string, string | undefined>>;
  /** Completion tracking of downstream paths (queue acknowledgement, retry, throttle in-flight). */
  deliveries: DeliveryTracker;
  queues: QueueBackend;
  deadLetters: DeadLetterSink;
  /** The business-document ledger: intake, EDI, ERP posts, webhooks and dead letters record what they handle. */
  ledger: DocumentLedger;
  /** The exceptions work queue: checks (three-way match, tolerance) open what an operator must decide. */
  exceptions: ExceptionQueue;
  /** Circuit and queue state for operators (the runtime provides it; node tests may leave it out). */
  health?: HealthSignals;
}

export interface NodeContext {
  readonly nodeId: string;
  readonly flowId: string;
  readonly nodeType: string;
  readonly name: string;
  readonly log: NodeLogger;
  readonly services: RuntimeServices;
  /** Decrypted credentials of this node instance (fields from the descriptor's credentialsSchema). */
  readonly credentials: Record<string, string | undefined>;
  status(status: NodeStatus): void;
  /** Emits messages outside an input handler (timers, queue workers, HTTP intake). */
  send(output: NodeOutput): void;
}
