// Writes one batch of ledger operations in call order: consecutive records become multi-row inserts, and a patch of a document
// recorded in the same batch is folded into its row, so a message's record and its first status changes cost one insert.
import { sql, type Transaction } from 'kysely';
import type { BusinessKeys, EdiControl, EdiControlReference, LedgerReference, LedgerStatus } from '../../nodes/sdk/index.js';
import { BUSINESS_KEY_NAMES, ediControlMatches, withoutLeadingZeros } from '../../nodes/sdk/index.js';
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

/**
 * Writes the batch; returns the status changes of documents found by EDI control numbers, for the writer's listeners.
 * Records go in as one multi-row insert per segment, and the segment's patches by document id follow in order: such a
 * patch names a document recorded before it, and a record creates only its own rows, so the two commute. A patch by
 * correlation id or EDI control numbers may touch any row, so it ends the segment and runs in its place.
 */
export async function writeBatch(trx: Transaction<SqlSchema>, batch: readonly Operation[]): Promise<ResolvedStatusChange[]> {
  let inserts: InsertOperation[] = [];
  let patches: UpdateOperation[] = [];
  const resolved: ResolvedStatusChange[] = [];
  const writeSegment = async () => {
    await insertDocuments(trx, inserts);
    for (const patch of patches) await applyPatch(trx, patch.reference, patch.patch, patch.at);
    inserts = [];
    patches = [];
  };
  for (const operation of foldPatches(batch)) {
    if (operation.op === 'insert') inserts.push(operation);
    else if (operation.reference.documentId) patches.push(operation);
    else {
      await writeSegment();
      if (operation.reference.correlationId) await applyPatch(trx, operation.reference, operation.patch, operation.at);
      else if (operation.reference.ediControl) resolved.push(...await applyEdiPatch(trx, operation.reference.ediControl, operation.patch, operation.at));
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

async function applyPatch(trx: Transaction<SqlSchema>, reference: LedgerReference, patch: PreparedPatch, at: number, known?: Pick<DocumentRow, 'id' | 'edi' | 'facts'>): Promise<void> {
  // Most patches name their document and merge nothing: one statement, no read.
  const needsRead = !known && (!reference.documentId || patch.edi || patch.facts);
  const targets = known ? [known] : needsRead ? await targetsOf(trx, reference) : [{ id: reference.documentId!, edi: null, facts: null }];
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
async function applyEdiPatch(trx: Transaction<SqlSchema>, reference: EdiControlReference, patch: PreparedPatch, at: number): Promise<ResolvedStatusChange[]> {
  const changes: ResolvedStatusChange[] = [];
  for (const target of await ediTargets(trx, reference, at)) {
    await applyPatch(trx, { documentId: target.id }, patch, at, target);
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
