// Cross-reference tables (supplier item -> SKU, UOM, locations, status codes): rows indexed in memory, nedb on disk.
import type { XrefTables } from '../../nodes/sdk/index.js';
import { openCollection, type Collection } from './collection.js';

export interface XrefTable {
  name: string;
  /** Column whose value lookups match. */
  keyColumn: string;
  columns: string[];
  rows: Array<Record<string, string>>;
  version: number;
  updatedAt: string;
}

interface TableRecord {
  _id: string;
  json: string;
}

export class XrefStore implements XrefTables {
  private readonly collection: Collection<TableRecord>;
  private readonly indexes = new Map<string, Map<string, Record<string, string>>>();
  private readonly tables = new Map<string, XrefTable>();
  private readonly loaded: Promise<void>;

  constructor(dataDir: string) {
    this.collection = openCollection<TableRecord>(dataDir, 'xref-tables');
    this.loaded = this.collection.find({}).then((records) => {
      for (const record of records) this.index(JSON.parse(record.json) as XrefTable);
    });
  }

  private index(table: XrefTable): void {
    this.tables.set(table.name, table);
    this.indexes.set(table.name, new Map(table.rows.map((row) => [row[table.keyColumn] ?? '', row])));
  }

  async list(): Promise<Array<Omit<XrefTable, 'rows'> & { rowCount: number }>> {
    await this.loaded;
    return [...this.tables.values()].map(({ rows, ...rest }) => ({ ...rest, rowCount: rows.length }));
  }

  async get(name: string): Promise<XrefTable | undefined> {
    await this.loaded;
    return this.tables.get(name);
  }

  /** Replaces a table's content as a new version. */
  async put(input: { name: string; keyColumn: string; columns: string[]; rows: Array<Record<string, string>> }): Promise<XrefTable> {
    await this.loaded;
    const table: XrefTable = { ...input, version: (this.tables.get(input.name)?.version ?? 0) + 1, updatedAt: new Date().toISOString() };
    await this.collection.update({ _id: table.name }, { _id: table.name, json: JSON.stringify(table) }, { upsert: true });
    this.index(table);
    return table;
  }

  async remove(name: string): Promise<boolean> {
    await this.loaded;
    this.tables.delete(name);
    this.indexes.delete(name);
    return (await this.collection.remove({ _id: name }, {})) > 0;
  }

  async lookup(table: string, key: string): Promise<Record<string, string> | undefined> {
    await this.loaded;
    return this.indexes.get(table)?.get(key);
  }
}
