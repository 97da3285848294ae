// The cross-reference tables nodes see: the store, plus the tables of running dry runs (from their CSV parameters), which never reach the store.
import type { XrefTables } from '../../nodes/sdk/index.js';

export class XrefOverlay implements XrefTables {
  private readonly tables = new Map<string, Map<string, Record<string, string>>>();
  /** Keys looked up in a temporary table and not found, per table: a dry run fails on them (see dry-run.ts). */
  private readonly misses = new Map<string, Set<string>>();

  constructor(private readonly store: XrefTables) {}

  /** Adds temporary tables (names unique to one dry run); returns the function that removes them. */
  add(tables: Array<{ table: string; keyColumn: string; rows: Array<Record<string, string>> }>): () => void {
    for (const table of tables) {
      this.tables.set(table.table, new Map(table.rows.map((row) => [row[table.keyColumn] ?? '', row])));
      this.misses.set(table.table, new Set());
    }
    return () => {
      for (const table of tables) {
        this.tables.delete(table.table);
        this.misses.delete(table.table);
      }
    };
  }

  /** Keys a temporary table was asked for and did not have, in the order first asked. */
  missesOf(table: string): string[] {
    return [...(this.misses.get(table) ?? [])];
  }

  lookup(table: string, key: string): Promise<Record<string, string> | undefined> {
    const temporary = this.tables.get(table);
    if (!temporary) return this.store.lookup(table, key);
    const row = temporary.get(key);
    if (!row) this.misses.get(table)?.add(key);
    return Promise.resolve(row);
  }
}
