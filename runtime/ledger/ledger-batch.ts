// Writes one batch of ledger operations in call order: consecutive records become multi-row inserts, and a patch of a document
// recorded in the same batch is folded into its row, so a message's record and its first status changes cost one insert.
import type { Transaction } from 'kysely';
import type { BusinessKeys, LedgerReference, LedgerStatus } from '../../nodes/sdk/index.js';
import { BUSINESS_KEY_NAMES } from '../../nodes/sdk/index.js';
import type { DocumentKeyRow, DocumentPayloadRow, DocumentRow, SqlSchema } from '../store/sql/sql-schema.js';
import { keyTokens } from './key-tokens.js';
import { replaceableBy, statusMayReplace } from './ledger-status.js';
import { KEY_COLUMNS } from './document-columns.js';

export interface InsertOperation { op: 'insert'; row: DocumentRow; keys: DocumentKeyRow[]; payloads: DocumentPayloadRow[] }
export interface UpdateOperation { op: 'update'; reference: LedgerReference; patch: PreparedPatch; at: number }
export type Operation = InsertOperation | UpdateOperation;

export interface PreparedPatch {
  status?: LedgerStatus;
  documentType?: string;
  keys?: BusinessKeys;
  canonical?: DocumentPayloadRow;
  errors?: string;
  httpStatus?: number;
  edi?: Record<string, unknown>;
  facts?: Record<string, unknown>;
}

/** Rows per multi-row INSERT: well under SQLite's 32,766 and Postgres's 65,535 bound parameters. */
const ROWS_PER_INSERT = 400;

export function keyRows(documentId: string, keys: BusinessKeys | undefined): DocumentKeyRow[] {
  const rows: DocumentKeyRow[] = [];
  for (const name of BUSINESS_KEY_NAMES) {
    const value = keys?.[name];
    if (typeof value !== 'string' || !value) continue;
    for (const token of keyTokens(value)) rows.push({ token, document_id: documentId, key_name: name });
  }
  return rows;
}

export async function writeBatch(trx: Transaction<SqlSchema>, batch: readonly Operation[]): Promise<void> {
  let inserts: InsertOperation[] = [];
  for (const operation of foldPatches(batch)) {
    if (operation.op === 'insert') {
      inserts.push(operation);
      continue;
    }
    await insertDocuments(trx, inserts);
    inserts = [];
    await applyPatch(trx, operation.reference, operation.patch, operation.at);
  }
  await insertDocuments(trx, inserts);
}

/**
 * Folds each patch by document id into the insert of that document when both are in the batch. A patch by correlation id
 * in between could touch the same row, so after one the later patches are applied in SQL, in order, as written.
 */
function foldPatches(batch: readonly Operation[]): Operation[] {
  const inserted = new Map<string, InsertOperation>();
  const result: Operation[] = [];
  let folding = true;
  for (const operation of batch) {
    if (operation.op === 'insert') {
      const copy = { ...operation, row: { ...operation.row }, keys: [...operation.keys], payloads: [...operation.payloads] };
      inserted.set(copy.row.id, copy);
      result.push(copy);
      continue;
    }
    const target = operation.reference.documentId ? inserted.get(operation.reference.documentId) : undefined;
    if (!operation.reference.documentId) folding = false;
    if (folding && target) foldInto(target, operation);
    else result.push(operation);
  }
  return result;
}

function foldInto(target: InsertOperation, { patch, at }: UpdateOperation): void {
  const row = target.row;
  row.updated_at = at;
  if (patch.status && statusMayReplace(row.status as LedgerStatus, patch.status)) row.status = patch.status;
  if (patch.documentType) row.document_type = patch.documentType;
  if (patch.errors) row.errors = patch.errors;
  if (patch.httpStatus !== undefined) row.http_status = patch.httpStatus;
  if (patch.edi) row.edi = JSON.stringify({ ...parsed(row.edi), ...patch.edi });
  if (patch.facts) row.facts = JSON.stringify({ ...parsed(row.facts), ...patch.facts });
  if (patch.keys) {
    Object.assign(row, definedKeyColumns(patch.keys));
    const known = new Set(target.keys.map((key) => `${key.token}|${key.key_name}`));
    for (const key of keyRows(row.id, patch.keys)) if (!known.has(`${key.token}|${key.key_name}`)) target.keys.push(key);
  }
  if (patch.canonical) {
    target.payloads = target.payloads.filter((payload) => payload.kind !== 'canonical');
    target.payloads.push({ ...patch.canonical, document_id: row.id });
  }
}

async function insertChunks<T extends keyof SqlSchema>(trx: Transaction<SqlSchema>, table: T, rows: readonly SqlSchema[T][], ignoreDuplicates = false): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    // Kysely's typed insert cannot follow a table chosen at run time; the rows are that table's own row type.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const values = rows.slice(start, start + ROWS_PER_INSERT) as any;
    const insert = trx.insertInto(table).values(values);
    await (ignoreDuplicates ? insert.onConflict((conflict) => conflict.doNothing()) : insert).execute();
  }
}

async function insertDocuments(trx: Transaction<SqlSchema>, inserts: readonly InsertOperation[]): Promise<void> {
  if (!inserts.length) return;
  await insertChunks(trx, 'documents', inserts.map((operation) => operation.row));
  await insertChunks(trx, 'document_keys', inserts.flatMap((operation) => operation.keys), true);
  await insertChunks(trx, 'document_payloads', inserts.flatMap((operation) => operation.payloads));
}

async function targetsOf(trx: Transaction<SqlSchema>, reference: LedgerReference): Promise<Array<Pick<DocumentRow, 'id' | 'edi' | 'facts'>>> {
  let query = trx.selectFrom('documents').select(['id', 'edi', 'facts']);
  // By correlation id: the documents that started the exchange, not the ERP posts and webhooks that belong to them.
  query = reference.documentId ? query.where('id', '=', reference.documentId) : query.where('correlation_id', '=', reference.correlationId!).where('parent_id', 'is', null);
  return query.execute();
}

async function applyPatch(trx: Transaction<SqlSchema>, reference: LedgerReference, patch: PreparedPatch, at: number): Promise<void> {
  // Most patches name their document and merge nothing: one statement, no read.
  const needsRead = !reference.documentId || patch.edi || patch.facts;
  const targets = needsRead ? await targetsOf(trx, reference) : [{ id: reference.documentId!, edi: null, facts: null }];
  for (const target of targets) {
    const changes: Partial<DocumentRow> = { updated_at: at };
    if (patch.documentType) changes.document_type = patch.documentType;
    if (patch.errors) changes.errors = patch.errors;
    if (patch.httpStatus !== undefined) changes.http_status = patch.httpStatus;
    if (patch.edi) changes.edi = JSON.stringify({ ...parsed(target.edi), ...patch.edi });
    if (patch.facts) changes.facts = JSON.stringify({ ...parsed(target.facts), ...patch.facts });
    if (patch.keys) Object.assign(changes, definedKeyColumns(patch.keys));
    const next = patch.status;
    await trx.updateTable('documents')
      .set((eb) => ({ ...changes, ...(next ? { status: eb.case().when('status', 'in', replaceableBy(next)).then(next).else(eb.ref('status')).end() } : {}) }))
      .where('id', '=', target.id)
      .execute();
    const keys = keyRows(target.id, patch.keys);
    if (keys.length) await insertChunks(trx, 'document_keys', keys, true);
    if (patch.canonical) {
      const row = { ...patch.canonical, document_id: target.id };
      await trx.insertInto('document_payloads').values(row)
        .onConflict((conflict) => conflict.columns(['document_id', 'kind']).doUpdateSet({ body: row.body, content_type: row.content_type, size_bytes: row.size_bytes, truncated: row.truncated, stored_at: row.stored_at }))
        .execute();
    }
  }
}

function parsed(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try { return JSON.parse(text) as Record<string, unknown>; } catch { return {}; }
}

function definedKeyColumns(keys: BusinessKeys): Partial<DocumentRow> {
  const columns: Partial<DocumentRow> = {};
  for (const [name, column] of KEY_COLUMNS) {
    const value = keys[name];
    if (value) columns[column] = value.slice(0, 128);
  }
  return columns;
}
