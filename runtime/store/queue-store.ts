// Embedded queue backend: one JSONL append log (DATA/queue.db) with group commit, every queue's unacknowledged messages mirrored in memory.
import path from 'node:path';
import type { Failure, QueueBackend, QueueLog, QueuedMessage } from '../../nodes/sdk/index.js';
import { AppendLog, replayLog, type AppendLogStats } from './append-log.js';

/**
 * The JSON text a stored message was made from, attached as a non-enumerable property by toStoredMessage() in
 * nodes/reliability/stored-message.ts (and by pending() here), so the text is produced once per message. Nodes never
 * import the runtime, so both sides name the symbol through the global registry.
 */
const STORED_MESSAGE_JSON = Symbol.for('tradelane.storedMessageJson');

/**
 * One line of the log. It is the record nedb wrote: an nedb-era queue.db replays as it is (the first compaction
 * rewrites it in place), and redis-queue-migration.ts, which reads queue.db with nedb, can still move this file to Redis.
 * An acknowledgement is nedb's deletion line, {"$$deleted":true,"_id":ID}.
 */
export interface QueueRecord {
  _id: string;
  queue: string;
  /** The message as JSON text: stored as produced, never re-serialized per write. */
  messageJson: string;
  failuresJson: string;
  attempts: number;
  notBefore: number;
  enqueuedAt: number;
}

interface LiveEntry {
  queue: string;
  /** The entry's current line, as written; a compaction writes exactly these lines. */
  line: string;
}

export interface QueueStoreOptions {
  /** Compact once this many messages were acknowledged since the last compaction (default 10,000)... */
  compactAfterAcks?: number;
  /** ...or once the file is this large (default 64 MiB); either way only when at least half of the file is dead lines. */
  compactAboveBytes?: number;
}

export interface QueueStoreStats extends AppendLogStats {
  liveEntries: number;
}

const DEFAULT_COMPACT_AFTER_ACKS = 10_000;
const DEFAULT_COMPACT_ABOVE_BYTES = 64 * 1024 * 1024;

function storedJsonOf(message: Record<string, unknown>): string {
  const attached = (message as { [STORED_MESSAGE_JSON]?: unknown })[STORED_MESSAGE_JSON];
  return typeof attached === 'string' ? attached : JSON.stringify(message);
}

function recordLine(id: string, queue: string, entry: QueuedMessage): string {
  // Built by hand around the message text: JSON.stringify of a string only escapes it, it does not walk the message again.
  return `{"_id":${JSON.stringify(id)},"queue":${JSON.stringify(queue)},"messageJson":${JSON.stringify(storedJsonOf(entry.message))},`
    + `"failuresJson":${JSON.stringify(JSON.stringify(entry.failures))},"attempts":${JSON.stringify(entry.attempts)},`
    + `"notBefore":${JSON.stringify(entry.notBefore)},"enqueuedAt":${JSON.stringify(entry.enqueuedAt)}}\n`;
}

function deletionLine(id: string): string {
  return `{"$$deleted":true,"_id":${JSON.stringify(id)}}\n`;
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function toQueuedMessage(record: QueueRecord): QueuedMessage {
  const message = JSON.parse(record.messageJson) as Record<string, unknown>;
  Object.defineProperty(message, STORED_MESSAGE_JSON, { value: record.messageJson });
  return {
    id: record._id, queue: record.queue, message, failures: JSON.parse(record.failuresJson) as Failure[],
    attempts: numberOr0(record.attempts), notBefore: numberOr0(record.notBefore), enqueuedAt: numberOr0(record.enqueuedAt),
  };
}

/**
 * Reads happen once, at start: the log is replayed into memory and compacted. Afterwards it is only appended to, all
 * appends of one turn of the event loop in one write (group commit). Each write resolves once its batch is written to
 * the operating system, without fsync: a process crash (kill -9) loses nothing acknowledged, a power loss can.
 * Nothing ever scans the store for "the next waiting message": the queue node keeps its ready set.
 */
export class QueueStore implements QueueBackend {
  readonly kind = 'embedded';
  private readonly live = new Map<string, LiveEntry>();
  /** About the size of the live lines (UTF-16 units, close to bytes for JSON): a compaction pays off above twice this. */
  private liveChars = 0;
  private acksSinceCompaction = 0;
  private isLoaded = false;
  private readonly log: AppendLog;
  private readonly loaded: Promise<void>;

  constructor(dataDir: string, options: QueueStoreOptions = {}) {
    const compactAfterAcks = options.compactAfterAcks ?? DEFAULT_COMPACT_AFTER_ACKS;
    const compactAboveBytes = options.compactAboveBytes ?? DEFAULT_COMPACT_ABOVE_BYTES;
    this.log = new AppendLog(path.join(dataDir, 'queue.db'), {
      snapshot: () => {
        this.acksSinceCompaction = 0;
        return Array.from(this.live.values(), (entry) => entry.line);
      },
      shouldCompact: (fileBytes) => (this.acksSinceCompaction >= compactAfterAcks || fileBytes >= compactAboveBytes) && fileBytes >= 2 * this.liveChars,
    });
    this.loaded = this.load();
    // ready() reports a failed load; this only keeps an unobserved failure from being an unhandled rejection.
    this.loaded.catch(() => undefined);
  }

  private async load(): Promise<void> {
    const replay = await replayLog(this.log.filename, (record, text, lineNumber) => this.replayRecord(record, text, lineNumber));
    // Compacting at start drops acknowledged entries and a torn last line before anything is appended behind them.
    await this.log.start(replay.lines > 0 || replay.tornTail);
    this.isLoaded = true;
  }

  private replayRecord(value: unknown, text: string, lineNumber: number): void {
    const record = value as Partial<QueueRecord> & { $$deleted?: unknown; $$indexCreated?: unknown; $$deleteIndex?: unknown };
    const unreadable = (why: string) => new Error(`${this.log.filename} line ${lineNumber}: ${why}; move the file aside or fix that line, then start again`);
    if (typeof record !== 'object' || record === null) throw unreadable('not a queue record');
    if (record.$$indexCreated !== undefined || record.$$deleteIndex !== undefined) return; // nedb index bookkeeping
    if (typeof record._id !== 'string') throw unreadable('no message id');
    if (record.$$deleted === true) {
      this.forget(record._id);
      return;
    }
    if (typeof record.queue !== 'string' || typeof record.messageJson !== 'string' || typeof record.failuresJson !== 'string') throw unreadable('not a queue record');
    this.remember(record._id, { queue: record.queue, line: `${text}\n` });
  }

  private remember(id: string, entry: LiveEntry): void {
    this.liveChars += entry.line.length - (this.live.get(id)?.line.length ?? 0);
    this.live.set(id, entry);
  }

  private forget(id: string): boolean {
    const entry = this.live.get(id);
    if (!entry) return false;
    this.liveChars -= entry.line.length;
    this.live.delete(id);
    return true;
  }

  /** Resolves once the log was replayed and compacted; rejects when it cannot be read. */
  ready(): Promise<unknown> {
    return this.loaded;
  }

  stats(): QueueStoreStats {
    return { ...this.log.counters(), liveEntries: this.live.size };
  }

  /** Writes what is queued and closes the file (tests, orderly shutdown). */
  async close(): Promise<void> {
    await this.loaded.catch(() => undefined);
    await this.log.close();
  }

  open(queue: string): QueueLog {
    const loaded = async () => {
      if (!this.isLoaded) await this.loaded;
    };
    return {
      pending: async () => {
        await loaded();
        const entries: QueuedMessage[] = [];
        for (const entry of this.live.values()) if (entry.queue === queue) entries.push(toQueuedMessage(JSON.parse(entry.line) as QueueRecord));
        return entries;
      },
      add: async (entry) => {
        await loaded();
        const line = recordLine(entry.id, queue, entry);
        const previous = this.live.get(entry.id);
        const current: LiveEntry = { queue, line };
        // Memory first, as a queue node starting meanwhile must see the message; a failed write takes it back out.
        this.remember(entry.id, current);
        await this.log.append(line, () => {
          if (this.live.get(entry.id) !== current) return;
          if (previous) this.remember(entry.id, previous);
          else this.forget(entry.id);
        });
      },
      update: async (entry) => {
        await loaded();
        // Never brings back an acknowledged message (nedb's update without upsert did the same).
        if (!this.live.has(entry.id)) return;
        const line = recordLine(entry.id, queue, entry);
        this.remember(entry.id, { queue, line });
        await this.log.append(line);
      },
      remove: async (id) => {
        await loaded();
        if (!this.forget(id)) return;
        this.acksSinceCompaction++;
        await this.log.append(deletionLine(id));
      },
    };
  }
}
