// The alert delivery outbox in SQL: claim due deliveries under a lease, then mark each delivered, retried later, or failed for good.
import type { SqlDatabase } from '../store/sql/sql-database.js';

export interface ClaimedDelivery {
  alertId: string;
  channel: string;
  /** 1 for the first try. */
  attempt: number;
}

export class AlertOutbox {
  constructor(private readonly database: SqlDatabase, private readonly now: () => number) {}

  /**
   * Claims up to `limit` due deliveries of these channels. The claim is a conditional update per row, so two workers
   * (two runtimes of a cluster) never both claim one; a worker that dies mid-send leaves the lease to run out, and the
   * delivery is tried again then (receivers dedupe by the alert id header).
   */
  async claimDue(channels: readonly string[], limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    if (!channels.length) return [];
    const at = this.now();
    const due = await this.database.db.selectFrom('alert_deliveries').select(['alert_id', 'channel', 'attempts'])
      .where('status', '=', 'pending').where('next_attempt_at', '<=', at).where('channel', 'in', [...channels])
      .where((where) => where.or([where('lease_until', 'is', null), where('lease_until', '<', at)]))
      .orderBy('next_attempt_at').limit(limit).execute();
    const claimed: ClaimedDelivery[] = [];
    for (const row of due) {
      const result = await this.database.db.updateTable('alert_deliveries').set({ lease_until: at + leaseMs, attempts: row.attempts + 1 })
        .where('alert_id', '=', row.alert_id).where('channel', '=', row.channel).where('status', '=', 'pending').where('attempts', '=', row.attempts)
        .where((where) => where.or([where('lease_until', 'is', null), where('lease_until', '<', at)]))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) claimed.push({ alertId: row.alert_id, channel: row.channel, attempt: row.attempts + 1 });
    }
    return claimed;
  }

  async delivered(delivery: ClaimedDelivery): Promise<void> {
    await this.database.db.updateTable('alert_deliveries').set({ status: 'delivered', delivered_at: this.now(), lease_until: null, last_error: null })
      .where('alert_id', '=', delivery.alertId).where('channel', '=', delivery.channel).execute();
  }

  /** A failed try: pending again from nextAttemptAt, or failed for good when there is none. */
  async failed(delivery: ClaimedDelivery, error: string, nextAttemptAt: number | undefined): Promise<void> {
    await this.database.db.updateTable('alert_deliveries')
      .set({ status: nextAttemptAt === undefined ? 'failed' : 'pending', next_attempt_at: nextAttemptAt ?? this.now(), lease_until: null, last_error: error.slice(0, 1000) })
      .where('alert_id', '=', delivery.alertId).where('channel', '=', delivery.channel).execute();
  }

  /** Deliveries per status, for readiness and tests. */
  async counts(): Promise<Record<string, number>> {
    const rows = await this.database.db.selectFrom('alert_deliveries').select((eb) => ['status', eb.fn.countAll<number>().as('count')]).groupBy('status').execute();
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }
}
