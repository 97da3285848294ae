// Moves messages left in the embedded queue log (queue.db) into Redis when a data directory is switched to REDIS_URL.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Failure, QueueBackend, QueuedMessage } from '../../nodes/sdk/index.js';
import type { QueueRecord } from './queue-store.js';
import { openDatastoreFile } from './collection.js';

/** queue.db holds queue-store.ts's records, in nedb's line format, so nedb can read them here. */
type EmbeddedQueueRecord = QueueRecord;

export interface QueueMigrationResult {
  messages: number;
  queues: string[];
}

/**
 * Copies every unacknowledged embedded message into the target (same id, oldest first), then empties queue.db.
 * A crash in between copies again on the next start; an add with an existing id overwrites it, so nothing is doubled.
 */
export async function moveEmbeddedQueues(dataDir: string, target: QueueBackend): Promise<QueueMigrationResult> {
  const filename = path.join(dataDir, 'queue.db');
  if (!existsSync(filename)) return { messages: 0, queues: [] };
  const store = openDatastoreFile<EmbeddedQueueRecord>(filename);
  await store.load();
  const records = await store.find({});
  if (!records.length) return { messages: 0, queues: [] };
  records.sort((a, b) => a.enqueuedAt - b.enqueuedAt);
  const queues = new Set<string>();
  for (const record of records) {
    const entry: QueuedMessage = {
      id: record._id,
      queue: record.queue,
      message: JSON.parse(record.messageJson) as Record<string, unknown>,
      failures: JSON.parse(record.failuresJson) as Failure[],
      attempts: record.attempts,
      notBefore: record.notBefore,
      enqueuedAt: record.enqueuedAt,
    };
    await target.open(record.queue).add(entry);
    queues.add(record.queue);
  }
  await store.remove({}, { multi: true });
  return { messages: records.length, queues: [...queues] };
}
