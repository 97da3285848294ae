// Versioned schema migrations: each file in ./migrations runs once, in name order, on SQLite and Postgres alike.
import { Migrator, type Kysely, type Migration } from 'kysely';
import { ledgerMigration } from './migrations/001-ledger.js';
import { alertsMigration } from './migrations/002-alerts.js';
import { exceptionsMigration } from './migrations/003-exceptions.js';
import { tracesMigration } from './migrations/004-traces.js';
import { clusterMigration } from './migrations/005-cluster.js';

/** Every migration, by name; names sort in the order they run. Add new ones at the end, never edit a released one. */
export const MIGRATIONS: Record<string, Migration> = {
  '001-ledger': ledgerMigration,
  '002-alerts': alertsMigration,
  '003-exceptions': exceptionsMigration,
  '004-traces': tracesMigration,
  '005-cluster': clusterMigration,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((result) => result.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`SQL migration ${failed?.migrationName ?? '(before any migration)'} failed: ${reason}`);
  }
  return results.map((result) => result.migrationName);
}
