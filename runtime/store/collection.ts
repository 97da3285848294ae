// Opens an nedb-promises datastore file under the data directory: integrity-checked first, owner-only modes, periodic compaction.
import { readFile, unlink } from 'node:fs/promises';
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
  keepMemoryInStepWithFile(store);
  return store;
}

interface NedbPersistence {
  filename: string;
  corruptAlertThreshold: number;
  persistNewStateAsync(docs: unknown[]): Promise<void>;
  persistCachedDatabaseAsync(): Promise<void>;
  treatRawData(raw: string): Promise<{ data: unknown[] }>;
}

interface NedbInternals {
  persistence: NedbPersistence;
  _resetIndexes(data: unknown[]): void;
}

/** Rebuilds nedb's memory from the file: what is on disk is exactly what callers were told succeeded. */
async function reloadFromFile(datastore: NedbInternals): Promise<void> {
  const { persistence } = datastore;
  const raw = await readFile(persistence.filename, 'utf8');
  // The only unreadable line can be the partial tail of the append that just failed (the file was checked at open).
  const tail = raw.lastIndexOf('\n');
  const { data } = await persistence.treatRawData(raw.slice(0, tail + 1));
  datastore._resetIndexes(data);
}

/**
 * nedb changes its in-memory copy first and appends the line after; when the append fails (disk full) the memory keeps
 * a change the file never got: a later read sees a record that is gone after a restart, and a retried insert of the same
 * _id or unique key fails forever. After a failed write, memory is rebuilt from the file, and the next write rewrites
 * the whole file (nedb's crash-safe temp file + rename): appending behind a partial line would glue two records into
 * one corrupt line, which the next start refuses.
 */
function keepMemoryInStepWithFile(store: Datastore<object>): void {
  // nedb-promises keeps the @seald-io/nedb datastore as __original; its typings do not expose it.
  const datastore = (store as unknown as { __original: NedbInternals }).__original;
  const { persistence } = datastore;
  const append = persistence.persistNewStateAsync.bind(persistence);
  const rewrite = persistence.persistCachedDatabaseAsync.bind(persistence);
  // A rewrite (also the periodic compaction) that fails part-way leaves FILE~ behind, holding the space the next try needs.
  persistence.persistCachedDatabaseAsync = async () => {
    try {
      await rewrite();
    } catch (error) {
      await unlink(`${persistence.filename}~`).catch(() => undefined);
      throw error;
    }
  };
  let broken = false;
  persistence.persistNewStateAsync = async (docs) => {
    try {
      if (broken) await persistence.persistCachedDatabaseAsync();
      else await append(docs);
      broken = false;
    } catch (error) {
      broken = true;
      await reloadFromFile(datastore).catch(() => undefined);
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
