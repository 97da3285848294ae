// Audit log of operator actions (replay, edit, discard): who, when, what; append-only in nedb.
import { randomUUID } from 'node:crypto';
import { openCollection, type Collection } from './collection.js';

export interface AuditEntry {
  id: string;
  at: string;
  user: string;
  action: string;
  /** What the action was applied to, e.g. "deadletter:<id>". */
  target: string;
  details: unknown;
}

interface AuditRecord {
  _id: string;
  atMs: number;
  user: string;
  action: string;
  target: string;
  detailsJson: string;
}

export interface AuditFilter {
  from?: number;
  to?: number;
  action?: string;
  user?: string;
  target?: string;
  limit?: number;
}

export class AuditStore {
  private readonly collection: Collection<AuditRecord>;

  constructor(dataDir: string, private readonly now: () => number = Date.now) {
    this.collection = openCollection<AuditRecord>(dataDir, 'audit');
  }

  async record(user: string, action: string, target: string, details: unknown = {}): Promise<AuditEntry> {
    const record: AuditRecord = { _id: randomUUID(), atMs: this.now(), user, action, target, detailsJson: JSON.stringify(details) };
    await this.collection.insert(record);
    return toEntry(record);
  }

  async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const query: Record<string, unknown> = {};
    if (filter.action) query.action = filter.action;
    if (filter.user) query.user = filter.user;
    if (filter.target) query.target = filter.target;
    if (filter.from !== undefined || filter.to !== undefined) {
      query.atMs = { ...(filter.from !== undefined ? { $gte: filter.from } : {}), ...(filter.to !== undefined ? { $lte: filter.to } : {}) };
    }
    const records = await this.collection.find(query).sort({ atMs: -1 }).limit(filter.limit ?? 200);
    return records.map(toEntry);
  }
}

function toEntry(record: AuditRecord): AuditEntry {
  return { id: record._id, at: new Date(record.atMs).toISOString(), user: record.user, action: record.action, target: record.target, details: JSON.parse(record.detailsJson) as unknown };
}
