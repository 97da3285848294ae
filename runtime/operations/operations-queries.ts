// SQL reads behind the operations overview and flow health: ledger throughput per time bucket and partner, trace errors per flow, open alerts and exceptions.
import { sql } from 'kysely';
import type { SqlDatabase } from '../store/sql/sql-database.js';

export interface ThroughputBucket {
  at: string;
  partnerId: string;
  received: number;
  refused: number;
  failed: number;
  posted: number;
  deadLettered: number;
}

export interface FlowErrorCounts {
  errorsLastHour: number;
  /** Messages seen in the last five minutes, and how many of them errored. */
  recentMessages: number;
  recentErrored: number;
}

const HOUR = 3_600_000;
const FIVE_MINUTES = 300_000;

const count = (condition: ReturnType<typeof sql>) => sql<number>`sum(case when ${condition} then 1 else 0 end)`;

export class OperationsQueries {
  constructor(private readonly database: SqlDatabase) {}

  /**
   * Top-level documents (not the ERP posts and acknowledgements filed under them) received in [from, to), by bucket and partner,
   * counted by their status now: received counts every inbound one.
   */
  async throughput(from: number, to: number, bucketMs: number): Promise<ThroughputBucket[]> {
    // Cast: better-sqlite3 binds numbers as REAL, so SQLite would divide in floating point and split a bucket into many groups.
    const bucket = sql<number>`cast((received_at - ${from}) / ${bucketMs} as bigint)`;
    const rows = await this.database.db.selectFrom('documents')
      .select([
        bucket.as('bucket'),
        'partner_id',
        count(sql`direction = 'in'`).as('received'),
        count(sql`status = 'refused'`).as('refused'),
        count(sql`status = 'failed'`).as('failed'),
        count(sql`status = 'posted'`).as('posted'),
        count(sql`status = 'dead-lettered'`).as('dead_lettered'),
      ])
      .where('received_at', '>=', from).where('received_at', '<', to).where('parent_id', 'is', null)
      // By position: Postgres would not match the bucket expression in GROUP BY to the select's (their parameters are numbered apart).
      .groupBy([sql`1`, 'partner_id']).orderBy(sql`1`).orderBy('partner_id').execute();
    return rows.map((row) => ({
      at: new Date(from + Math.floor(Number(row.bucket)) * bucketMs).toISOString(),
      partnerId: row.partner_id ?? '',
      received: Number(row.received), refused: Number(row.refused), failed: Number(row.failed), posted: Number(row.posted), deadLettered: Number(row.dead_lettered),
    }));
  }

  /** Errors per flow in the last hour, and how many of the last five minutes' messages errored, from the stored trace hops. */
  async flowErrors(now: number): Promise<Map<string, FlowErrorCounts>> {
    const db = this.database.db;
    const [hour, recent] = await Promise.all([
      db.selectFrom('trace_hops').select(['flow_id', (eb) => eb.fn.countAll<number>().as('errors')])
        .where('at', '>=', now - HOUR).where('event', '=', 'error').where('flow_id', 'is not', null).groupBy('flow_id').execute(),
      db.selectFrom('trace_hops').select(['flow_id', sql<number>`count(distinct correlation_id)`.as('messages'), sql<number>`count(distinct case when event = 'error' then correlation_id end)`.as('errored')])
        .where('at', '>=', now - FIVE_MINUTES).where('flow_id', 'is not', null).groupBy('flow_id').execute(),
    ]);
    const result = new Map<string, FlowErrorCounts>();
    const entry = (flowId: string) => {
      let found = result.get(flowId);
      if (!found) result.set(flowId, (found = { errorsLastHour: 0, recentMessages: 0, recentErrored: 0 }));
      return found;
    };
    for (const row of hour) entry(row.flow_id!).errorsLastHour = Number(row.errors);
    for (const row of recent) Object.assign(entry(row.flow_id!), { recentMessages: Number(row.messages), recentErrored: Number(row.errored) });
    return result;
  }

  async openAlerts(): Promise<number> {
    const row = await this.database.db.selectFrom('alerts').select((eb) => eb.fn.countAll<number>().as('open')).where('status', '=', 'open').executeTakeFirst();
    return Number(row?.open ?? 0);
  }

  async openExceptions(): Promise<number> {
    const row = await this.database.db.selectFrom('exceptions').select((eb) => eb.fn.countAll<number>().as('open')).where('status', 'in', ['open', 'assigned']).executeTakeFirst();
    return Number(row?.open ?? 0);
  }

  /** Newest change of any alert or exception: the notifier compares it to spot changes made by any runtime. */
  async lastChange(): Promise<string> {
    const db = this.database.db;
    const [alerts, exceptions] = await Promise.all([
      db.selectFrom('alerts').select((eb) => [eb.fn.max('updated_at').as('at'), eb.fn.countAll<number>().as('n')]).executeTakeFirst(),
      db.selectFrom('exceptions').select((eb) => [eb.fn.max('updated_at').as('at'), eb.fn.countAll<number>().as('n')]).executeTakeFirst(),
    ]);
    return `${alerts?.at ?? 0}/${alerts?.n ?? 0}/${exceptions?.at ?? 0}/${exceptions?.n ?? 0}`;
  }
}
