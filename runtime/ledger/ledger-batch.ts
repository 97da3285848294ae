// Writes one batch of ledger operations in call order: consecutive records become multi-row inserts, and a patch of a document
// recorded in the same batch is folded into its row, so a message's record and its first status changes cost one insert.
import { sql, type Transaction } from 'kysely';
import type { BusinessKeys, EdiControl, EdiControlReference, LedgerReference, LedgerStatus } from '../../nodes/sdk/index.js';
import { BUSINESS_KEY_NAMES, ediControlMatches, withoutLeadingZeros } from '../../nodes/sdk/index.js';
import type { DocumentKeyRow, DocumentPayloadRow, DocumentRow, SqlSchema } from '../store/sql/sql-schema.js';
import type { SqlDialectName } from '../store/sql/sql-database.js';
import { insertRows, mergeableInSql, updateRow, type BulkInsert } from '../store/sql/compiled-statements.js';
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

/** A status change of a document a patch found by EDI control numbers: only the write knows which documents that was. */
export interface ResolvedStatusChange {
  id: string;
  status: LedgerStatus;
  direction: string;
  channel: string;
  documentType: string;
  partnerId?: string;
  flowId?: string;
  at: number;
}

/** The open transaction a batch writes in, and its dialect (the compiled statements' placeholders differ). */
export interface BatchTarget {
  trx: Transaction<SqlSchema>;
  dialect: SqlDialectName;
}

// Every column of each table, checked complete by the compiler: a column left out here would be stored as NULL.
const documentColumns: Record<keyof DocumentRow, true> = {
  id: true, direction: true, channel: true, document_type: true, status: true, correlation_id: true, partner_id: true, flow_id: true,
  flow_version: true, node_id: true, parent_id: true, po_number: true, ack_number: true, shipment_id: true, invoice_number: true,
  customer_order_number: true, http_status: true, duration_ms: true, size_bytes: true, errors: true, edi: true, facts: true, received_at: true, updated_at: true,
};
const keyColumns: Record<keyof DocumentKeyRow, true> = { token: true, document_id: true, key_name: true };
const payloadColumns: Record<keyof DocumentPayloadRow, true> = { document_id: true, kind: true, body: true, content_type: true, size_bytes: true, truncated: true, stored_at: true };

const DOCUMENTS: BulkInsert<DocumentRow> = { table: 'documents', columns: Object.keys(documentColumns) as Array<keyof DocumentRow> };
const DOCUMENT_KEYS: BulkInsert<DocumentKeyRow> = { table: 'document_keys', columns: Object.keys(keyColumns) as Array<keyof DocumentKeyRow>, ignoreDuplicates: true };
const DOCUMENT_PAYLOADS: BulkInsert<DocumentPayloadRow> = { table: 'document_payloads', columns: Object.keys(payloadColumns) as Array<keyof DocumentPayloadRow> };

export function keyRows(documentId: string, keys: BusinessKeys | undefined): DocumentKeyRow[] {
  const rows: DocumentKeyRow[] = [];
  for (const name of BUSINESS_KEY_NAMES) {
    const value = keys?.[name];
    if (typeof value !== 'string' || !value) continue;
    for (const token of keyTokens(value)) rows.push({ token, document_id: documentId, key_name: name });
  }
  return rows;
}

/**
 * Writes the batch; returns the status changes of documents found by EDI control numbers, for the writer's listeners.
 * Records go in as one multi-row insert per segment, and the segment's patches by document id follow in order: such a
 * patch names a document recorded before it, and a record creates only its own rows, so the two commute. A patch by
 * correlation id or EDI control numbers may touch any row, so it ends the segment and runs in its place.
 */
export async function writeBatch(target: BatchTarget, batch: readonly Operation[]): Promise<ResolvedStatusChange[]> {
  let inserts: InsertOperation[] = [];
  let patches: UpdateOperation[] = [];
  const resolved: ResolvedStatusChange[] = [];
  const writeSegment = async () => {
    await insertDocuments(target, inserts);
    for (const patch of patches) await applyPatch(target, patch.reference, patch.patch, patch.at);
    inserts = [];
    patches = [];
  };
  for (const operation of foldPatches(batch)) {
    if (operation.op === 'insert') inserts.push(operation);
    else if (operation.reference.documentId) patches.push(operation);
    else {
      await writeSegment();
      if (operation.reference.correlationId) await applyPatch(target, operation.reference, operation.patch, operation.at);
      else if (operation.reference.ediControl) resolved.push(...await applyEdiPatch(target, operation.reference.ediControl, operation.patch, operation.at));
    }
  }
  await writeSegment();
  return resolved;
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

async function insertDocuments({ trx, dialect }: BatchTarget, inserts: readonly InsertOperation[]): Promise<void> {
  if (!inserts.length) return;
  await insertRows(trx, dialect, DOCUMENTS, inserts.map((operation) => operation.row));
  await insertRows(trx, dialect, DOCUMENT_KEYS, inserts.flatMap((operation) => operation.keys));
  await insertRows(trx, dialect, DOCUMENT_PAYLOADS, inserts.flatMap((operation) => operation.payloads));
}

async function targetsOf(trx: Transaction<SqlSchema>, reference: LedgerReference): Promise<Array<Pick<DocumentRow, 'id' | 'edi' | 'facts'>>> {
  let query = trx.selectFrom('documents').select(['id', 'edi', 'facts']);
  // By correlation id: the documents that started the exchange, not the ERP posts and webhooks that belong to them.
  query = reference.documentId ? query.where('id', '=', reference.documentId) : query.where('correlation_id', '=', reference.correlationId!).where('parent_id', 'is', null);
  return query.execute();
}

async function applyPatch(target: BatchTarget, reference: LedgerReference, patch: PreparedPatch, at: number, known?: Pick<DocumentRow, 'id' | 'edi' | 'facts'>): Promise<void> {
  const { trx, dialect } = target;
  // Most patches name their document and merge nothing: one statement, no read.
  // A patch by id merges its facts and EDI fields in SQL when it can, so it needs no read either.
  const mergeInSql = !known && !!reference.documentId && [patch.edi, patch.facts].every((keys) => !keys || mergeableInSql(keys));
  const needsRead = !known && !mergeInSql && (!reference.documentId || patch.edi || patch.facts);
  const targets = known ? [known] : needsRead ? await targetsOf(trx, reference) : [{ id: reference.documentId!, edi: null, facts: null }];
  for (const document of targets) {
    const changes: Partial<DocumentRow> = { updated_at: at };
    if (patch.documentType) changes.document_type = patch.documentType;
    if (patch.errors) changes.errors = patch.errors;
    if (patch.httpStatus !== undefined) changes.http_status = patch.httpStatus;
    const merged: Record<string, Record<string, unknown>> = {};
    for (const column of ['edi', 'facts'] as const) {
      const keys = patch[column];
      if (!keys) continue;
      if (mergeInSql) merged[column] = keys;
      else changes[column] = JSON.stringify({ ...parsed(document[column]), ...keys });
    }
    if (patch.keys) Object.assign(changes, definedKeyColumns(patch.keys));
    const next = patch.status;
    await updateRow(trx, dialect, { table: 'documents', id: document.id, set: changes, merged, ...(next ? { guarded: { column: 'status', value: next, from: replaceableBy(next) } } : {}) });
    const keys = keyRows(document.id, patch.keys);
    if (keys.length) await insertRows(trx, dialect, DOCUMENT_KEYS, keys);
    if (patch.canonical) {
      const row = { ...patch.canonical, document_id: document.id };
      await trx.insertInto('document_payloads').values(row)
        .onConflict((conflict) => conflict.columns(['document_id', 'kind']).doUpdateSet({ body: row.body, content_type: row.content_type, size_bytes: row.size_bytes, truncated: row.truncated, stored_at: row.stored_at }))
        .execute();
    }
  }
}

/** How far back an acknowledgement looks for the documents it acknowledges (control numbers wrap, and 997s come within days). */
const EDI_CONTROL_LOOKBACK_MS = 60 * 24 * 60 * 60 * 1000;

/** A LIKE pattern that matches the JSON text of a control number with or without leading zeros; the exact check follows in code. */
function controlPattern(name: keyof EdiControl, value: string): string {
  const escaped = withoutLeadingZeros(value).replace(/[\\%_]/g, (character) => `\\${character}`);
  return `%"${name}":"%${escaped}"%`;
}

type EdiTarget = Pick<DocumentRow, 'id' | 'status' | 'edi' | 'facts' | 'direction' | 'channel' | 'document_type' | 'partner_id' | 'flow_id'>;

/** Documents of a partner whose EDI facts carry the named control numbers: narrowed in SQL (partner, time, LIKE), matched exactly in code. */
async function ediTargets(trx: Transaction<SqlSchema>, reference: EdiControlReference, at: number): Promise<EdiTarget[]> {
  let query = trx.selectFrom('documents').select(['id', 'status', 'edi', 'facts', 'direction', 'channel', 'document_type', 'partner_id', 'flow_id'])
    .where('partner_id', '=', reference.partnerId).where('received_at', '>=', at - EDI_CONTROL_LOOKBACK_MS)
    .where('direction', '=', reference.direction ?? 'out').where('edi', 'is not', null);
  for (const name of ['interchangeControl', 'groupControl', 'setControl'] as const) {
    const value = reference[name];
    if (typeof value === 'string') query = query.where(sql<boolean>`edi like ${controlPattern(name, value)} escape '\\'`);
  }
  const rows = await query.execute();
  return rows.filter((row) => ediControlMatches(reference, parsed(row.edi) as Partial<EdiControl>));
}

/** A patch of the documents an acknowledgement names by control numbers; each one's status change is reported back. */
async function applyEdiPatch(batchTarget: BatchTarget, reference: EdiControlReference, patch: PreparedPatch, at: number): Promise<ResolvedStatusChange[]> {
  const changes: ResolvedStatusChange[] = [];
  for (const target of await ediTargets(batchTarget.trx, reference, at)) {
    await applyPatch(batchTarget, { documentId: target.id }, patch, at, target);
    if (!patch.status || !statusMayReplace(target.status as LedgerStatus, patch.status)) continue;
    changes.push({
      id: target.id, status: patch.status, direction: target.direction, channel: target.channel, documentType: patch.documentType ?? target.document_type, at,
      ...(target.partner_id ? { partnerId: target.partner_id } : {}), ...(target.flow_id ? { flowId: target.flow_id } : {}),
    });
  }
  return changes;
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
