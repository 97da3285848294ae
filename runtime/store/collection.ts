// Opens an nedb-promises datastore file under the data directory: integrity-checked first, owner-only modes, periodic compaction.
import path from 'node:path';
import Datastore from 'nedb-promises';
import { checkStoreFile } from './store-integrity.js';

export type Collection<T extends object> = Datastore<T>;

const COMPACT_EVERY_MS = 10 * 60 * 1000;

/** Data files hold credentials, partners and messages: only the runtime's user may read them. */
export const STORE_MODES = { fileMode: 0o600, dirMode: 0o700 } as const;

/**
 * Opens FILE for nedb after checkStoreFile() vetted every line (it throws CorruptStoreError on a corrupt one and cuts a
 * torn last line). nedb's own corruptAlertThreshold would silently drop up to 10% of the lines, and its load rewrites
 * the file without them; with 0 any line our check missed makes the load fail instead.
 */
export function openDatastoreFile<T extends object>(filename: string, options: { autoload?: boolean; timestampData?: boolean } = {}): Datastore<T> {
  checkStoreFile(filename);
  // nedb-promises passes the options through to @seald-io/nedb; its typings predate `modes`.
  const store = Datastore.create({ filename, corruptAlertThreshold: 0, modes: STORE_MODES, ...options } as Parameters<typeof Datastore.create>[0]) as Datastore<T>;
  rewriteAfterFailedAppend(store);
  return store;
}

interface NedbPersistence {
  persistNewStateAsync(docs: unknown[]): Promise<void>;
  persistCachedDatabaseAsync(): Promise<void>;
}

/**
 * nedb appends each change as a line. An append that fails part-way (disk full) leaves a partial line, and the next
 * append would be glued onto it: a corrupt line in the middle of the file, which the next start refuses. After a
 * failed append the next write therefore rewrites the whole file from memory (nedb's crash-safe temp file + rename).
 */
function rewriteAfterFailedAppend(store: Datastore<object>): void {
  // nedb-promises keeps the @seald-io/nedb datastore as __original; its typings do not expose it.
  const persistence = (store as unknown as { __original: { persistence: NedbPersistence } }).__original.persistence;
  const append = persistence.persistNewStateAsync.bind(persistence);
  let broken = false;
  persistence.persistNewStateAsync = async (docs) => {
    if (broken) {
      await persistence.persistCachedDatabaseAsync();
      broken = false;
      return;
    }
    try {
      await append(docs);
    } catch (error) {
      broken = true;
      throw error;
    }
  };
}

export function openCollection<T extends object>(dataDir: string, name: string): Collection<T> {
  const store = openDatastoreFile<T>(path.join(dataDir, `${name}.db`), { autoload: true, timestampData: false });
  // nedb-promises forwards unknown members to the underlying @seald-io/nedb datastore; its typings predate this method.
  (store as unknown as { setAutocompactionInterval(ms: number): void }).setAutocompactionInterval(COMPACT_EVERY_MS);
  return store;
}

/** Rewrites the file from memory, so superseded lines (e.g. a value before it was sealed) leave the disk. */
export async function compactNow(store: Collection<object>): Promise<void> {
  await (store as unknown as { compactDatafileAsync(): Promise<void> }).compactDatafileAsync();
}
