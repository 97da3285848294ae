// Routes for cross-reference tables: list, read, replace, delete, versions, and CSV import/export with located errors.
import type { Request, Response } from 'express';
import express from 'express';
import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { JSONSchema } from '../../nodes/sdk/index.js';
import { XrefTableError, type XrefStore, type XrefTable } from '../store/xref-store.js';
import type { ApiRouter } from './api-router.js';
import { currentUser } from './auth.js';
import { HttpError, type ErrorDetail } from './http-error.js';

const editors = ['admin', 'analyst'] as const;

export const XREF_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$';

const tableBody: JSONSchema = {
  type: 'object',
  properties: {
    keyColumn: { type: 'string', minLength: 1, description: 'Column that lookups match, e.g. supplierItem.' },
    columns: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, description: 'Column names; inferred from the rows when omitted.' },
    rows: { type: 'array', items: { type: 'object', additionalProperties: { type: 'string' } }, description: 'One object per row, column -> string value.' },
  },
  required: ['keyColumn', 'rows'],
  additionalProperties: false,
};

interface TableBody {
  keyColumn: string;
  columns?: string[];
  rows: Array<Record<string, string>>;
}

/** A CSV problem located by line (1-based, the header is line 1) and, when known, the column. */
export interface CsvProblem extends ErrorDetail {
  line: number;
  column?: number;
  field?: string;
}

export class CsvTableError extends Error {
  /** 400 for CSV syntax errors, 422 for a well-formed CSV whose content is unusable. */
  constructor(message: string, readonly problems: CsvProblem[], readonly status: 400 | 422 = 422) {
    super(message);
    this.name = 'CsvTableError';
  }
}

function located(line: number, message: string, column?: number, field?: string): CsvProblem {
  const where = field !== undefined ? `line ${line}, column ${column} ("${field}")` : column !== undefined ? `line ${line}, column ${column}` : `line ${line}`;
  return { path: where, line, ...(column !== undefined ? { column } : {}), ...(field !== undefined ? { field } : {}), message };
}

/** Parses CSV with a header row into columns and string rows; syntax and structure errors carry their line. */
export function parseCsvTable(text: string, keyColumn: string): { columns: string[]; rows: Array<Record<string, string>> } {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, info: true, relax_column_count: false }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (thrown) {
    if (thrown instanceof CsvError) {
      const error = thrown as CsvError & { lines?: number; index?: number };
      const column = typeof error.index === 'number' && !error.code.startsWith('CSV_RECORD_INCONSISTENT') ? error.index + 1 : undefined;
      throw new CsvTableError('CSV could not be parsed', [located(error.lines ?? 1, error.message.replace(/ on line \d+$/, ''), column)], 400);
    }
    throw thrown;
  }
  const [header, ...body] = records;
  if (!header) throw new CsvTableError('CSV is empty', [located(1, 'a header row with the column names is required')]);
  const columns = header.record.map((name) => name.trim());
  const problems: CsvProblem[] = [];
  columns.forEach((name, index) => {
    if (!name) problems.push(located(header.info.lines, 'column name is empty', index + 1));
    else if (columns.indexOf(name) !== index) problems.push(located(header.info.lines, `duplicate column name "${name}"`, index + 1, name));
  });
  const keyIndex = columns.indexOf(keyColumn);
  if (keyIndex < 0) problems.push(located(header.info.lines, `key column "${keyColumn}" is not in the header (${columns.join(', ')})`));
  if (problems.length) throw new CsvTableError('CSV header is invalid', problems);

  const firstLineOfKey = new Map<string, number>();
  const rows = body.map(({ record, info }) => {
    const key = record[keyIndex] ?? '';
    if (!key) problems.push(located(info.lines, 'key is empty', keyIndex + 1, keyColumn));
    else if (firstLineOfKey.has(key)) problems.push(located(info.lines, `duplicate key "${key}" (first on line ${firstLineOfKey.get(key)})`, keyIndex + 1, keyColumn));
    else firstLineOfKey.set(key, info.lines);
    return Object.fromEntries(columns.map((column, index) => [column, record[index] ?? '']));
  });
  if (problems.length) throw new CsvTableError('CSV rows are invalid', problems);
  return { columns, rows };
}

export function formatCsvTable(table: Pick<XrefTable, 'columns' | 'rows'>): string {
  return stringify(table.rows, { header: true, columns: table.columns, record_delimiter: '\n' });
}

function asHttpError(error: unknown): unknown {
  if (error instanceof CsvTableError) return new HttpError(error.status, error.message, error.problems);
  if (error instanceof XrefTableError) return new HttpError(422, error.message, error.problems);
  return error;
}

function checkName(name: string): void {
  if (!new RegExp(XREF_NAME_PATTERN).test(name)) throw new HttpError(400, `table name "${name}" is invalid`, [{ path: 'name', message: `must match ${XREF_NAME_PATTERN}` }]);
}

/** Reads a text/csv body on this route only; /api otherwise parses JSON. Parser errors (413) reach the error handler. */
function readCsvBody(raw: Request, res: Response, limitBytes: number): Promise<string> {
  const type = raw.headers['content-type'] ?? '';
  if (!/^(text\/csv|text\/plain|application\/csv)\b/i.test(type)) {
    throw new HttpError(415, 'send the table as text/csv', [{ path: 'header.Content-Type', message: `got "${type || 'none'}", expected text/csv` }]);
  }
  const parser = express.text({ type: () => true, limit: limitBytes });
  return new Promise((resolve, reject) => {
    parser(raw, res, (error?: unknown) => (error ? reject(error) : resolve(typeof raw.body === 'string' ? raw.body : '')));
  });
}

export function registerXrefRoutes(api: ApiRouter, xref: XrefStore, options: { csvLimitBytes: number }): void {
  async function requireTable(name: string): Promise<XrefTable> {
    const table = await xref.get(name);
    if (!table) throw new HttpError(404, `xref table "${name}" does not exist`);
    return table;
  }

  async function save(name: string, content: { keyColumn: string; columns: string[]; rows: Array<Record<string, string>> }, res: Response) {
    checkName(name);
    const existed = Boolean(await xref.get(name));
    try {
      const table = await xref.put({ name, ...content, author: currentUser(res).username });
      res.status(existed ? 200 : 201);
      const { rows, ...summary } = table;
      return { ...summary, rowCount: rows.length };
    } catch (error) {
      throw asHttpError(error);
    }
  }

  api.add({
    method: 'get', path: '/api/xref', tag: 'xref', summary: 'List cross-reference tables with version and row count', access: 'authenticated',
    handler: async () => ({ tables: await xref.list() }),
  });

  api.add({
    method: 'get', path: '/api/xref/:name', tag: 'xref', summary: 'One cross-reference table with its rows', access: 'authenticated',
    handler: ({ params }) => requireTable(params.name!),
  });

  api.add<TableBody>({
    method: 'put', path: '/api/xref/:name', tag: 'xref', summary: 'Create or replace a table (a new version)', access: editors, body: tableBody,
    audit: { action: 'xref.put', target: (request) => `xref:${request.params.name ?? ''}`, details: (_request, result) => ({ version: (result as { version?: unknown }).version, rowCount: (result as { rowCount?: unknown }).rowCount }) },
    handler: ({ body, params }, res) => {
      const columns = body.columns ?? [...new Set([body.keyColumn, ...body.rows.flatMap((row) => Object.keys(row))])];
      return save(params.name!, { keyColumn: body.keyColumn, columns, rows: body.rows }, res);
    },
  });

  api.add({
    method: 'delete', path: '/api/xref/:name', tag: 'xref', summary: 'Delete a table (its versions stay in the history)', access: editors,
    audit: { action: 'xref.delete', target: (request) => `xref:${request.params.name ?? ''}` },
    handler: async ({ params }) => {
      if (!(await xref.remove(params.name!))) throw new HttpError(404, `xref table "${params.name}" does not exist`);
      return { deleted: params.name };
    },
  });

  api.add({
    method: 'get', path: '/api/xref/:name/versions', tag: 'xref', summary: 'Version history of a table, newest first', access: 'authenticated',
    handler: async ({ params }) => {
      const versions = await xref.history(params.name!);
      if (!versions.length) throw new HttpError(404, `xref table "${params.name}" has no versions`);
      return { versions };
    },
  });

  api.add({
    method: 'get', path: '/api/xref/:name/versions/:version', tag: 'xref', summary: 'One stored version of a table', access: 'authenticated',
    handler: async ({ params }) => {
      const table = await xref.getVersion(params.name!, Number(params.version));
      if (!table) throw new HttpError(404, `xref table "${params.name}" has no version ${params.version}`);
      return table;
    },
  });

  api.add<unknown, { keyColumn?: string }>({
    method: 'put', path: '/api/xref/:name/csv', tag: 'xref', summary: 'Create or replace a table from CSV (text/csv, header row; ?keyColumn=)', access: editors,
    audit: { action: 'xref.import', target: (request) => `xref:${request.params.name ?? ''}`, details: (_request, result) => ({ version: (result as { version?: unknown }).version, rowCount: (result as { rowCount?: unknown }).rowCount }) },
    query: { type: 'object', properties: { keyColumn: { type: 'string', minLength: 1, description: 'Key column; defaults to the current table\'s, else the first column.' } } },
    handler: async ({ params, query, raw }, res) => {
      checkName(params.name!);
      const text = await readCsvBody(raw, res, options.csvLimitBytes);
      const keyColumn = query.keyColumn ?? (await xref.get(params.name!))?.keyColumn ?? firstHeaderField(text);
      let content: { columns: string[]; rows: Array<Record<string, string>> };
      try {
        content = parseCsvTable(text, keyColumn);
      } catch (error) {
        throw asHttpError(error);
      }
      return save(params.name!, { keyColumn, ...content }, res);
    },
  });

  api.add({
    method: 'get', path: '/api/xref/:name/csv', tag: 'xref', summary: 'Export a table as CSV', access: 'authenticated',
    handler: async ({ params }, res) => {
      const table = await requireTable(params.name!);
      res.type('text/csv').setHeader('Content-Disposition', `attachment; filename="${table.name}.csv"`);
      res.send(formatCsvTable(table));
    },
  });
}

function firstHeaderField(text: string): string {
  try {
    const [header] = parse(text, { bom: true, to_line: 1 }) as string[][];
    return header?.[0]?.trim() ?? '';
  } catch {
    return '';
  }
}
