// The ledger's hot statements as SQL text built once per shape (table, row count, changed columns), run with fresh parameters.
import { CompiledQuery, type Kysely } from 'kysely';
import type { SqlDialectName } from './sql-database.js';

// Building and compiling a Kysely query per batch cost more CPU than SQLite's work on the rows (issue 12's P2 profile):
// the statements below have a few fixed shapes, so their text is cached and only the parameters are new each time.
// Both dialects accept double-quoted identifiers and ON CONFLICT DO NOTHING; they differ only in placeholders.

type Row = object;
type Executor = Pick<Kysely<never>, 'executeQuery'>;

const texts = new Map<string, string>();

function placeholders(dialect: SqlDialectName, first: number, count: number): string {
  const marks: string[] = [];
  for (let index = 0; index < count; index++) marks.push(dialect === 'postgres' ? `$${first + index}` : '?');
  return marks.join(', ');
}

function cachedText(key: string, build: () => string): string {
  let text = texts.get(key);
  if (text === undefined) {
    text = build();
    texts.set(key, text);
  }
  return text;
}

function quoted(identifier: string): string {
  return `"${identifier}"`;
}

export interface BulkInsert<R extends Row> {
  table: string;
  /** Every column the rows carry, in the order parameters are given. */
  columns: ReadonlyArray<keyof R & string>;
  /** Rows whose key is already stored are left as they are (ON CONFLICT DO NOTHING). */
  ignoreDuplicates?: boolean;
}

function insertText<R extends Row>(dialect: SqlDialectName, spec: BulkInsert<R>, rowCount: number): string {
  const key = `insert|${dialect}|${spec.table}|${rowCount}|${spec.ignoreDuplicates ? 1 : 0}`;
  return cachedText(key, () => {
    const width = spec.columns.length;
    const rows: string[] = [];
    for (let row = 0; row < rowCount; row++) rows.push(`(${placeholders(dialect, row * width + 1, width)})`);
    return `insert into ${quoted(spec.table)} (${spec.columns.map(quoted).join(', ')}) values ${rows.join(', ')}${spec.ignoreDuplicates ? ' on conflict do nothing' : ''}`;
  });
}

/**
 * Rows per statement, largest first: a batch of n rows is split into power-of-two chunks (300 = 256 + 32 + 8 + 4), so each
 * table has at most nine statement texts, and prepared statements are reused instead of one text per row count.
 * 256 rows of 24 columns stay far under SQLite's 32,766 and Postgres's 65,535 bound parameters.
 */
const CHUNK_SIZES = [256, 128, 64, 32, 16, 8, 4, 2, 1];

/** Inserts rows in call order, a few multi-row statements per call. */
export async function insertRows<R extends Row>(executor: Executor, dialect: SqlDialectName, spec: BulkInsert<R>, rows: readonly R[]): Promise<void> {
  let start = 0;
  for (const size of CHUNK_SIZES) {
    while (rows.length - start >= size) {
      const parameters: unknown[] = [];
      for (let index = start; index < start + size; index++) {
        const row = rows[index] as Record<string, unknown>;
        for (const column of spec.columns) parameters.push(row[column] ?? null);
      }
      await executor.executeQuery(CompiledQuery.raw(insertText(dialect, spec, size), parameters));
      start += size;
    }
  }
}

/** An UPDATE of one row by id: plain column assignments, and optionally a column that changes only from some values. */
export interface RowUpdate {
  table: string;
  id: string;
  set: Record<string, unknown>;
  /** column = value only where the column's current value is one of from; otherwise it keeps its value. */
  guarded?: { column: string; value: unknown; from: readonly unknown[] };
  /** JSON-object text columns whose stored object gets these keys (a shallow merge, as { ...stored, ...keys }). */
  merged?: Record<string, Record<string, unknown>>;
}

/**
 * Whether mergeInSql can merge these keys exactly as a spread would: each key fits a quoted SQLite JSON path, and no value
 * is undefined (a spread keeps such a key and JSON.stringify then drops it, which a SQL merge cannot follow).
 */
export function mergeableInSql(keys: Record<string, unknown>): boolean {
  return Object.entries(keys).every(([key, value]) => value !== undefined && /^[\w-]+$/.test(key));
}

function mergeExpression(dialect: SqlDialectName, column: string, keyCount: number, mark: () => string): string {
  const name = quoted(column);
  if (dialect === 'postgres') return `(coalesce(${name}, '{}')::jsonb || ${mark()}::jsonb)::text`;
  const pairs: string[] = [];
  for (let index = 0; index < keyCount; index++) pairs.push(`${mark()}, json(${mark()})`);
  return `json_set(case when json_valid(${name}) then ${name} else '{}' end, ${pairs.join(', ')})`;
}

function mergeParameters(dialect: SqlDialectName, keys: Record<string, unknown>): unknown[] {
  if (dialect === 'postgres') return [JSON.stringify(keys)];
  return Object.entries(keys).flatMap(([key, value]) => [`$."${key}"`, JSON.stringify(value)]);
}

type Guard = NonNullable<RowUpdate['guarded']>;

function updateText(dialect: SqlDialectName, table: string, columns: readonly string[], merged: ReadonlyArray<[string, number]>, guard: Guard | undefined): string {
  const key = `update|${dialect}|${table}|${columns.join(',')}|${merged.map(([column, count]) => `${column}:${count}`).join(',')}|${guard ? `${guard.column}:${guard.from.length}` : ''}`;
  return cachedText(key, () => {
    let next = 1;
    const mark = () => (dialect === 'postgres' ? `$${next++}` : '?');
    const assignments = columns.map((column) => `${quoted(column)} = ${mark()}`);
    for (const [column, count] of merged) assignments.push(`${quoted(column)} = ${mergeExpression(dialect, column, count, mark)}`);
    if (guard) {
      const from = guard.from.map(() => mark()).join(', ');
      assignments.push(`${quoted(guard.column)} = case when ${quoted(guard.column)} in (${from}) then ${mark()} else ${quoted(guard.column)} end`);
    }
    return `update ${quoted(table)} set ${assignments.join(', ')} where "id" = ${mark()}`;
  });
}

export async function updateRow(executor: Executor, dialect: SqlDialectName, update: RowUpdate): Promise<void> {
  // A guard no current value passes changes nothing (and "in ()" is not valid Postgres).
  const guard = update.guarded?.from.length ? update.guarded : undefined;
  const columns = Object.keys(update.set);
  const parameters: unknown[] = columns.map((column) => update.set[column] ?? null);
  const merged = Object.entries(update.merged ?? {}).filter(([, keys]) => Object.keys(keys).length);
  for (const [, keys] of merged) parameters.push(...mergeParameters(dialect, keys));
  if (guard) parameters.push(...guard.from, guard.value);
  parameters.push(update.id);
  const shape = merged.map(([column, keys]): [string, number] => [column, Object.keys(keys).length]);
  await executor.executeQuery(CompiledQuery.raw(updateText(dialect, update.table, columns, shape, guard), parameters));
}
