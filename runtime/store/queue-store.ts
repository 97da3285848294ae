// Embedded queue backend: nedb as the durable append log, every queue's unacknowledged messages mirrored in memory.
import path from 'node:path';
import Datastore from 'nedb-promises';
import type { Failure, QueueBackend, QueueLog, QueuedMessage } from '../../nodes/sdk/index.js';

interface QueueRecord {
  _id: string;
  queue: string;
  /** Stored as JSON text: nedb forbids field names with "." or a leading "$", which payloads may contain. */
  messageJson: string;
  failuresJson: string;
  attempts: number;
  notBefore: number;
  enqueuedAt: number;
}

const COMPACT_EVERY_MS = 5 * 60 * 1000;

function toRecord(entry: QueuedMessage): QueueRecord {
  return {
    _id: entry.id, queue: entry.queue, messageJson: JSON.stringify(entry.message), failuresJson: JSON.stringify(entry.failures),
    attempts: entry.attempts, notBefore: entry.notBefore, enqueuedAt: entry.enqueuedAt,
  };
}

function fromRecord(record: QueueRecord): QueuedMessage {
  return {
    id: record._id, queue: record.queue, message: JSON.parse(record.messageJson) as Record<string, unknown>, failures: JSON.parse(record.failuresJson) as Failure[],
    attempts: record.attempts, notBefore: record.notBefore, enqueuedAt: record.enqueuedAt,
  };
}

/**
 * Reads happen once, at start; afterwards the log is only appended to (insert, update, remove by _id), which nedb
 * writes as appended lines. Nothing ever scans the store for "the next waiting message": the queue node keeps its ready set.
 */
export class QueueStore implements QueueBackend {
  readonly kind = 'embedded';
  private readonly store: Datastore<QueueRecord>;
  private readonly loaded: Promise<Map<string, Map<string, QueueRecord>>>;

  constructor(dataDir: string) {
    // A kill during an append can tear the last line; that write was never acknowledged, so loading without it is right.
    this.store = Datastore.create({ filename: path.join(dataDir, 'queue.db'), corruptAlertThreshold: 1 }) as Datastore<QueueRecord>;
    this.loaded = this.load();
  }

  private async load(): Promise<Map<string, Map<string, QueueRecord>>> {
    await this.store.load();
    // nedb-promises forwards unknown members to the underlying datastore; its typings predate this method.
    (this.store as unknown as { setAutocompactionInterval(ms: number): void }).setAutocompactionInterval(COMPACT_EVERY_MS);
    const byQueue = new Map<string, Map<string, QueueRecord>>();
    for (const record of await this.store.find({})) {
      let queue = byQueue.get(record.queue);
      if (!queue) byQueue.set(record.queue, (queue = new Map()));
      queue.set(record._id, record);
    }
    return byQueue;
  }

  ready(): Promise<unknown> {
    return this.loaded;
  }

  open(queue: string): QueueLog {
    const entries = async () => {
      const byQueue = await this.loaded;
      let records = byQueue.get(queue);
      if (!records) byQueue.set(queue, (records = new Map()));
      return records;
    };
    return {
      pending: async () => [...(await entries()).values()].map(fromRecord),
      add: async (entry) => {
        const record = toRecord(entry);
        (await entries()).set(record._id, record);
        await this.store.insert(record);
      },
      update: async (entry) => {
        const record = toRecord(entry);
        (await entries()).set(record._id, record);
        await this.store.update({ _id: record._id }, record, {});
      },
      remove: async (id) => {
        (await entries()).delete(id);
        await this.store.remove({ _id: id }, {});
      },
    };
  }
}
