// Cross-reference tables (supplier item -> SKU, UOM, locations, status codes): versioned in nedb, rows indexed in memory.
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
  /** Who wrote this version, when known. */
  author?: string;
}

export interface XrefTableInput {
  name: string;
  keyColumn: string;
  columns: string[];
  rows: Array<Record<string, string>>;
  author?: string;
}

export type XrefTableSummary = Omit<XrefTable, 'rows'> & { rowCount: number };

/** A problem with a table's content, located by JSON path into the input (e.g. "$.rows[3].sku"). */
export interface XrefProblem {
  path: string;
  message: string;
}

export class XrefTableError extends Error {
  constructor(message: string, readonly problems: XrefProblem[]) {
    super(message);
    this.name = 'XrefTableError';
  }
}

interface TableRecord {
  _id: string;
  json: string;
}

interface VersionRecord {
  _id: string;
  name: string;
  version: number;
  json: string;
}

function summarise({ rows, ...rest }: XrefTable): XrefTableSummary {
  return { ...rest, rowCount: rows.length };
}

/** Checks the key column, unknown columns and duplicate or empty keys; returns every problem at once. */
export function checkXrefTable(input: Omit<XrefTableInput, 'name'>): XrefProblem[] {
  const problems: XrefProblem[] = [];
  const columns = new Set(input.columns);
  if (columns.size !== input.columns.length) problems.push({ path: '$.columns', message: 'column names must be unique' });
  if (!columns.has(input.keyColumn)) problems.push({ path: '$.keyColumn', message: `"${input.keyColumn}" is not one of the columns (${input.columns.join(', ')})` });
  const seen = new Map<string, number>();
  input.rows.forEach((row, index) => {
    for (const column of Object.keys(row)) if (!columns.has(column)) problems.push({ path: `$.rows[${index}].${column}`, message: `column "${column}" is not declared` });
    const key = row[input.keyColumn];
    if (key === undefined || key === '') {
      problems.push({ path: `$.rows[${index}].${input.keyColumn}`, message: 'key is empty' });
      return;
    }
    const first = seen.get(key);
    if (first !== undefined) problems.push({ path: `$.rows[${index}].${input.keyColumn}`, message: `duplicate key "${key}" (first in row ${first})` });
    else seen.set(key, index);
  });
  return problems;
}

export class XrefStore implements XrefTables {
  private readonly current: Collection<TableRecord>;
  private readonly versions: Collection<VersionRecord>;
  private readonly indexes = new Map<string, Map<string, Record<string, string>>>();
  private readonly tables = new Map<string, XrefTable>();
  private readonly loaded: Promise<void>;

  constructor(dataDir: string) {
    this.current = openCollection<TableRecord>(dataDir, 'xref-tables');
    this.versions = openCollection<VersionRecord>(dataDir, 'xref-versions');
    this.loaded = this.current.find({}).then((records) => {
      for (const record of records) this.index(JSON.parse(record.json) as XrefTable);
    });
  }

  private index(table: XrefTable): void {
    this.tables.set(table.name, table);
    this.indexes.set(table.name, new Map(table.rows.map((row) => [row[table.keyColumn] ?? '', row])));
  }

  async list(): Promise<XrefTableSummary[]> {
    await this.loaded;
    return [...this.tables.values()].sort((a, b) => a.name.localeCompare(b.name)).map(summarise);
  }

  async get(name: string): Promise<XrefTable | undefined> {
    await this.loaded;
    return this.tables.get(name);
  }

  /** Replaces a table's content as a new version; throws XrefTableError listing every problem. */
  async put(input: XrefTableInput): Promise<XrefTable> {
    await this.loaded;
    const problems = checkXrefTable(input);
    if (problems.length) throw new XrefTableError(`table "${input.name}" is invalid`, problems);
    const previous = this.tables.get(input.name)?.version ?? (await this.latestVersion(input.name));
    const table: XrefTable = {
      name: input.name, keyColumn: input.keyColumn, columns: input.columns, rows: input.rows,
      version: previous + 1, updatedAt: new Date().toISOString(), ...(input.author ? { author: input.author } : {}),
    };
    const json = JSON.stringify(table);
    await this.versions.insert({ _id: `${table.name}@${table.version}`, name: table.name, version: table.version, json });
    await this.current.update({ _id: table.name }, { _id: table.name, json }, { upsert: true });
    this.index(table);
    return table;
  }

  /** Highest version ever stored, so a table deleted and re-created keeps counting up. */
  private async latestVersion(name: string): Promise<number> {
    const [latest] = await this.versions.find({ name }).sort({ version: -1 }).limit(1);
    return latest?.version ?? 0;
  }

  async remove(name: string): Promise<boolean> {
    await this.loaded;
    const existed = this.tables.delete(name);
    this.indexes.delete(name);
    await this.current.remove({ _id: name }, {});
    return existed;
  }

  /** Version history, newest first, without rows. */
  async history(name: string): Promise<XrefTableSummary[]> {
    const records = await this.versions.find({ name }).sort({ version: -1 });
    return records.map((record) => summarise(JSON.parse(record.json) as XrefTable));
  }

  async getVersion(name: string, version: number): Promise<XrefTable | undefined> {
    const record = await this.versions.findOne({ _id: `${name}@${version}` });
    return record ? (JSON.parse(record.json) as XrefTable) : undefined;
  }

  async lookup(table: string, key: string): Promise<Record<string, string> | undefined> {
    await this.loaded;
    return this.indexes.get(table)?.get(key);
  }
}
