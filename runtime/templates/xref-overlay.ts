// The cross-reference tables nodes see: the store, plus the tables of running dry runs (from their CSV parameters), which never reach the store.
import type { XrefTables } from '../../nodes/sdk/index.js';

export class XrefOverlay implements XrefTables {
  private readonly tables = new Map<string, Map<string, Record<string, string>>>();

  constructor(private readonly store: XrefTables) {}

  /** Adds temporary tables (names unique to one dry run); returns the function that removes them. */
  add(tables: Array<{ table: string; keyColumn: string; rows: Array<Record<string, string>> }>): () => void {
    for (const table of tables) this.tables.set(table.table, new Map(table.rows.map((row) => [row[table.keyColumn] ?? '', row])));
    return () => {
      for (const table of tables) this.tables.delete(table.table);
    };
  }

  lookup(table: string, key: string): Promise<Record<string, string> | undefined> {
    const temporary = this.tables.get(table);
    return temporary ? Promise.resolve(temporary.get(key)) : this.store.lookup(table, key);
  }
}
