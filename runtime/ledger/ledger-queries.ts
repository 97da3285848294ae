// Reads of the ledger: filtered search with cursor pagination, one document with its payloads, and one purchase order's documents.
import type { BusinessKeys, EdiControl, LedgerError } from '../../nodes/sdk/index.js';
import type { SqlDatabase } from '../store/sql/sql-database.js';
import type { DocumentRow } from '../store/sql/sql-schema.js';
import { keysOfRow } from './document-columns.js';
import { tokenRange } from './key-tokens.js';

export interface DocumentFilters {
  partner?: string;
  type?: string;
  status?: string;
  direction?: string;
  channel?: string;
  flow?: string;
  /** Any business key, matched from the start of the key or of any word in it ("1001" finds "PO-1001"). */
  key?: string;
  correlationId?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  to?: number;
  limit?: number;
  cursor?: string;
}

export interface DocumentSummary {
  id: string;
  direction: string;
  channel: string;
  documentType: string;
  status: string;
  correlationId: string;
  partnerId?: string;
  flowId?: string;
  flowVersion?: number;
  nodeId?: string;
  parentId?: string;
  keys: BusinessKeys;
  httpStatus?: number;
  durationMs?: number;
  sizeBytes?: number;
  errors: LedgerError[];
  edi?: EdiControl;
  facts?: Record<string, unknown>;
  receivedAt: string;
  updatedAt: string;
}

export interface StoredPayload {
  kind: string;
  body: string;
  contentType: string;
  sizeBytes: number;
  truncated: boolean;
  storedAt: string;
}

export class InvalidCursorError extends Error {}

const DEFAULT_LIMIT = 50;

function parseJson<T>(text: string | null): T | undefined {
  if (!text) return undefined;
  try { return JSON.parse(text) as T; } catch { return undefined; }
}

export function summaryOf(row: DocumentRow): DocumentSummary {
  return {
    id: row.id,
    direction: row.direction,
    channel: row.channel,
    documentType: row.document_type,
    status: row.status,
    correlationId: row.correlation_id,
    ...(row.partner_id ? { partnerId: row.partner_id } : {}),
    ...(row.flow_id ? { flowId: row.flow_id } : {}),
    ...(row.flow_version !== null ? { flowVersion: row.flow_version } : {}),
    ...(row.node_id ? { nodeId: row.node_id } : {}),
    ...(row.parent_id ? { parentId: row.parent_id } : {}),
    keys: keysOfRow(row),
    ...(row.http_status !== null ? { httpStatus: row.http_status } : {}),
    ...(row.duration_ms !== null ? { durationMs: row.duration_ms } : {}),
    ...(row.size_bytes !== null ? { sizeBytes: row.size_bytes } : {}),
    errors: parseJson<LedgerError[]>(row.errors) ?? [],
    ...(row.edi ? { edi: parseJson<EdiControl>(row.edi) } : {}),
    ...(row.facts ? { facts: parseJson<Record<string, unknown>>(row.facts) } : {}),
    receivedAt: new Date(row.received_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function decodeCursor(cursor: string): { at: number; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || !/^[0-9]+$/.test(at)) throw new InvalidCursorError('cursor is not one this server issued');
  return { at: Number(at), id };
}

function encodeCursor(row: Pick<DocumentRow, 'received_at' | 'id'>): string {
  return Buffer.from(`${row.received_at}|${row.id}`).toString('base64url');
}

export class LedgerQueries {
  constructor(private readonly database: SqlDatabase) {}

  /** Newest first; nextCursor is set when older documents match too. */
  async search(filters: DocumentFilters): Promise<{ documents: DocumentSummary[]; nextCursor?: string }> {
    const limit = filters.limit ?? DEFAULT_LIMIT;
    const range = filters.key ? tokenRange(filters.key) : undefined;
    let query = range ? this.byKeyTokens(range) : this.database.db.selectFrom('documents').selectAll('documents');
    if (filters.partner) query = query.where('partner_id', '=', filters.partner);
    if (filters.type) query = query.where('document_type', '=', filters.type);
    if (filters.status) query = query.where('status', '=', filters.status);
    if (filters.direction) query = query.where('direction', '=', filters.direction);
    if (filters.channel) query = query.where('channel', '=', filters.channel);
    if (filters.flow) query = query.where('flow_id', '=', filters.flow);
    if (filters.correlationId) query = query.where('correlation_id', '=', filters.correlationId);
    if (filters.from !== undefined) query = query.where('received_at', '>=', filters.from);
    if (filters.to !== undefined) query = query.where('received_at', '<=', filters.to);
    if (filters.cursor) {
      const { at, id } = decodeCursor(filters.cursor);
      query = query.where((where) => where.or([where('received_at', '<', at), where.and([where('received_at', '=', at), where('id', '<', id)])]));
    }
    const rows = await query.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { documents: page.map(summaryOf), ...(rows.length > limit && last ? { nextCursor: encodeCursor(last) } : {}) };
  }

  /**
   * Documents with a key token in the range, the tokens driving: SQLite runs a CROSS JOIN in the order written. With
   * `id IN (tokens)` it walked the partner's index instead when a partner was given too, and read every document of
   * that partner in the time range (0.4 s at 1,000,000 documents, bench L1). Distinct: a document matches once, even
   * when several of its keys do.
   */
  private byKeyTokens(range: { from: string; to: string }) {
    const matched = this.database.db.selectFrom('document_keys').select('document_id').distinct().where('token', '>=', range.from).where('token', '<', range.to).as('matched');
    return this.database.db.selectFrom(matched).crossJoin('documents').whereRef('documents.id', '=', 'matched.document_id').selectAll('documents');
  }

  async get(id: string): Promise<DocumentSummary | undefined> {
    const row = await this.database.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? summaryOf(row) : undefined;
  }

  async payloads(id: string): Promise<StoredPayload[]> {
    const rows = await this.database.db.selectFrom('document_payloads').selectAll().where('document_id', '=', id).orderBy('kind').execute();
    return rows.map((row) => ({ kind: row.kind, body: row.body, contentType: row.content_type, sizeBytes: row.size_bytes, truncated: row.truncated === 1, storedAt: new Date(row.stored_at).toISOString() }));
  }

  /** Documents that belong to this one (ERP posts, webhooks, acknowledgements sent back), oldest first. */
  async children(id: string): Promise<DocumentSummary[]> {
    const rows = await this.database.db.selectFrom('documents').selectAll().where('parent_id', '=', id).orderBy('received_at').orderBy('id').execute();
    return rows.map(summaryOf);
  }

  /** Every document of one purchase order, oldest first (exact PO number). */
  async ofPurchaseOrder(poNumber: string): Promise<DocumentSummary[]> {
    const rows = await this.database.db.selectFrom('documents').selectAll().where('po_number', '=', poNumber).orderBy('received_at').orderBy('id').limit(1000).execute();
    return rows.map(summaryOf);
  }
}
