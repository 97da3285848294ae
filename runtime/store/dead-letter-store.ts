// Dead letters: failed messages with their error chain, flow version, partner and replay history, in nedb.
import { randomUUID } from 'node:crypto';
import type { DeadLetterInput, DeadLetterSink, Failure } from '../../nodes/sdk/index.js';
import { openCollection, type Collection } from './collection.js';

export const DEAD_LETTER_STATUSES = ['open', 'replayed', 'discarded'] as const;
/** discarded: an operator decided not to replay it; it is kept (and audited), never deleted. */
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

/** Who discarded a dead letter and when. */
export interface DiscardRecord {
  at: string;
  by: string;
}

export interface ReplayRecord {
  at: string;
  by: string;
  nodeId: string;
  flowVersion: number | null;
  /** How the replayed payload was validated (see runtime/api/replay-policy.ts); absent on replays made before it was recorded. */
  validation?: 'unedited' | 'flow' | 'schema' | 'unvalidated';
  /** The replayer's reason; always present when validation was skipped. */
  reason?: string;
}

export interface DeadLetter {
  id: string;
  status: DeadLetterStatus;
  correlationId: string;
  flowId: string;
  /** Version of the flow that was running when the message was dead-lettered. */
  flowVersion: number | null;
  partnerId?: string;
  entryNodeId: string;
  nodeId: string;
  message: Record<string, unknown>;
  errors: Failure[];
  createdAt: string;
  updatedAt: string;
  edits: Array<{ at: string; by: string }>;
  replays: ReplayRecord[];
  discarded?: DiscardRecord;
}

export type DeadLetterSummary = Omit<DeadLetter, 'message' | 'errors'> & { lastError: Failure | null; errorCount: number };

interface DeadLetterRecord {
  _id: string;
  status: DeadLetterStatus;
  correlationId: string;
  flowId: string;
  flowVersion: number | null;
  partnerId?: string;
  entryNodeId: string;
  nodeId: string;
  /** Every error code in the chain, so a filter on code is a plain nedb query. */
  codes: string[];
  createdAtMs: number;
  updatedAtMs: number;
  /** JSON text: nedb forbids field names with "." or a leading "$", which payloads and error details may contain. */
  messageJson: string;
  errorsJson: string;
  editsJson: string;
  replaysJson: string;
  discardedAtMs?: number;
  discardedBy?: string;
}

export interface DeadLetterFilter {
  flowId?: string;
  partnerId?: string;
  code?: string;
  status?: DeadLetterStatus;
  from?: number;
  to?: number;
  limit?: number;
}

function toDeadLetter(record: DeadLetterRecord): DeadLetter {
  return {
    id: record._id,
    status: record.status,
    correlationId: record.correlationId,
    flowId: record.flowId,
    flowVersion: record.flowVersion,
    ...(record.partnerId ? { partnerId: record.partnerId } : {}),
    entryNodeId: record.entryNodeId,
    nodeId: record.nodeId,
    message: JSON.parse(record.messageJson) as Record<string, unknown>,
    errors: JSON.parse(record.errorsJson) as Failure[],
    createdAt: new Date(record.createdAtMs).toISOString(),
    updatedAt: new Date(record.updatedAtMs).toISOString(),
    edits: JSON.parse(record.editsJson) as DeadLetter['edits'],
    replays: JSON.parse(record.replaysJson) as ReplayRecord[],
    ...(record.discardedAtMs !== undefined ? { discarded: { at: new Date(record.discardedAtMs).toISOString(), by: record.discardedBy ?? '' } } : {}),
  };
}

export function summarise(letter: DeadLetter): DeadLetterSummary {
  const { message: _message, errors, ...rest } = letter;
  return { ...rest, lastError: errors[errors.length - 1] ?? null, errorCount: errors.length };
}

export class DeadLetterStore implements DeadLetterSink {
  private readonly collection: Collection<DeadLetterRecord>;
  private readonly listeners: Array<() => void> = [];

  constructor(dataDir: string, private readonly flowVersionOf: (flowId: string) => Promise<number | undefined>, private readonly now: () => number = Date.now) {
    this.collection = openCollection<DeadLetterRecord>(dataDir, 'dead-letters');
  }

  /** Adding an existing id (a crash between dead-lettering and acknowledging, or a replay that failed again) appends its errors and reopens it. */
  async add(input: DeadLetterInput): Promise<{ id: string }> {
    const id = input.id ?? randomUUID();
    const now = this.now();
    const previous = await this.collection.findOne({ _id: id });
    const previousErrors = previous ? (JSON.parse(previous.errorsJson) as Failure[]) : [];
    const known = new Set(previousErrors.map((error) => `${error.at}|${error.nodeId}|${error.code}`));
    const errors = [...previousErrors, ...input.errors.filter((error) => !known.has(`${error.at}|${error.nodeId}|${error.code}`))];
    const record: DeadLetterRecord = {
      _id: id,
      status: 'open',
      correlationId: input.correlationId,
      flowId: input.flowId,
      flowVersion: previous?.flowVersion ?? (await this.flowVersionOf(input.flowId)) ?? null,
      ...(input.partnerId ? { partnerId: input.partnerId } : {}),
      entryNodeId: input.entryNodeId,
      nodeId: input.nodeId,
      codes: [...new Set(errors.map((error) => error.code))],
      createdAtMs: previous?.createdAtMs ?? now,
      updatedAtMs: now,
      messageJson: JSON.stringify(input.message),
      errorsJson: JSON.stringify(errors),
      editsJson: previous?.editsJson ?? '[]',
      replaysJson: previous?.replaysJson ?? '[]',
    };
    await this.collection.update({ _id: id }, record, { upsert: true });
    this.changed();
    return { id };
  }

  /** Open dead letters per flow (the overview, flow health and metrics); reads ids and flows only. */
  async openByFlow(): Promise<Map<string, number>> {
    const records = await this.collection.find({ status: 'open' }).project({ flowId: 1 });
    const counts = new Map<string, number>();
    for (const record of records as Array<{ flowId: string }>) counts.set(record.flowId, (counts.get(record.flowId) ?? 0) + 1);
    return counts;
  }

  /** Dead letters per status (the nav badge's open count); reads statuses only. */
  async countByStatus(): Promise<Record<DeadLetterStatus, number>> {
    const records = await this.collection.find({}).project({ status: 1 });
    const counts: Record<DeadLetterStatus, number> = { open: 0, replayed: 0, discarded: 0 };
    for (const record of records as Array<{ status: DeadLetterStatus }>) counts[record.status] += 1;
    return counts;
  }

  /** Called after a dead letter opened, was replayed or discarded. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    const record = await this.collection.findOne({ _id: id });
    return record ? toDeadLetter(record) : undefined;
  }

  async list(filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
    const query: Record<string, unknown> = {};
    if (filter.flowId) query.flowId = filter.flowId;
    if (filter.partnerId) query.partnerId = filter.partnerId;
    if (filter.code) query.codes = filter.code;
    if (filter.status) query.status = filter.status;
    if (filter.from !== undefined || filter.to !== undefined) {
      query.createdAtMs = { ...(filter.from !== undefined ? { $gte: filter.from } : {}), ...(filter.to !== undefined ? { $lte: filter.to } : {}) };
    }
    const records = await this.collection.find(query).sort({ createdAtMs: -1 }).limit(filter.limit ?? 500);
    return records.map(toDeadLetter);
  }

  async replacePayload(id: string, payload: unknown, by: string): Promise<DeadLetter | undefined> {
    const letter = await this.get(id);
    if (!letter) return undefined;
    letter.message.payload = payload;
    letter.edits.push({ at: new Date(this.now()).toISOString(), by });
    await this.collection.update({ _id: id }, { $set: { messageJson: JSON.stringify(letter.message), editsJson: JSON.stringify(letter.edits), updatedAtMs: this.now() } }, {});
    return letter;
  }

  async markReplayed(id: string, replay: ReplayRecord): Promise<void> {
    const letter = await this.get(id);
    if (!letter) return;
    letter.replays.push(replay);
    await this.collection.update({ _id: id }, { $set: { status: 'replayed', replaysJson: JSON.stringify(letter.replays), updatedAtMs: this.now() } }, {});
    this.changed();
  }

  /**
   * Marks a dead letter discarded (kept, with who and when); only one that is not discarded yet changes, so two
   * operators discarding at once cannot both succeed. False when it was already discarded or does not exist.
   */
  async discard(id: string, by: string): Promise<boolean> {
    const now = this.now();
    const changed = await this.collection.update({ _id: id, status: { $ne: 'discarded' } }, { $set: { status: 'discarded', discardedAtMs: now, discardedBy: by, updatedAtMs: now } }, {});
    if (changed > 0) this.changed();
    return changed > 0;
  }
}
