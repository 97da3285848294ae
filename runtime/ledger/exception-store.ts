// The exceptions work queue in SQL: nodes open mismatches (de-duplicated while unresolved), operators assign, comment on and resolve them.
import { createHash, randomBytes } from 'node:crypto';
import { exceptionDocumentRef, type BusinessKeys, type ExceptionInput, type ExceptionQueue, type LedgerError } from '../../nodes/sdk/index.js';
import type { SqlDatabase } from '../store/sql/sql-database.js';
import type { ExceptionCommentRow, ExceptionRow } from '../store/sql/sql-schema.js';
import { KEY_COLUMNS, keyColumnsOf, keysOfRow } from './document-columns.js';
import { keyTokens, tokenRange } from './key-tokens.js';

export const EXCEPTION_STATUSES = ['open', 'assigned', 'resolved'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

/** What a list filter may ask for: one status, or "unresolved" (open and assigned: the work still to do). */
export type ExceptionStatusFilter = ExceptionStatus | 'unresolved';

export interface ExceptionFilters {
  status?: ExceptionStatusFilter;
  kind?: string;
  partner?: string;
  assignee?: string;
  /** Any business key, matched from the start of the key or of any word in it, as in the document ledger. */
  key?: string;
  correlationId?: string;
  limit?: number;
  cursor?: string;
}

export interface ExceptionView {
  id: string;
  kind: string;
  status: ExceptionStatus;
  correlationId: string;
  partnerId?: string;
  flowId?: string;
  nodeId?: string;
  documentId?: string;
  keys: BusinessKeys;
  summary: string;
  details: LedgerError[];
  assignee?: string;
  openedAt: string;
  updatedAt: string;
  resolvedAt?: string;
  resolvedBy?: string;
  resolution?: string;
}

export interface ExceptionComment {
  id: string;
  author: string;
  text: string;
  at: string;
}

export interface ExceptionDetail {
  exception: ExceptionView;
  comments: ExceptionComment[];
}

export interface ExceptionPage {
  exceptions: ExceptionView[];
  /** How many exceptions match the other filters, per status (what a work-queue tab shows). */
  counts: Record<ExceptionStatus, number>;
  nextCursor?: string;
}

/** Why a change was refused: the exception does not exist, or is already resolved. */
export class ExceptionStateError extends Error {
  constructor(readonly reason: 'not-found' | 'resolved', message: string) {
    super(message);
  }
}

export class InvalidExceptionCursorError extends Error {}

const DEFAULT_LIMIT = 50;
/** One check can find hundreds of deviations (a 500-line invoice priced from the wrong list): keep the row bounded. */
export const MAX_DETAILS = 200;
const MAX_SUMMARY = 500;

let lastIdTime = 0;
let idSequence = 0;

/** Time-ordered ids, like the ledger's: sorting by id sorts by opening order. */
function newId(prefix: string, now: number): string {
  idSequence = now === lastIdTime ? idSequence + 1 : 0;
  lastIdTime = now;
  return `${prefix}${now.toString(36).padStart(9, '0')}${idSequence.toString(36).padStart(4, '0')}${randomBytes(5).toString('hex')}`;
}

/** One key per mismatch: kind, correlation id, node and document, hashed so long keys never collide by truncation. */
function openKeyOf(input: ExceptionInput): string {
  return createHash('sha256').update(JSON.stringify([input.kind, input.correlationId, input.nodeId ?? '', exceptionDocumentRef(input)])).digest('hex');
}

function boundedDetails(details: LedgerError[]): LedgerError[] {
  if (details.length <= MAX_DETAILS) return details;
  return [...details.slice(0, MAX_DETAILS - 1), { path: '$', message: `${details.length - MAX_DETAILS + 1} more deviations not stored` }];
}

function parseDetails(text: string): LedgerError[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as LedgerError[]) : [];
  } catch {
    return [];
  }
}

const iso = (at: number) => new Date(at).toISOString();

export function viewOf(row: ExceptionRow): ExceptionView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status as ExceptionStatus,
    correlationId: row.correlation_id,
    ...(row.partner_id ? { partnerId: row.partner_id } : {}),
    ...(row.flow_id ? { flowId: row.flow_id } : {}),
    ...(row.node_id ? { nodeId: row.node_id } : {}),
    ...(row.document_id ? { documentId: row.document_id } : {}),
    keys: keysOfRow(row),
    summary: row.summary,
    details: parseDetails(row.details),
    ...(row.assignee ? { assignee: row.assignee } : {}),
    openedAt: iso(row.opened_at),
    updatedAt: iso(row.updated_at),
    ...(row.resolved_at !== null ? { resolvedAt: iso(row.resolved_at) } : {}),
    ...(row.resolved_by ? { resolvedBy: row.resolved_by } : {}),
    ...(row.resolution ? { resolution: row.resolution } : {}),
  };
}

function commentOf(row: ExceptionCommentRow): ExceptionComment {
  return { id: row.id, author: row.author, text: row.text, at: iso(row.at) };
}

function decodeCursor(cursor: string): { at: number; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || !/^[0-9]+$/.test(at)) throw new InvalidExceptionCursorError('cursor is not one this server issued');
  return { at: Number(at), id };
}

function encodeCursor(row: Pick<ExceptionRow, 'opened_at' | 'id'>): string {
  return Buffer.from(`${row.opened_at}|${row.id}`).toString('base64url');
}

export class ExceptionStore implements ExceptionQueue {
  constructor(private readonly database: SqlDatabase, private readonly now: () => number) {}

  private get db() {
    return this.database.db;
  }

  /** Opens an exception; while one for the same kind, correlation id, node and document is unresolved, returns that one instead. */
  async open(input: ExceptionInput): Promise<{ id: string }> {
    const openKey = openKeyOf(input);
    const existing = await this.unresolvedId(openKey);
    if (existing) return { id: existing };
    const at = this.now();
    const id = newId('x', at);
    const inserted = await this.db.transaction().execute(async (trx) => {
      const result = await trx.insertInto('exceptions').values({
        id, kind: input.kind.slice(0, 64), status: 'open', correlation_id: input.correlationId.slice(0, 128),
        partner_id: input.partnerId?.slice(0, 64) ?? null, flow_id: input.flowId?.slice(0, 64) ?? null, node_id: input.nodeId?.slice(0, 64) ?? null,
        document_id: input.documentId?.slice(0, 40) ?? null, ...keyColumnsOf(input.keys),
        summary: input.summary.slice(0, MAX_SUMMARY), details: JSON.stringify(boundedDetails(input.details)),
        assignee: null, open_key: openKey, opened_at: at, updated_at: at, resolved_at: null, resolved_by: null, resolution: null,
      }).onConflict((conflict) => conflict.column('open_key').doNothing()).executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      const tokens = this.keyTokenRows(id, input.keys);
      if (tokens.length) await trx.insertInto('exception_keys').values(tokens).onConflict((conflict) => conflict.doNothing()).execute();
      return true;
    });
    if (inserted) return { id };
    // Another caller (a second runtime, a concurrent retry) opened it between our read and our insert.
    const winner = await this.unresolvedId(openKey);
    if (!winner) throw new Error(`exception ${openKey} was neither inserted nor found`);
    return { id: winner };
  }

  private async unresolvedId(openKey: string): Promise<string | undefined> {
    return (await this.db.selectFrom('exceptions').select('id').where('open_key', '=', openKey).executeTakeFirst())?.id;
  }

  private keyTokenRows(id: string, keys: BusinessKeys | undefined) {
    const rows: Array<{ token: string; exception_id: string; key_name: string }> = [];
    for (const [name] of KEY_COLUMNS) {
      const value = keys?.[name];
      if (value) for (const token of keyTokens(value)) rows.push({ token, exception_id: id, key_name: name });
    }
    return rows;
  }

  /** Newest first; nextCursor is set when older exceptions match too. */
  async list(filters: ExceptionFilters): Promise<ExceptionPage> {
    const limit = filters.limit ?? DEFAULT_LIMIT;
    let query = this.filtered(filters, true).selectAll('exceptions');
    if (filters.cursor) {
      const { at, id } = decodeCursor(filters.cursor);
      query = query.where((where) => where.or([where('opened_at', '<', at), where.and([where('opened_at', '=', at), where('id', '<', id)])]));
    }
    const rows = await query.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { exceptions: page.map(viewOf), counts: await this.counts(filters), ...(rows.length > limit && last ? { nextCursor: encodeCursor(last) } : {}) };
  }

  private async counts(filters: ExceptionFilters): Promise<Record<ExceptionStatus, number>> {
    const rows = await this.filtered(filters, false).select(['status', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('status').execute();
    const counts: Record<ExceptionStatus, number> = { open: 0, assigned: 0, resolved: 0 };
    for (const row of rows) if (row.status in counts) counts[row.status as ExceptionStatus] = Number(row.count);
    return counts;
  }

  private filtered(filters: ExceptionFilters, byStatus: boolean) {
    let query = this.db.selectFrom('exceptions');
    const range = filters.key ? tokenRange(filters.key) : undefined;
    if (range) {
      query = query.where('exceptions.id', 'in', (sub) => sub.selectFrom('exception_keys').select('exception_id').where('token', '>=', range.from).where('token', '<', range.to));
    }
    if (byStatus && filters.status === 'unresolved') query = query.where('status', 'in', ['open', 'assigned']);
    else if (byStatus && filters.status) query = query.where('status', '=', filters.status);
    if (filters.kind) query = query.where('kind', '=', filters.kind);
    if (filters.partner) query = query.where('partner_id', '=', filters.partner);
    if (filters.assignee) query = query.where('assignee', '=', filters.assignee);
    if (filters.correlationId) query = query.where('correlation_id', '=', filters.correlationId);
    return query;
  }

  async get(id: string): Promise<ExceptionDetail | undefined> {
    const row = await this.db.selectFrom('exceptions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const comments = await this.db.selectFrom('exception_comments').selectAll().where('exception_id', '=', id).orderBy('at').orderBy('id').execute();
    return { exception: viewOf(row), comments: comments.map(commentOf) };
  }

  /** Exceptions of one purchase order that still need someone (for its lifecycle view), oldest first. */
  async unresolvedOfPurchaseOrder(poNumber: string): Promise<ExceptionView[]> {
    const rows = await this.db.selectFrom('exceptions').selectAll().where('po_number', '=', poNumber).where('status', '!=', 'resolved').orderBy('opened_at').orderBy('id').limit(200).execute();
    return rows.map(viewOf);
  }

  async assign(id: string, assignee: string): Promise<ExceptionDetail> {
    const result = await this.db.updateTable('exceptions').set({ status: 'assigned', assignee, updated_at: this.now() })
      .where('id', '=', id).where('status', '!=', 'resolved').executeTakeFirst();
    return this.changed(id, result.numUpdatedRows, 'assign');
  }

  async comment(id: string, author: string, text: string): Promise<ExceptionDetail> {
    const at = this.now();
    const found = await this.db.transaction().execute(async (trx) => {
      const result = await trx.updateTable('exceptions').set({ updated_at: at }).where('id', '=', id).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await trx.insertInto('exception_comments').values({ id: newId('c', at), exception_id: id, author, text, at }).execute();
      return true;
    });
    if (!found) throw new ExceptionStateError('not-found', `exception "${id}" does not exist`);
    return (await this.get(id))!;
  }

  /** Resolves once: a second resolve is refused, and a later open() for the same mismatch opens a new exception. */
  async resolve(id: string, resolvedBy: string, resolution: string, comment?: string): Promise<ExceptionDetail> {
    const at = this.now();
    const resolved = await this.db.transaction().execute(async (trx) => {
      const result = await trx.updateTable('exceptions').set({ status: 'resolved', open_key: null, resolved_at: at, resolved_by: resolvedBy, resolution, updated_at: at })
        .where('id', '=', id).where('status', '!=', 'resolved').executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return result.numUpdatedRows;
      if (comment) await trx.insertInto('exception_comments').values({ id: newId('c', at), exception_id: id, author: resolvedBy, text: comment, at }).execute();
      return result.numUpdatedRows;
    });
    return this.changed(id, resolved, 'resolve');
  }

  private async changed(id: string, updatedRows: bigint | number, verb: string): Promise<ExceptionDetail> {
    const detail = await this.get(id);
    if (!detail) throw new ExceptionStateError('not-found', `exception "${id}" does not exist`);
    if (Number(updatedRows) === 0) throw new ExceptionStateError('resolved', `exception "${id}" is already resolved; it cannot ${verb === 'assign' ? 'be assigned' : 'be resolved again'}`);
    return detail;
  }
}
