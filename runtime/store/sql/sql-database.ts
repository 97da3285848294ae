// Opens the SQL store: embedded SQLite (better-sqlite3) by default, Postgres when DATABASE_URL is set; one Kysely schema and query layer for both.
import { chmodSync, existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrator.js';
import { withStatementCache } from './statement-cache.js';
import { startWalCheckpointer } from './wal-checkpointer.js';
import type { SqlSchema } from './sql-schema.js';

export type SqlDialectName = 'sqlite' | 'postgres';

export interface SqlDatabase {
  readonly db: Kysely<SqlSchema>;
  readonly dialect: SqlDialectName;
  /** Where the data lives, for logs: the SQLite file, or the Postgres host and database (never the password). */
  readonly location: string;
  close(): Promise<void>;
}

export interface SqlOpenOptions {
  dataDir: string;
  /** postgres://user@host:port/db; the embedded SQLite file in the data directory when unset. */
  databaseUrl?: string;
}

export const SQLITE_FILENAME = 'tradelane.sqlite';

// BIGINT (epoch milliseconds) arrives as a string from pg by default; every such column here fits a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

function openSqlite(dataDir: string): SqlDatabase {
  const file = path.join(dataDir, SQLITE_FILENAME);
  const database = new Database(file);
  // WAL: readers never block the writer. NORMAL: a process crash (kill -9) loses nothing committed; only a power loss may lose the last commits.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  // The ledger holds partner payloads: readable by the runtime's user only, like every other store (the WAL files too).
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) chmodSync(file + suffix, 0o600);
  const db = new Kysely<SqlSchema>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  // A checkpoint's fsync stalled commits for tens of milliseconds on a shared disk; the worker takes that wait.
  const checkpointer = startWalCheckpointer(database, file, (message) => process.emitWarning(`SQLite checkpoint worker: ${message}`));
  return { db, dialect: 'sqlite', location: file, close: async () => { await checkpointer.stop(); await db.destroy(); } };
}

function describePostgres(url: string): string {
  try {
    const parsed = new URL(url);
    return `postgres://${parsed.username ? `${parsed.username}@` : ''}${parsed.host}${parsed.pathname}`;
  } catch {
    return 'postgres (DATABASE_URL is not a URL)';
  }
}

function openPostgres(databaseUrl: string): SqlDatabase {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle connection the server drops (a Postgres restart) is reported here; unhandled, the 'error' event would end the
  // process. The pool discards that client and the next query opens a new one; queries in flight fail and are retried.
  let outageWarned = false;
  pool.on('error', (error) => {
    if (outageWarned) return;
    outageWarned = true;
    process.emitWarning(`Postgres connection lost (${describePostgres(databaseUrl)}): ${error.message}; reconnecting on the next query`);
  });
  pool.on('connect', () => { outageWarned = false; });
  const db = new Kysely<SqlSchema>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', location: describePostgres(databaseUrl), close: () => db.destroy() };
}

/** Opens the store and brings its schema to the latest version; throws with the failed migration's name. */
export async function openSqlDatabase(options: SqlOpenOptions): Promise<SqlDatabase> {
  const database = options.databaseUrl ? openPostgres(options.databaseUrl) : openSqlite(options.dataDir);
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
  return database;
}
