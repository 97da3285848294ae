// The SQL behind the SLA rules: documents still waiting for what their partner owes (acknowledgement, 997, ship notice), and what arrived since.
import type { Kysely } from 'kysely';
import type { SqlSchema, DocumentRow } from '../store/sql/sql-schema.js';

type Db = Kysely<SqlSchema>;

export const PURCHASE_ORDER = 'purchaseOrder';
export const ACKNOWLEDGEMENT = 'acknowledgement';
export const SHIP_NOTICE = 'asn';
/**
 * The writer stores edi as JSON.stringify output (no spaces), on insert and on every merge, so this pattern finds an
 * interchange still expecting its 997 on both engines without JSON functions, which SQLite and Postgres spell differently.
 */
const EXPECTING_FUNCTIONAL_ACK = '%"ackStatus":"expected"%';

/** Keyset position for paging ascending by (received_at, id). */
export interface Position { at: number; id: string }

export interface PageOptions {
  partnerId: string;
  limit: number;
  after?: Position;
  /** Leave out documents that already have an alert of this kind. */
  withoutAlertKind?: string;
}

function page<T extends { received_at: number; id: string }>(rows: T[], limit: number): { rows: T[]; next?: Position } {
  const last = rows[rows.length - 1];
  return { rows, ...(rows.length === limit && last ? { next: { at: last.received_at, id: last.id } } : {}) };
}

function baseQuery(db: Db, options: PageOptions) {
  let query = db.selectFrom('documents as d').selectAll('d').where('d.partner_id', '=', options.partnerId);
  if (options.after) {
    const { at, id } = options.after;
    query = query.where((where) => where.or([where('d.received_at', '>', at), where.and([where('d.received_at', '=', at), where('d.id', '>', id)])]));
  }
  if (options.withoutAlertKind) {
    const kind = options.withoutAlertKind;
    query = query.where(({ not, exists, selectFrom }) => not(exists(selectFrom('alerts').select('alerts.id').whereRef('alerts.document_id', '=', 'd.id').where('alerts.kind', '=', kind))));
  }
  return query.orderBy('d.received_at').orderBy('d.id').limit(options.limit);
}

/** Purchase orders sent at or before sentBefore that no acknowledgement (other than a refused one) answers yet. */
export async function unacknowledgedPurchaseOrders(db: Db, options: PageOptions & { sentBefore: number }) {
  const rows = await baseQuery(db, options)
    .where('d.document_type', '=', PURCHASE_ORDER).where('d.direction', '=', 'out').where('d.status', 'in', ['sent', 'overdue'])
    .where('d.po_number', 'is not', null).where('d.received_at', '<=', options.sentBefore)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('documents as ack').select('ack.id')
      .whereRef('ack.po_number', '=', 'd.po_number').whereRef('ack.partner_id', '=', 'd.partner_id')
      .where('ack.document_type', '=', ACKNOWLEDGEMENT).where('ack.status', '!=', 'refused'))))
    .execute();
  return page(rows, options.limit);
}

/** Outbound documents sent at or before sentBefore whose functional acknowledgement (997/999/CONTRL) is still expected. */
export async function interchangesAwaitingFunctionalAck(db: Db, options: PageOptions & { sentBefore: number }) {
  const rows = await baseQuery(db, options)
    .where('d.direction', '=', 'out').where('d.edi', 'like', EXPECTING_FUNCTIONAL_ACK).where('d.received_at', '<=', options.sentBefore)
    .where('d.status', 'not in', ['refused', 'failed', 'dead-lettered'])
    .execute();
  return page(rows, options.limit);
}

/** Purchase orders in flight (sent, acknowledged or overdue) with no ship notice yet. */
export async function purchaseOrdersWithoutShipNotice(db: Db, options: PageOptions) {
  const rows = await baseQuery(db, options)
    .where('d.document_type', '=', PURCHASE_ORDER).where('d.direction', '=', 'out').where('d.status', 'in', ['sent', 'acknowledged', 'overdue'])
    .where('d.po_number', 'is not', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('documents as asn').select('asn.id')
      .whereRef('asn.po_number', '=', 'd.po_number').whereRef('asn.partner_id', '=', 'd.partner_id')
      .where('asn.document_type', '=', SHIP_NOTICE).where('asn.status', '!=', 'refused'))))
    .execute();
  return page(rows, options.limit);
}

/** Ship notices received since the given time (the lateness check looks at each for a while after it arrives). */
export async function shipNoticesSince(db: Db, options: PageOptions & { since: number }) {
  const rows = await baseQuery(db, options)
    .where('d.document_type', '=', SHIP_NOTICE).where('d.direction', '=', 'in').where('d.status', '!=', 'refused').where('d.received_at', '>=', options.since)
    .execute();
  return page(rows, options.limit);
}

/** The acknowledgements of these purchase orders (not refused), oldest first: the newest promise wins. */
export async function acknowledgementsOf(db: Db, partnerId: string, poNumbers: readonly string[]): Promise<Array<Pick<DocumentRow, 'id' | 'po_number' | 'facts' | 'received_at'>>> {
  if (!poNumbers.length) return [];
  return db.selectFrom('documents').select(['id', 'po_number', 'facts', 'received_at'])
    .where('partner_id', '=', partnerId).where('document_type', '=', ACKNOWLEDGEMENT).where('status', '!=', 'refused').where('po_number', 'in', [...poNumbers])
    .orderBy('received_at').execute();
}

/** When the first document of a type (not refused) arrived for each PO number of a partner. */
export async function firstArrivals(db: Db, documentType: string, partnerId: string, poNumbers: readonly string[]): Promise<Map<string, number>> {
  if (!poNumbers.length) return new Map();
  const rows = await db.selectFrom('documents').select((eb) => ['po_number', eb.fn.min<number>('received_at').as('first_at')])
    .where('partner_id', '=', partnerId).where('document_type', '=', documentType).where('status', '!=', 'refused').where('po_number', 'in', [...poNumbers])
    .groupBy('po_number').execute();
  return new Map(rows.filter((row) => row.po_number !== null).map((row) => [row.po_number!, Number(row.first_at)]));
}

/** Purchase orders still sent or overdue although an acknowledgement arrived: they become acknowledged. */
export async function acknowledgedPurchaseOrders(db: Db, limit: number) {
  return db.selectFrom('documents as po')
    .innerJoin('documents as ack', (join) => join.onRef('ack.po_number', '=', 'po.po_number').onRef('ack.partner_id', '=', 'po.partner_id'))
    .select((eb) => ['po.id as id', 'po.partner_id as partner_id', 'po.po_number as po_number', 'po.received_at as received_at', eb.fn.min<number>('ack.received_at').as('first_ack_at')])
    .where('po.document_type', '=', PURCHASE_ORDER).where('po.direction', '=', 'out').where('po.status', 'in', ['sent', 'overdue'])
    .where('ack.document_type', '=', ACKNOWLEDGEMENT).where('ack.status', '!=', 'refused')
    .groupBy(['po.id', 'po.partner_id', 'po.po_number', 'po.received_at'])
    .limit(limit).execute();
}

export async function documentsByIds(db: Db, ids: readonly string[]): Promise<Array<Pick<DocumentRow, 'id' | 'status' | 'edi' | 'document_type'>>> {
  if (!ids.length) return [];
  return db.selectFrom('documents').select(['id', 'status', 'edi', 'document_type']).where('id', 'in', [...ids]).execute();
}
