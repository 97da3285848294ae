// In-memory implementations of the runtime services, for the node test harness and for node authors' unit tests.
import { createHash, randomBytes } from 'node:crypto';
import { createSecrets } from './secrets.js';
import type {
  XrefTables, DeadLetterInput, DeadLetterSink, DeliveryOutcome, DeliveryTracker, DispatchOptions, QueueBackend, QueueLog, QueuedMessage,
  Clock, HttpRoutes, InboundRequest, KeyValueStore, OutboundResponse, PartnerDirectory, PartnerSummary, RouteHandler, RouteOptions, RuntimeServices, Tracer,
} from './context.js';
import type { TradelaneMessage } from './message.js';
import { exceptionDocumentRef, type DocumentLedger, type ExceptionInput, type ExceptionQueue, type LedgerDocumentInput, type LedgerPatch, type LedgerReference } from './ledger.js';

export class MemoryKeyValueStore implements KeyValueStore {
  private readonly entries = new Map<string, { value: unknown; expiresAt?: number }>();
  constructor(private readonly clock: Clock) {}

  private live(key: string) {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
  async get<T>(key: string): Promise<T | undefined> {
    return this.live(key)?.value as T | undefined;
  }
  async set(key: string, value: unknown, options: { ttlMs?: number } = {}): Promise<void> {
    this.entries.set(key, { value, expiresAt: options.ttlMs === undefined ? undefined : this.clock.now() + options.ttlMs });
  }
  async setIfAbsent(key: string, value: unknown, options: { ttlMs?: number } = {}): Promise<boolean> {
    if (this.live(key)) return false;
    await this.set(key, value, options);
    return true;
  }
  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  contentType?: string;
}

/** Route table that tests can call directly, as if a partner had sent the request; it runs preAuth as the runtime does. */
export class MemoryHttpRoutes implements HttpRoutes {
  private readonly routes = new Map<string, { handler: RouteHandler; options: RouteOptions }>();

  register(method: string, path: string, handler: RouteHandler, options: RouteOptions = {}): () => void {
    const key = `${method.toUpperCase()} ${path}`;
    if (this.routes.has(key)) throw new Error(`route ${key} is already registered`);
    this.routes.set(key, { handler, options });
    return () => this.routes.delete(key);
  }

  /** Sends a request and resolves once a node answers it (or rejects after timeoutMs). */
  request(method: string, path: string, init: { headers?: Record<string, string>; body?: string | Buffer } = {}, timeoutMs = 2000): Promise<RecordedResponse> {
    const route = this.routes.get(`${method.toUpperCase()} ${path}`);
    if (!route) return Promise.resolve({ status: 404, headers: {}, body: { error: 'not found' } });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;
    const request: InboundRequest = { method, path, headers, query: {}, params: {}, body: Buffer.from(init.body ?? '') };
    const { handler, options } = route;
    const early = options.preAuth ? Promise.resolve(options.preAuth({ method, path, headers, query: {}, params: {} })) : Promise.resolve(undefined);
    return early.then((answer) => answer
      ? { status: answer.status, headers: { ...answer.headers }, body: answer.body }
      : this.dispatch(handler, request, timeoutMs));
  }

  private dispatch(handler: RouteHandler, request: InboundRequest, timeoutMs: number): Promise<RecordedResponse> {
    const { method, path } = request;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no response to ${method} ${path} within ${timeoutMs} ms`)), timeoutMs);
      const responseHeaders: Record<string, string> = {};
      let sent = false;
      const response: OutboundResponse = {
        get sent() { return sent; },
        header: (name, value) => { responseHeaders[name.toLowerCase()] = value; },
        send: (status, body, contentType) => {
          if (sent) return;
          sent = true;
          clearTimeout(timer);
          resolve({ status, headers: responseHeaders, body, contentType });
        },
      };
      Promise.resolve(handler(request, response)).catch((error: unknown) => { clearTimeout(timer); reject(error); });
    });
  }
}

export interface MemoryPartnerSecrets {
  hmacSecret?: string;
  webhookSecret?: string;
}

export class MemoryPartnerDirectory implements PartnerDirectory {
  private readonly partners = new Map<string, { summary: PartnerSummary; keyHash?: string; secrets: MemoryPartnerSecrets }>();

  add(summary: PartnerSummary, apiKey?: string, secrets: MemoryPartnerSecrets = {}): void {
    this.partners.set(summary.id, { summary, keyHash: apiKey === undefined ? undefined : hashKey(apiKey), secrets });
  }
  async get(partnerId: string): Promise<PartnerSummary | undefined> {
    return this.partners.get(partnerId)?.summary;
  }
  async verifyApiKey(partnerId: string, apiKey: string): Promise<boolean> {
    const partner = this.partners.get(partnerId);
    return partner?.summary.status === 'active' && partner.keyHash === hashKey(apiKey);
  }
  async hmacSecret(partnerId: string): Promise<string | undefined> {
    const partner = this.partners.get(partnerId);
    return partner?.summary.status === 'active' ? partner.secrets.hmacSecret : undefined;
  }
  async webhookSecret(partnerId: string): Promise<string | undefined> {
    const partner = this.partners.get(partnerId);
    return partner?.summary.status === 'active' ? partner.secrets.webhookSecret : undefined;
  }
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Cross-reference tables held in memory: table name -> key -> row. */
export class MemoryXrefTables implements XrefTables {
  private readonly tables = new Map<string, Map<string, Record<string, string>>>();

  /** Loads a table; keyColumn names the column rows are looked up by. */
  put(table: string, keyColumn: string, rows: Array<Record<string, string>>): void {
    this.tables.set(table, new Map(rows.map((row) => [row[keyColumn] ?? '', row])));
  }
  async lookup(table: string, key: string): Promise<Record<string, string> | undefined> {
    return this.tables.get(table)?.get(key);
  }
}

export interface TraceNote {
  correlationId: string;
  nodeId: string;
  outcome: string;
  text?: string;
}

export class MemoryTracer implements Tracer {
  readonly notes: TraceNote[] = [];
  note(msg: TradelaneMessage, nodeId: string, outcome: string, text?: string): void {
    this.notes.push({ correlationId: msg.correlationId, nodeId, outcome, text });
  }
}

/** A settable clock so tests can move time (TTLs, backoff) without waiting. */
export class ManualClock implements Clock {
  constructor(private current = Date.parse('2026-01-01T00:00:00Z')) {}
  now(): number { return this.current; }
  advance(ms: number): void { this.current += ms; }
}

/** Delivery tracker for unit tests: records what was dispatched and answers with decide() (default: ok at once). */
export class MemoryDeliveries implements DeliveryTracker {
  readonly dispatched: Array<{ msg: TradelaneMessage; options: DispatchOptions }> = [];
  decide: (msg: TradelaneMessage) => DeliveryOutcome | Promise<DeliveryOutcome> = () => ({ ok: true });

  async dispatch(msg: TradelaneMessage, send: (msg: TradelaneMessage) => void, options: DispatchOptions = {}): Promise<DeliveryOutcome> {
    const copy = { ...msg };
    this.dispatched.push({ msg: copy, options });
    send(copy);
    return this.decide(copy);
  }
}

/** Queue logs held in memory; entries are copied in and out as a real store would, so a new node instance re-arms from them. */
export class MemoryQueueBackend implements QueueBackend {
  readonly kind = 'memory';
  readonly queues = new Map<string, Map<string, QueuedMessage>>();

  open(queue: string): QueueLog {
    const entries = this.queues.get(queue) ?? new Map<string, QueuedMessage>();
    this.queues.set(queue, entries);
    return {
      pending: async () => [...entries.values()].map((entry) => structuredClone(entry)),
      add: async (entry) => { entries.set(entry.id, structuredClone(entry)); },
      update: async (entry) => { entries.set(entry.id, structuredClone(entry)); },
      remove: async (id) => { entries.delete(id); },
    };
  }
}

export class MemoryDeadLetters implements DeadLetterSink {
  readonly entries = new Map<string, DeadLetterInput & { id: string }>();
  private sequence = 0;

  async add(input: DeadLetterInput): Promise<{ id: string }> {
    const id = input.id ?? `dl-${++this.sequence}`;
    const previous = this.entries.get(id);
    this.entries.set(id, structuredClone({ ...input, id, errors: [...(previous?.errors ?? []), ...input.errors] }));
    return { id };
  }
}

/** The ledger in memory: records and patches are kept as given, so tests can assert what a node recorded. */
export class MemoryLedger implements DocumentLedger {
  readonly documents = new Map<string, LedgerDocumentInput & { id: string }>();
  readonly patches: Array<{ reference: LedgerReference; patch: LedgerPatch }> = [];
  private sequence = 0;

  record(input: LedgerDocumentInput): string {
    const id = `doc-${++this.sequence}`;
    this.documents.set(id, structuredClone({ ...input, id }));
    return id;
  }
  update(reference: LedgerReference, patch: LedgerPatch): void {
    this.patches.push(structuredClone({ reference, patch }));
    for (const document of this.documents.values()) {
      const matches = reference.documentId ? document.id === reference.documentId : document.correlationId === reference.correlationId;
      if (!matches) continue;
      Object.assign(document, structuredClone({ ...patch, keys: { ...document.keys, ...patch.keys }, facts: { ...document.facts, ...patch.facts } }));
    }
  }
  /** Every recorded document, in record order. */
  all(): Array<LedgerDocumentInput & { id: string }> {
    return [...this.documents.values()];
  }
}

/** The exceptions queue in memory, de-duplicated as the runtime's is: the same kind, correlation id, node and document while unresolved is one exception. */
export class MemoryExceptions implements ExceptionQueue {
  readonly opened: Array<ExceptionInput & { id: string }> = [];
  /** Ids of exceptions an operator resolved; open() for the same mismatch then opens a new one. */
  readonly resolved = new Set<string>();

  async open(input: ExceptionInput): Promise<{ id: string }> {
    const existing = this.opened.find((entry) => !this.resolved.has(entry.id) && entry.kind === input.kind && entry.correlationId === input.correlationId
      && entry.nodeId === input.nodeId && exceptionDocumentRef(entry) === exceptionDocumentRef(input));
    if (existing) return { id: existing.id };
    const id = `ex-${this.opened.length + 1}`;
    this.opened.push(structuredClone({ ...input, id }));
    return { id };
  }
  /** What an operator's resolve does to de-duplication, for tests. */
  resolve(id: string): void {
    this.resolved.add(id);
  }
}

export interface MemoryServices extends RuntimeServices {
  http: MemoryHttpRoutes;
  partners: MemoryPartnerDirectory;
  tracer: MemoryTracer;
  xref: MemoryXrefTables;
  deliveries: MemoryDeliveries;
  queues: MemoryQueueBackend;
  deadLetters: MemoryDeadLetters;
  ledger: MemoryLedger;
  exceptions: MemoryExceptions;
}

export function createMemoryServices(overrides: Partial<RuntimeServices> = {}): MemoryServices {
  const clock = overrides.clock ?? { now: () => Date.now() };
  const stores = new Map<string, MemoryKeyValueStore>();
  return {
    http: new MemoryHttpRoutes(),
    partners: new MemoryPartnerDirectory(),
    tracer: new MemoryTracer(),
    xref: new MemoryXrefTables(),
    clock,
    settings: {},
    keyValue: (namespace) => {
      let store = stores.get(namespace);
      if (!store) stores.set(namespace, (store = new MemoryKeyValueStore(clock)));
      return store;
    },
    secrets: createSecrets(randomBytes(32)),
    deliveries: new MemoryDeliveries(),
    queues: new MemoryQueueBackend(),
    deadLetters: new MemoryDeadLetters(),
    ledger: new MemoryLedger(),
    exceptions: new MemoryExceptions(),
    ...overrides,
  } as MemoryServices;
}
