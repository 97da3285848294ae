// The runtime's DocumentLedger: records and patches are prepared at once and written in batches, in call order, one transaction a batch.
import { randomBytes } from 'node:crypto';
import type { DocumentLedger, LedgerDocumentInput, LedgerPatch, LedgerReference, LedgerStatus } from '../../nodes/sdk/index.js';
import type { Logger } from '../logger.js';
import type { SqlDatabase } from '../store/sql/sql-database.js';
import type { DocumentPayloadRow, DocumentRow } from '../store/sql/sql-schema.js';
import { capturePayload, type CaptureOptions } from './payload-capture.js';
import { keyColumnsOf } from './document-columns.js';
import { keyRows, writeBatch, type Operation, type PreparedPatch } from './ledger-batch.js';

export interface LedgerWriterOptions {
  now: () => number;
  logger: Logger;
  payloadMaxBytes: number;
  /** Field names masked in this partner's and flow's payloads (runtime default + partner + flow settings). */
  maskFieldsFor(partnerId: string | undefined, flowId: string | undefined): ReadonlySet<string>;
  /** The version of the flow that is running now. */
  flowVersionOf(flowId: string): number | undefined;
  /** Writes wait in memory while the database is unreachable, up to this many; beyond it the oldest are dropped and counted. */
  maxPending?: number;
}

/** What listeners (metrics, live dashboard) hear about each record and status change. */
export interface LedgerEvent {
  id: string;
  kind: 'recorded' | 'status';
  status: LedgerStatus;
  direction: string;
  channel: string;
  documentType: string;
  partnerId?: string;
  flowId?: string;
  durationMs?: number;
  at: number;
}

interface RecentDocument { partnerId?: string; flowId?: string; documentType: string; direction: string; channel: string }

const BATCH_SIZE = 500;
const RECENT_LIMIT = 50_000;
const RETRY_MS = 1000;
/**
 * How long records wait to be written together; they are never lost by waiting (close() flushes), and every API read
 * flushes first. Under P2's load a commit cost more than its rows (1.3 ms each at 10 ms, ~7 messages a batch); at 50 ms
 * the commits halve and more of a message's status changes fold into its insert. The price: kill -9 loses up to 50 ms.
 */
const GATHER_MS = 50;

let lastIdTime = 0;
let idSequence = 0;
// One random suffix per process (a random call per id cost more than the rest of the id): time + sequence + process is unique across runtimes.
const PROCESS_SUFFIX = randomBytes(5).toString('hex');

/** Time-ordered ids (time, then a per-process sequence within one millisecond): sorting by id sorts by record order. */
export function newDocumentId(now: number): string {
  idSequence = now === lastIdTime ? idSequence + 1 : 0;
  lastIdTime = now;
  return `d${now.toString(36).padStart(9, '0')}${idSequence.toString(36).padStart(4, '0')}${PROCESS_SUFFIX}`;
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

export class LedgerWriter implements DocumentLedger {
  private pending: Operation[] = [];
  private scheduled = false;
  private flushing: Promise<void> | undefined;
  private readonly listeners = new Set<(event: LedgerEvent) => void>();
  // Patches name documents by id or correlation id; listeners need the partner and type without a read.
  // Two generations instead of one map trimmed oldest-first: V8 keeps deleted Map entries as holes until it rehashes, so
  // finding the oldest key after many deletes scanned them all (an eighth of the ledger's CPU once past the limit).
  private recentDocuments = new Map<string, RecentDocument>();
  private olderDocuments = new Map<string, RecentDocument>();
  /** Writes dropped because the database stayed unreachable; exported as a metric. */
  dropped = 0;

  constructor(private readonly database: SqlDatabase, private readonly options: LedgerWriterOptions) {}

  onEvent(listener: (event: LedgerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  record(input: LedgerDocumentInput): string {
    const at = this.options.now();
    const id = newDocumentId(at);
    try {
      this.enqueue(this.prepareInsert(id, input, at));
      this.remember(id, input);
      this.emit({ id, kind: 'recorded', status: input.status, direction: input.direction, channel: input.channel, documentType: input.documentType, ...(input.partnerId ? { partnerId: input.partnerId } : {}), ...(input.flowId ? { flowId: input.flowId } : {}), ...(input.durationMs !== undefined ? { durationMs: input.durationMs } : {}), at });
    } catch (error) {
      this.options.logger.error({ err: error, correlationId: input.correlationId }, 'ledger: could not record a document');
    }
    return id;
  }

  update(reference: LedgerReference, patch: LedgerPatch): void {
    if (!reference.documentId && !reference.correlationId && !reference.ediControl?.partnerId) return;
    try {
      const at = this.options.now();
      const target = reference.documentId ? this.recalled(reference.documentId) : undefined;
      this.enqueue({ op: 'update', reference, patch: this.preparePatch(reference, patch, target, at), at });
      if (patch.documentType && target) target.documentType = patch.documentType;
      if (patch.status && target && reference.documentId) {
        this.emit({ id: reference.documentId, kind: 'status', status: patch.status, direction: target.direction, channel: target.channel, documentType: target.documentType, ...(target.partnerId ? { partnerId: target.partnerId } : {}), ...(target.flowId ? { flowId: target.flowId } : {}), at });
      }
    } catch (error) {
      this.options.logger.error({ err: error, reference }, 'ledger: could not update a document');
    }
  }

  /** Writes everything recorded so far; resolves once it is stored. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (!this.pending.length) return;
    this.flushing = this.writePending().finally(() => { this.flushing = undefined; });
    await this.flushing;
  }

  async close(): Promise<void> {
    await this.flush().catch((error: unknown) => this.options.logger.error({ err: error }, 'ledger: final flush failed'));
  }

  private emit(event: LedgerEvent): void {
    for (const listener of this.listeners) {
      try { listener(event); } catch (error) { this.options.logger.warn({ err: error }, 'ledger listener failed'); }
    }
  }

  /** Between RECENT_LIMIT / 2 and RECENT_LIMIT of the latest documents are remembered. */
  private remember(id: string, input: LedgerDocumentInput): void {
    if (this.recentDocuments.size >= RECENT_LIMIT / 2) {
      this.olderDocuments = this.recentDocuments;
      this.recentDocuments = new Map();
    }
    this.recentDocuments.set(id, { documentType: input.documentType, direction: input.direction, channel: input.channel, ...(input.partnerId ? { partnerId: input.partnerId } : {}), ...(input.flowId ? { flowId: input.flowId } : {}) });
  }

  private recalled(id: string): RecentDocument | undefined {
    return this.recentDocuments.get(id) ?? this.olderDocuments.get(id);
  }

  private captureOptions(partnerId: string | undefined, flowId: string | undefined): CaptureOptions {
    return { maskFields: this.options.maskFieldsFor(partnerId, flowId), maxBytes: this.options.payloadMaxBytes };
  }

  private payloadRow(documentId: string, kind: string, value: unknown, capture: CaptureOptions, at: number): DocumentPayloadRow | undefined {
    const captured = capturePayload(value, capture);
    if (!captured) return undefined;
    return { document_id: documentId, kind, body: captured.body, content_type: captured.contentType, size_bytes: captured.sizeBytes, truncated: captured.truncated ? 1 : 0, stored_at: at };
  }

  private prepareInsert(id: string, input: LedgerDocumentInput, at: number): Operation {
    const capture = this.captureOptions(input.partnerId, input.flowId);
    const raw = this.payloadRow(id, 'raw', input.raw, capture, at);
    const canonical = this.payloadRow(id, 'canonical', input.canonical, capture, at);
    const row: DocumentRow = {
      id,
      direction: input.direction,
      channel: input.channel,
      document_type: input.documentType,
      status: input.status,
      correlation_id: input.correlationId.slice(0, 128),
      partner_id: input.partnerId ?? null,
      flow_id: input.flowId ?? null,
      flow_version: input.flowId ? this.options.flowVersionOf(input.flowId) ?? null : null,
      node_id: input.nodeId ?? null,
      parent_id: input.parentId ?? null,
      ...keyColumnsOf(input.keys),
      http_status: input.httpStatus ?? null,
      duration_ms: input.durationMs === undefined ? null : Math.round(input.durationMs),
      size_bytes: input.sizeBytes ?? raw?.size_bytes ?? null,
      errors: input.errors?.length ? json(input.errors) : null,
      edi: json(input.edi),
      facts: json(input.facts),
      received_at: at,
      updated_at: at,
    };
    return { op: 'insert', row, keys: keyRows(id, input.keys), payloads: [raw, canonical].filter((payload) => payload !== undefined) };
  }

  private preparePatch(reference: LedgerReference, patch: LedgerPatch, target: RecentDocument | undefined, at: number): PreparedPatch {
    const prepared: PreparedPatch = {};
    if (patch.status) prepared.status = patch.status;
    if (patch.documentType) prepared.documentType = patch.documentType;
    if (patch.keys) prepared.keys = patch.keys;
    if (patch.errors) prepared.errors = JSON.stringify(patch.errors);
    if (patch.httpStatus !== undefined) prepared.httpStatus = patch.httpStatus;
    if (patch.edi) prepared.edi = patch.edi;
    if (patch.facts) prepared.facts = patch.facts;
    if (patch.canonical !== undefined) {
      // The document id is filled in at write time when the patch names the document by correlation id.
      prepared.canonical = this.payloadRow(reference.documentId ?? '', 'canonical', patch.canonical, this.captureOptions(target?.partnerId, target?.flowId), at);
    }
    return prepared;
  }

  private enqueue(operation: Operation): void {
    const limit = this.options.maxPending ?? 200_000;
    if (this.pending.length >= limit) {
      this.pending.shift();
      this.dropped++;
    }
    this.pending.push(operation);
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      this.flush().catch((error: unknown) => {
        this.options.logger.error({ err: error, waiting: this.pending.length }, 'ledger: write failed; retrying');
        this.schedule(RETRY_MS);
      });
    };
    // Gather for GATHER_MS on both engines: a message's record and its first status changes usually land in one batch and fold
    // into one insert, and a commit costs more than the rows in it (per-turn batches cost P2 a third of its throughput).
    setTimeout(run, delayMs || GATHER_MS).unref();
  }

  private async writePending(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.slice(0, BATCH_SIZE);
      const resolved = await this.database.db.transaction().execute((trx) => writeBatch({ trx, dialect: this.database.dialect }, batch));
      // Only once committed: a failed batch stays pending and is retried whole, in order.
      this.pending.splice(0, batch.length);
      // Status changes of documents found only now (by EDI control numbers): listeners hear of them once they are stored.
      for (const change of resolved) this.emit({ ...change, kind: 'status' });
    }
  }
}

