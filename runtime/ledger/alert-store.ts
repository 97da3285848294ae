// Alerts in SQL: raised once per dedupe key with their outbox rows, listed and paged, and moved open -> acknowledged -> resolved with an audit trail.
import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { BusinessKeys } from '../../nodes/sdk/index.js';
import type { SqlDatabase } from '../store/sql/sql-database.js';
import type { AlertDeliveryRow, AlertEventRow, AlertRow, SqlSchema } from '../store/sql/sql-schema.js';

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';
export const ALERT_STATUSES: readonly AlertStatus[] = ['open', 'acknowledged', 'resolved'];
export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertEventType = 'raised' | 'delivered' | 'delivery-failed' | 'acknowledged' | 'commented' | 'resolved';

/** The actor of what the runtime does itself (raising, delivering, resolving on a late acknowledgement). */
export const SYSTEM_ACTOR = 'system';

export interface Alert {
  id: string;
  dedupeKey: string;
  /** What happened, dotted: sla.ack-overdue, sla.functional-ack-overdue, sla.asn-missing, sla.asn-late. */
  kind: string;
  severity: AlertSeverity;
  status: AlertStatus;
  partnerId?: string;
  subject: string;
  message?: string;
  documentId?: string;
  documentType?: string;
  poNumber?: string;
  keys: BusinessKeys;
  dueAt?: string;
  raisedAt: string;
  updatedAt: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  resolvedAt?: string;
  resolvedBy?: string;
  resolution?: string;
}

export interface AlertEvent {
  id: string;
  type: AlertEventType;
  actor: string;
  at: string;
  comment?: string;
  details?: Record<string, unknown>;
}

export interface AlertDelivery {
  channel: string;
  /** Where it goes, without secrets: the webhook's origin and path, or the e-mail recipients. */
  target: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt?: string;
  lastError?: string;
  deliveredAt?: string;
}

export interface AlertInput {
  dedupeKey: string;
  kind: string;
  severity: AlertSeverity;
  subject: string;
  message?: string;
  partnerId?: string;
  documentId?: string;
  documentType?: string;
  poNumber?: string;
  keys?: BusinessKeys;
  /** Epoch ms. */
  dueAt?: number;
}

/** One outbox row to create with the alert. */
export interface DeliveryTarget {
  channel: string;
  target: string;
}

export interface AlertFilters {
  status?: AlertStatus;
  partner?: string;
  kind?: string;
  severity?: AlertSeverity;
  poNumber?: string;
  from?: number;
  to?: number;
  limit?: number;
  cursor?: string;
}

export class AlertNotFoundError extends Error {}
/** The alert is not in a state that allows the change (acknowledging a resolved alert). */
export class AlertStateError extends Error {
  constructor(message: string, readonly status: AlertStatus) {
    super(message);
  }
}
export class InvalidAlertCursorError extends Error {}

const DEFAULT_LIMIT = 50;

/** Time-ordered ids: within one alert, events sort by id in the order they happened. */
let lastIdAt = 0;
let idSequence = 0;
export function timeOrderedId(prefix: string, now: number): string {
  idSequence = now === lastIdAt ? idSequence + 1 : 0;
  lastIdAt = now;
  return `${prefix}${now.toString(36).padStart(9, '0')}${idSequence.toString(36).padStart(4, '0')}${randomBytes(4).toString('hex')}`;
}

const iso = (value: number | null): string | undefined => (value === null ? undefined : new Date(value).toISOString());

function parseObject<T>(text: string | null): T | undefined {
  if (!text) return undefined;
  try { return JSON.parse(text) as T; } catch { return undefined; }
}

export function alertOfRow(row: AlertRow): Alert {
  const optional: Partial<Alert> = {
    partnerId: row.partner_id ?? undefined, message: row.message ?? undefined, documentId: row.document_id ?? undefined, documentType: row.document_type ?? undefined,
    poNumber: row.po_number ?? undefined, dueAt: iso(row.due_at), acknowledgedAt: iso(row.acknowledged_at), acknowledgedBy: row.acknowledged_by ?? undefined,
    resolvedAt: iso(row.resolved_at), resolvedBy: row.resolved_by ?? undefined, resolution: row.resolution ?? undefined,
  };
  const defined = Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined));
  return {
    id: row.id, dedupeKey: row.dedupe_key, kind: row.kind, severity: row.severity as AlertSeverity, status: row.status as AlertStatus, subject: row.subject,
    keys: parseObject<BusinessKeys>(row.keys) ?? {}, raisedAt: new Date(row.raised_at).toISOString(), updatedAt: new Date(row.updated_at).toISOString(), ...defined,
  };
}

function eventOfRow(row: AlertEventRow): AlertEvent {
  const details = parseObject<Record<string, unknown>>(row.details);
  return { id: row.id, type: row.type as AlertEventType, actor: row.actor, at: new Date(row.at).toISOString(), ...(row.comment ? { comment: row.comment } : {}), ...(details ? { details } : {}) };
}

function deliveryOfRow(row: AlertDeliveryRow): AlertDelivery {
  return {
    channel: row.channel, target: row.target, status: row.status as AlertDelivery['status'], attempts: row.attempts,
    ...(row.status === 'pending' ? { nextAttemptAt: new Date(row.next_attempt_at).toISOString() } : {}),
    ...(row.last_error ? { lastError: row.last_error } : {}), ...(row.delivered_at !== null ? { deliveredAt: new Date(row.delivered_at).toISOString() } : {}),
  };
}

function encodeCursor(row: Pick<AlertRow, 'raised_at' | 'id'>): string {
  return Buffer.from(`${row.raised_at}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: number; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || !/^[0-9]+$/.test(at)) throw new InvalidAlertCursorError('cursor is not one this server issued');
  return { at: Number(at), id };
}

export class AlertStore {
  constructor(private readonly database: SqlDatabase, private readonly now: () => number) {}

  /**
   * Inserts the alert unless one with its dedupe key exists, and in the same transaction its "raised" event and one
   * outbox row per delivery target: a crash after the commit leaves the deliveries pending, never lost.
   */
  async raise(input: AlertInput, targets: readonly DeliveryTarget[]): Promise<{ id: string; created: boolean }> {
    const at = this.now();
    const id = timeOrderedId('a', at);
    return this.database.db.transaction().execute(async (trx) => {
      const inserted = await trx.insertInto('alerts').values({
        id, dedupe_key: input.dedupeKey.slice(0, 200), kind: input.kind, severity: input.severity, status: 'open', partner_id: input.partnerId ?? null,
        subject: input.subject.slice(0, 300), message: input.message ?? null, document_id: input.documentId ?? null, document_type: input.documentType ?? null,
        po_number: input.poNumber?.slice(0, 128) ?? null, keys: input.keys ? JSON.stringify(input.keys) : null, due_at: input.dueAt ?? null,
        raised_at: at, updated_at: at, acknowledged_at: null, acknowledged_by: null, resolved_at: null, resolved_by: null, resolution: null,
      }).onConflict((conflict) => conflict.column('dedupe_key').doNothing()).returning('id').executeTakeFirst();
      if (!inserted) {
        const existing = await trx.selectFrom('alerts').select('id').where('dedupe_key', '=', input.dedupeKey.slice(0, 200)).executeTakeFirstOrThrow();
        return { id: existing.id, created: false };
      }
      await this.appendEvent(trx, id, 'raised', SYSTEM_ACTOR, at, null, { kind: input.kind, channels: targets.map((target) => target.channel) });
      if (targets.length) {
        await trx.insertInto('alert_deliveries').values(targets.map((target) => ({
          alert_id: id, channel: target.channel, target: target.target.slice(0, 300), status: 'pending', attempts: 0, next_attempt_at: at, lease_until: null, last_error: null, delivered_at: null, created_at: at,
        }))).execute();
      }
      return { id, created: true };
    });
  }

  async get(id: string): Promise<Alert | undefined> {
    const row = await this.database.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? alertOfRow(row) : undefined;
  }

  /** One alert with its audit trail (oldest first) and its deliveries. */
  async detail(id: string): Promise<{ alert: Alert; events: AlertEvent[]; deliveries: AlertDelivery[] } | undefined> {
    const alert = await this.get(id);
    if (!alert) return undefined;
    const [events, deliveries] = await Promise.all([
      this.database.db.selectFrom('alert_events').selectAll().where('alert_id', '=', id).orderBy('at').orderBy('id').execute(),
      this.database.db.selectFrom('alert_deliveries').selectAll().where('alert_id', '=', id).orderBy('channel').execute(),
    ]);
    return { alert, events: events.map(eventOfRow), deliveries: deliveries.map(deliveryOfRow) };
  }

  /** Newest first; nextCursor is set when older alerts match too. */
  async list(filters: AlertFilters): Promise<{ alerts: Alert[]; nextCursor?: string }> {
    const limit = filters.limit ?? DEFAULT_LIMIT;
    let query = this.database.db.selectFrom('alerts').selectAll();
    if (filters.status) query = query.where('status', '=', filters.status);
    if (filters.partner) query = query.where('partner_id', '=', filters.partner);
    if (filters.kind) query = query.where('kind', '=', filters.kind);
    if (filters.severity) query = query.where('severity', '=', filters.severity);
    if (filters.poNumber) query = query.where('po_number', '=', filters.poNumber);
    if (filters.from !== undefined) query = query.where('raised_at', '>=', filters.from);
    if (filters.to !== undefined) query = query.where('raised_at', '<=', filters.to);
    if (filters.cursor) {
      const { at, id } = decodeCursor(filters.cursor);
      query = query.where((where) => where.or([where('raised_at', '<', at), where.and([where('raised_at', '=', at), where('id', '<', id)])]));
    }
    const rows = await query.orderBy('raised_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { alerts: page.map(alertOfRow), ...(rows.length > limit && last ? { nextCursor: encodeCursor(last) } : {}) };
  }

  /** How many alerts are in each status (for the list's header). */
  async counts(filters: Pick<AlertFilters, 'partner' | 'kind'> = {}): Promise<Record<AlertStatus, number>> {
    let query = this.database.db.selectFrom('alerts').select((eb) => ['status', eb.fn.countAll<number>().as('count')]).groupBy('status');
    if (filters.partner) query = query.where('partner_id', '=', filters.partner);
    if (filters.kind) query = query.where('kind', '=', filters.kind);
    const counts: Record<AlertStatus, number> = { open: 0, acknowledged: 0, resolved: 0 };
    for (const row of await query.execute()) if (row.status in counts) counts[row.status as AlertStatus] = Number(row.count);
    return counts;
  }

  async acknowledge(id: string, actor: string, comment?: string): Promise<Alert> {
    return this.transition(id, actor, 'acknowledged', ['open'], comment ?? null, (at) => ({ status: 'acknowledged', acknowledged_at: at, acknowledged_by: actor.slice(0, 64) }));
  }

  async resolve(id: string, actor: string, resolution: string): Promise<Alert> {
    return this.transition(id, actor, 'resolved', ['open', 'acknowledged'], resolution, (at) => ({ status: 'resolved', resolved_at: at, resolved_by: actor.slice(0, 64), resolution }));
  }

  async comment(id: string, actor: string, comment: string): Promise<Alert> {
    return this.transition(id, actor, 'commented', ALERT_STATUSES, comment, () => ({}));
  }

  /** Records a delivery outcome in the alert's trail (the outbox row itself is updated by the outbox). */
  async recordDeliveryEvent(id: string, type: 'delivered' | 'delivery-failed', details: Record<string, unknown>): Promise<void> {
    await this.appendEvent(this.database.db, id, type, SYSTEM_ACTOR, this.now(), null, details);
  }

  /** Alerts of one kind not resolved yet, oldest first: what a late acknowledgement may clear. */
  async unresolved(kind: string, limit: number): Promise<Alert[]> {
    const rows = await this.database.db.selectFrom('alerts').selectAll().where('kind', '=', kind).where('status', '!=', 'resolved').orderBy('raised_at').orderBy('id').limit(limit).execute();
    return rows.map(alertOfRow);
  }

  /** Open and acknowledged alerts of one purchase order, for its lifecycle. */
  async unresolvedOfPurchaseOrder(poNumber: string): Promise<Alert[]> {
    const rows = await this.database.db.selectFrom('alerts').selectAll().where('po_number', '=', poNumber).where('status', '!=', 'resolved').orderBy('raised_at').limit(100).execute();
    return rows.map(alertOfRow);
  }

  /** Alerts (any status) of these documents, by document id: the overdue view shows each breach's alert. */
  async ofDocuments(documentIds: readonly string[]): Promise<Alert[]> {
    if (!documentIds.length) return [];
    const rows = await this.database.db.selectFrom('alerts').selectAll().where('document_id', 'in', [...documentIds]).execute();
    return rows.map(alertOfRow);
  }

  /** Unresolved alerts per partner and kind: the gauge of open SLA breaches. */
  async unresolvedByPartner(kindPrefix = 'sla.'): Promise<Array<{ partnerId: string; kind: string; open: number }>> {
    const rows = await this.database.db.selectFrom('alerts')
      .select((eb) => ['partner_id', 'kind', eb.fn.countAll<number>().as('open')])
      .where('status', '!=', 'resolved').where('kind', 'like', `${kindPrefix}%`)
      .groupBy(['partner_id', 'kind']).execute();
    return rows.map((row) => ({ partnerId: row.partner_id ?? '', kind: row.kind, open: Number(row.open) }));
  }

  private async transition(
    id: string, actor: string, type: AlertEventType, from: readonly AlertStatus[], comment: string | null, changes: (at: number) => Partial<AlertRow>,
  ): Promise<Alert> {
    const at = this.now();
    return this.database.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('alerts').select('status').where('id', '=', id).executeTakeFirst();
      if (!current) throw new AlertNotFoundError(`alert "${id}" does not exist`);
      // Conditional on the status read: two operators resolving at once cannot both succeed.
      const updated = await trx.updateTable('alerts').set({ ...changes(at), updated_at: at }).where('id', '=', id).where('status', 'in', [...from]).executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new AlertStateError(`alert "${id}" is ${current.status}; it cannot be ${type === 'commented' ? 'commented on' : type}`, current.status as AlertStatus);
      await this.appendEvent(trx, id, type, actor, at, comment, undefined);
      const row = await trx.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return alertOfRow(row);
    });
  }

  private async appendEvent(
    db: Transaction<SqlSchema> | SqlDatabase['db'], alertId: string, type: AlertEventType, actor: string, at: number, comment: string | null, details: Record<string, unknown> | undefined,
  ): Promise<void> {
    await db.insertInto('alert_events').values({ id: timeOrderedId('e', at), alert_id: alertId, type, actor: actor.slice(0, 64), at, comment, details: details ? JSON.stringify(details) : null }).execute();
  }
}
