// Append-only audit log of governed actions: who, when, what, from where, outcome; nedb, newest first, cursor pagination.
import { randomUUID } from 'node:crypto';
import { openCollection, type Collection } from './collection.js';

export type AuditOutcome = 'ok' | 'denied' | 'failed';

export interface AuditEntry {
  id: string;
  at: string;
  /** Username, or "anonymous" (a failed login names the attempted user in target). */
  actor: string;
  /** Dotted action name, e.g. "flow.deploy", "auth.login.failed". */
  action: string;
  /** What the action was applied to, e.g. "flow:<id>", "user:<name>", "deadletter:<id>". */
  target: string;
  /** Client address of the request; absent for actions without one. */
  ip?: string;
  outcome: AuditOutcome;
  /** HTTP status of the answer, for actions taken through the API. */
  status?: number;
  details: unknown;
}

export interface AuditContext {
  ip?: string;
  outcome?: AuditOutcome;
  status?: number;
}

interface AuditRecord {
  _id: string;
  atMs: number;
  /** Named "user" in records written before actors; kept so old files read the same. */
  user: string;
  action: string;
  target: string;
  ip?: string;
  outcome?: AuditOutcome;
  status?: number;
  detailsJson: string;
}

export interface AuditFilter {
  from?: number;
  to?: number;
  /** Exact name, or a prefix ending in ".*" ("auth.*"). */
  action?: string;
  actor?: string;
  target?: string;
  limit?: number;
  /** From a previous page's nextCursor: continue after that entry. */
  cursor?: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as cursor for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

export class InvalidCursorError extends Error {}

const DEFAULT_LIMIT = 100;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function encodeCursor(record: AuditRecord): string {
  return Buffer.from(JSON.stringify([record.atMs, record._id])).toString('base64url');
}

function decodeCursor(cursor: string): { atMs: number; id: string } {
  try {
    const [atMs, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof atMs === 'number' && typeof id === 'string') return { atMs, id };
  } catch { /* fall through */ }
  throw new InvalidCursorError('cursor is not one this API returned');
}

function toQuery(filter: AuditFilter): Record<string, unknown> {
  const clauses: Record<string, unknown>[] = [];
  if (filter.action) clauses.push({ action: filter.action.endsWith('.*') ? { $regex: new RegExp(`^${escapeRegExp(filter.action.slice(0, -1))}`) } : filter.action });
  if (filter.actor) clauses.push({ user: filter.actor });
  if (filter.target) clauses.push({ target: filter.target });
  if (filter.from !== undefined) clauses.push({ atMs: { $gte: filter.from } });
  if (filter.to !== undefined) clauses.push({ atMs: { $lte: filter.to } });
  if (filter.cursor) {
    const after = decodeCursor(filter.cursor);
    clauses.push({ $or: [{ atMs: { $lt: after.atMs } }, { atMs: after.atMs, _id: { $lt: after.id } }] });
  }
  return clauses.length ? { $and: clauses } : {};
}

/** There is deliberately no update or delete: entries are only ever appended. */
export class AuditStore {
  private readonly collection: Collection<AuditRecord>;
  private lastAtMs = 0;
  private sequence = 0;

  constructor(dataDir: string, private readonly now: () => number = Date.now) {
    this.collection = openCollection<AuditRecord>(dataDir, 'audit');
  }

  async record(actor: string, action: string, target: string, details: unknown = {}, context: AuditContext = {}): Promise<AuditEntry> {
    const atMs = this.now();
    const record: AuditRecord = {
      _id: this.nextId(atMs), atMs, user: actor, action, target, detailsJson: JSON.stringify(details ?? {}),
      outcome: context.outcome ?? 'ok',
      ...(context.ip ? { ip: context.ip } : {}),
      ...(context.status !== undefined ? { status: context.status } : {}),
    };
    await this.collection.insert(record);
    return toEntry(record);
  }

  /** Ids sort in the order entries were written, also within one millisecond (the tie-break of the listing). */
  private nextId(atMs: number): string {
    this.sequence = atMs === this.lastAtMs ? this.sequence + 1 : 0;
    this.lastAtMs = atMs;
    return `${atMs.toString(36).padStart(9, '0')}-${this.sequence.toString(36).padStart(4, '0')}-${randomUUID().slice(0, 8)}`;
  }

  async list(filter: AuditFilter = {}): Promise<AuditPage> {
    const limit = filter.limit ?? DEFAULT_LIMIT;
    // One more than asked tells whether there is a next page.
    const records = await this.collection.find(toQuery(filter)).sort({ atMs: -1, _id: -1 }).limit(limit + 1);
    const page = records.slice(0, limit);
    const last = page[page.length - 1];
    return { entries: page.map(toEntry), ...(records.length > limit && last ? { nextCursor: encodeCursor(last) } : {}) };
  }
}

function toEntry(record: AuditRecord): AuditEntry {
  return {
    id: record._id, at: new Date(record.atMs).toISOString(), actor: record.user, action: record.action, target: record.target,
    ...(record.ip ? { ip: record.ip } : {}),
    outcome: record.outcome ?? 'ok',
    ...(record.status !== undefined ? { status: record.status } : {}),
    details: JSON.parse(record.detailsJson) as unknown,
  };
}
