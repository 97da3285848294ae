// A better-sqlite3 handle for Kysely that reuses prepared statements: Kysely prepares every query anew, and preparing cost more than running.
import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct SQL texts kept prepared; the ledger's batches repeat a few dozen shapes (multi-row inserts vary by row count). */
const DEFAULT_CAPACITY = 500;

/**
 * Kysely's SQLite connection runs one query at a time (it holds a mutex), and it finishes `all`/`run` before the next
 * query, so handing the same statement to a later query with the same text is safe. The least recently used text goes first.
 */
export function withStatementCache(database: Database.Database, capacity = DEFAULT_CAPACITY): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => { statements.clear(); database.close(); },
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (statements.size >= capacity) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}
