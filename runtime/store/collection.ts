// Opens an nedb-promises datastore file under the data directory, with periodic compaction of its append log.
import path from 'node:path';
import Datastore from 'nedb-promises';

export type Collection<T extends object> = Datastore<T>;

const COMPACT_EVERY_MS = 10 * 60 * 1000;

export function openCollection<T extends object>(dataDir: string, name: string): Collection<T> {
  // A kill -9 can leave a torn last line in the append log. nedb refuses to load a file with more than 10%
  // corrupt lines, which a small store hits with one torn line; the torn write was never acknowledged, so drop it.
  const store = Datastore.create({ filename: path.join(dataDir, `${name}.db`), autoload: true, timestampData: false, corruptAlertThreshold: 1 }) as Collection<T>;
  // nedb-promises forwards unknown members to the underlying @seald-io/nedb datastore; its typings predate this method.
  (store as unknown as { setAutocompactionInterval(ms: number): void }).setAutocompactionInterval(COMPACT_EVERY_MS);
  return store;
}
