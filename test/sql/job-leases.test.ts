// Job leases on both SQL engines: one holder at a time, renewal, takeover after the holder stops renewing, release; and two schedulers sharing a job.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../runtime/store/sql/sql-database.js';
import { SqlJobLeases } from '../../runtime/cluster/job-leases.js';
import { Scheduler } from '../../runtime/ledger/scheduler.js';
import { bothSqlEngines } from '../support/sql-engines.js';
import { isTrue, waitFor } from '../support/wait-for.js';

const engines = bothSqlEngines('leases');

describe.each(engines)('job leases on $name', ({ open }) => {
  let database: SqlDatabase;
  let now = Date.parse('2026-12-01T10:00:00Z');
  const clock = () => now;

  beforeAll(async () => { database = await open(); });
  afterAll(async () => { await database?.close(); });

  it('grants a job to one runtime, renews it for its holder, and hands it over once the holder stops renewing', async () => {
    const first = new SqlJobLeases(database, 'runtime-a', clock);
    const second = new SqlJobLeases(database, 'runtime-b', clock);
    expect(await first.acquire('sla-sweep', 60_000)).toBe(true);
    expect(await second.acquire('sla-sweep', 60_000)).toBe(false);
    now += 30_000;
    expect(await first.acquire('sla-sweep', 60_000)).toBe(true);
    now += 59_000;
    expect(await second.acquire('sla-sweep', 60_000)).toBe(false);
    now += 2_000;
    expect(await second.acquire('sla-sweep', 60_000)).toBe(true);
    expect(await first.acquire('sla-sweep', 60_000)).toBe(false);
    expect(await first.list()).toEqual([{ name: 'sla-sweep', owner: 'runtime-b', until: new Date(now + 60_000).toISOString(), acquiredAt: new Date(now).toISOString() }]);
  });

  it('lets another runtime take a released job at once, and keeps jobs apart', async () => {
    const first = new SqlJobLeases(database, 'runtime-a', clock);
    const second = new SqlJobLeases(database, 'runtime-b', clock);
    expect(await first.acquire('retention', 60_000)).toBe(true);
    expect(await second.acquire('alert-delivery', 60_000)).toBe(true);
    await second.release('retention');
    expect(await second.acquire('retention', 60_000)).toBe(false);
    await first.release('retention');
    expect(await second.acquire('retention', 60_000)).toBe(true);
  });

  it('runs a shared job on one of two schedulers, and on the other once the first dies without releasing it', async () => {
    const runsOn: string[] = [];
    // A runtime killed with kill -9 never releases: the first one's lock forgets to.
    const scheduler = (owner: string, releases: boolean) => {
      const leases = new SqlJobLeases(database, owner);
      const lock = { acquire: (job: string, holdMs: number) => leases.acquire(job, holdMs), release: async (job: string) => { if (releases) await leases.release(job); } };
      const made = new Scheduler({ logger: pino({ level: 'silent' }), lock });
      made.add({ name: 'sweep-shared', everyMs: 250, run: async () => { runsOn.push(owner); } });
      return made;
    };
    const first = scheduler('first', false);
    first.start();
    await waitFor(() => runsOn.length >= 1, isTrue, 5_000, 'the first run');
    const second = scheduler('second', true);
    second.start();
    await waitFor(() => runsOn.length >= 4, isTrue, 5_000, 'four runs');
    expect(new Set(runsOn)).toEqual(new Set(['first']));
    // The first one dies: it stops running and renewing; its lease (two intervals) runs out and the other takes over.
    await first.stop();
    await waitFor(() => runsOn.includes('second'), isTrue, 5_000, 'the takeover');
    await second.stop();
    const takenOverAfter = runsOn.indexOf('second');
    expect(runsOn.slice(takenOverAfter).every((owner) => owner === 'second')).toBe(true);
  });
});
