// Job leases in SQL: a scheduled job runs on one runtime of the cluster per interval, and moves to another when its holder dies.
import { sql } from 'kysely';
import type { JobLock } from '../ledger/scheduler.js';
import type { SqlDatabase } from '../store/sql/sql-database.js';

export interface JobLease {
  name: string;
  owner: string;
  until: string;
  acquiredAt: string;
}

/**
 * One atomic upsert per attempt: the row is taken when it is free, expired, or already ours (a renewal). The holder
 * renews at every run, so it keeps the job while it lives; when it dies the lease runs out and the next runtime to try
 * takes it. Times are the runtimes' clocks (epoch ms): keep them in sync (NTP), as any lease scheme needs.
 */
export class SqlJobLeases implements JobLock {
  constructor(private readonly database: SqlDatabase, readonly owner: string, private readonly now: () => number = Date.now) {}

  async acquire(job: string, holdMs: number): Promise<boolean> {
    const at = this.now();
    const until = at + holdMs;
    const result = await this.database.db.insertInto('job_leases').values({ name: job, owner: this.owner, until, acquired_at: at })
      .onConflict((conflict) => conflict.column('name')
        .doUpdateSet({ owner: this.owner, until, acquired_at: sql<number>`case when job_leases.owner = ${this.owner} then job_leases.acquired_at else ${at} end` })
        .where((eb) => eb.or([eb('job_leases.until', '<', at), eb('job_leases.owner', '=', this.owner)])))
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Lets the job go at once (a clean stop), so another runtime need not wait for the lease to run out. */
  async release(job: string): Promise<void> {
    await this.database.db.updateTable('job_leases').set({ until: 0 }).where('name', '=', job).where('owner', '=', this.owner).execute();
  }

  async list(): Promise<JobLease[]> {
    const rows = await this.database.db.selectFrom('job_leases').selectAll().orderBy('name').execute();
    return rows.map((row) => ({ name: row.name, owner: row.owner, until: new Date(Number(row.until)).toISOString(), acquiredAt: new Date(Number(row.acquired_at)).toISOString() }));
  }
}
