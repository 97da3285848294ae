// SQL aggregations for the SLA board and partner scorecard: acknowledgement response times, documents and refusals, ship-notice compliance.
import { sql, type Kysely } from 'kysely';
import type { SqlSchema } from '../store/sql/sql-schema.js';
import { SLA_ALERT_KINDS } from './sla-rules.js';
import { ACKNOWLEDGEMENT, PURCHASE_ORDER, SHIP_NOTICE } from './sla-queries.js';

type Db = Kysely<SqlSchema>;

const HOUR = 3_600_000;
/** Upper bounds (hours) of the response-time histogram; one more bucket holds everything slower. */
export const ACK_BUCKET_HOURS = [1, 4, 8, 24, 48, 72] as const;

export interface Range { from: number; to: number; partnerId?: string }

export interface AckResponseRow {
  partnerId: string;
  purchaseOrders: number;
  acknowledged: number;
  /** Per bucket of ACK_BUCKET_HOURS plus the open-ended one. */
  buckets: number[];
  /** Within the partner's ackWithinHours; null when the partner has no such rule. */
  onTime: number | null;
  averageMs: number | null;
}

const count = (value: unknown): number => Number(value ?? 0);

/**
 * Per partner: purchase orders sent in the range, how soon each was first acknowledged (buckets, average) and how many
 * within the partner's window. One row per order inside (first acknowledgement by MIN), one row per partner outside.
 */
export async function ackResponseTimes(db: Db, range: Range, windows: ReadonlyMap<string, number>): Promise<AckResponseRow[]> {
  let perOrder = db.selectFrom('documents as po')
    .leftJoin('documents as ack', (join) => join.onRef('ack.po_number', '=', 'po.po_number').onRef('ack.partner_id', '=', 'po.partner_id')
      .on('ack.document_type', '=', ACKNOWLEDGEMENT).on('ack.status', '!=', 'refused'))
    .select((eb) => ['po.id as id', 'po.partner_id as partner_id', 'po.received_at as sent_at', eb.fn.min('ack.received_at').as('first_ack_at')])
    .where('po.document_type', '=', PURCHASE_ORDER).where('po.direction', '=', 'out').where('po.partner_id', 'is not', null)
    .where('po.received_at', '>=', range.from).where('po.received_at', '<=', range.to)
    .groupBy(['po.id', 'po.partner_id', 'po.received_at']);
  if (range.partnerId) perOrder = perOrder.where('po.partner_id', '=', range.partnerId);
  // An acknowledgement recorded before its order (same PO number, an earlier order) counts as immediate, never negative.
  const latency = sql`(case when o.first_ack_at < o.sent_at then 0 else o.first_ack_at - o.sent_at end)`;
  const within = (ms: number) => sql<number>`sum(case when ${latency} <= ${sql.lit(Math.round(ms))} then 1 else 0 end)`;
  const windowOf = windows.size
    ? sql`(case ${sql.join([...windows].map(([partnerId, ms]) => sql`when o.partner_id = ${partnerId} then ${sql.lit(Math.round(ms))}`), sql` `)} else null end)`
    : sql`null`;
  const rows = await db.selectFrom(perOrder.as('o'))
    .select((eb) => [
      'o.partner_id',
      eb.fn.countAll().as('orders'),
      eb.fn.count('o.first_ack_at').as('acknowledged'),
      ...ACK_BUCKET_HOURS.map((hours, index) => within(hours * HOUR).as(`b${index}`)),
      sql<number>`avg(${latency})`.as('average_ms'),
      sql<number>`sum(case when ${latency} <= ${windowOf} then 1 else 0 end)`.as('on_time'),
    ])
    .groupBy('o.partner_id').execute();
  return rows.map((row) => {
    const record = row as Record<string, unknown>;
    const cumulative = ACK_BUCKET_HOURS.map((_hours, index) => count(record[`b${index}`]));
    const acknowledged = count(row.acknowledged);
    const buckets = [...cumulative.map((value, index) => value - (index ? cumulative[index - 1]! : 0)), acknowledged - (cumulative[cumulative.length - 1] ?? 0)];
    const partnerId = row.partner_id ?? '';
    return {
      partnerId, purchaseOrders: count(row.orders), acknowledged, buckets,
      onTime: windows.has(partnerId) ? count(record.on_time) : null,
      averageMs: record.average_ms === null || record.average_ms === undefined ? null : Number(record.average_ms),
    };
  });
}

/** Per partner: documents exchanged in the range (not their ERP posts or webhooks) and how many were refused. */
export async function documentCounts(db: Db, range: Range): Promise<Array<{ partnerId: string; documents: number; refused: number }>> {
  let query = db.selectFrom('documents')
    .select((eb) => ['partner_id', eb.fn.countAll().as('documents'), sql<number>`sum(case when status = 'refused' then 1 else 0 end)`.as('refused')])
    .where('partner_id', 'is not', null).where('parent_id', 'is', null).where('received_at', '>=', range.from).where('received_at', '<=', range.to)
    .groupBy('partner_id');
  if (range.partnerId) query = query.where('partner_id', '=', range.partnerId);
  const rows = await query.execute();
  return rows.map((row) => ({ partnerId: row.partner_id ?? '', documents: count(row.documents), refused: count(row.refused) }));
}

export interface ShipNoticeCompliance { partnerId: string; onTime: number; late: number; missing: number }

/**
 * Ship notices received in the range: late when a lateness alert was raised for it, or its order's missing-notice alert
 * was raised before it came; on time otherwise. Missing: missing-notice alerts raised in the range whose order still has none.
 */
export async function shipNoticeCompliance(db: Db, range: Range): Promise<ShipNoticeCompliance[]> {
  const late = sql<number>`sum(case when exists (select 1 from alerts a where a.document_id = d.id and a.kind = ${SLA_ALERT_KINDS['asn-late']})
    or exists (select 1 from alerts m where m.kind = ${SLA_ALERT_KINDS['asn-missing']} and m.partner_id = d.partner_id and m.po_number = d.po_number and m.raised_at <= d.received_at)
    then 1 else 0 end)`;
  let received = db.selectFrom('documents as d')
    .select((eb) => ['d.partner_id', eb.fn.countAll().as('notices'), late.as('late')])
    .where('d.document_type', '=', SHIP_NOTICE).where('d.direction', '=', 'in').where('d.status', '!=', 'refused').where('d.partner_id', 'is not', null)
    .where('d.received_at', '>=', range.from).where('d.received_at', '<=', range.to)
    .groupBy('d.partner_id');
  if (range.partnerId) received = received.where('d.partner_id', '=', range.partnerId);
  let missing = db.selectFrom('alerts as m')
    .select((eb) => ['m.partner_id', eb.fn.countAll().as('missing')])
    .where('m.kind', '=', SLA_ALERT_KINDS['asn-missing']).where('m.raised_at', '>=', range.from).where('m.raised_at', '<=', range.to)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('documents as asn').select('asn.id')
      .whereRef('asn.po_number', '=', 'm.po_number').whereRef('asn.partner_id', '=', 'm.partner_id').where('asn.document_type', '=', SHIP_NOTICE).where('asn.status', '!=', 'refused'))))
    .groupBy('m.partner_id');
  if (range.partnerId) missing = missing.where('m.partner_id', '=', range.partnerId);
  const byPartner = new Map<string, ShipNoticeCompliance>();
  const entry = (partnerId: string) => byPartner.get(partnerId) ?? byPartner.set(partnerId, { partnerId, onTime: 0, late: 0, missing: 0 }).get(partnerId)!;
  for (const row of await received.execute()) {
    const target = entry(row.partner_id ?? '');
    target.late = count(row.late);
    target.onTime = count(row.notices) - target.late;
  }
  for (const row of await missing.execute()) entry(row.partner_id ?? '').missing = count(row.missing);
  return [...byPartner.values()];
}
