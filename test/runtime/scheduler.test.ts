// The job scheduler: runs at start and on its interval, never overlaps a job with itself, coalesces early runs, survives failures, honours the lock, waits on stop.
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { Scheduler, type JobLock } from '../../runtime/ledger/scheduler.js';
import { isTrue, waitFor } from '../support/wait-for.js';

const logger = pino({ level: 'silent' });

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => { resolve = done; });
  return { promise, resolve };
}

describe('Scheduler', () => {
  it('runs a job at start and again on its interval, one run at a time', async () => {
    const scheduler = new Scheduler({ logger });
    let running = 0;
    let most = 0;
    let runs = 0;
    scheduler.add({ name: 'tick', everyMs: 5, run: async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 15));
      running--;
      runs++;
    } });
    scheduler.start();
    await Promise.all([scheduler.runNow('tick'), scheduler.runNow('tick')]);
    await waitFor(() => runs >= 4, isTrue, 5_000, 'four runs');
    await scheduler.stop();
    expect(most).toBe(1);
    expect(scheduler.status()[0]).toMatchObject({ name: 'tick', everyMs: 5, failures: 0, running: false });
  });

  it('turns any number of early-run requests during a run into one more run', async () => {
    const scheduler = new Scheduler({ logger });
    const gate = deferred();
    let runs = 0;
    scheduler.add({ name: 'sweep', everyMs: 60_000, run: async () => { runs++; if (runs === 1) await gate.promise; } });
    scheduler.start();
    await waitFor(() => runs === 1, isTrue, 5_000, 'the first run');
    for (let i = 0; i < 5; i++) scheduler.runSoon('sweep', 0);
    gate.resolve();
    await waitFor(() => runs === 2 && !scheduler.status()[0]!.running, isTrue, 5_000, 'the second run');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await scheduler.stop();
    expect(runs).toBe(2);
  });

  it('keeps a failing job on its schedule and reports the failure', async () => {
    const scheduler = new Scheduler({ logger });
    let runs = 0;
    scheduler.add({ name: 'flaky', everyMs: 5, run: async () => { runs++; if (runs === 1) throw new Error('database unreachable'); } });
    scheduler.start();
    await waitFor(() => runs >= 3, isTrue, 5_000, 'runs after the failure');
    await scheduler.stop();
    const [status] = scheduler.status();
    expect(status).toMatchObject({ failures: 1 });
    expect(status).not.toHaveProperty('lastError');
  });

  it('skips runs while another runtime holds the lock, and runs once it is free', async () => {
    let held = true;
    const asked: string[] = [];
    const lock: JobLock = { acquire: async (job) => { asked.push(job); return !held; }, release: async () => undefined };
    const scheduler = new Scheduler({ logger, lock });
    let runs = 0;
    scheduler.add({ name: 'sla-sweep', everyMs: 5, run: async () => { runs++; } });
    scheduler.start();
    await waitFor(() => asked.length >= 3, isTrue, 5_000, 'lock requests');
    expect(runs).toBe(0);
    held = false;
    await waitFor(() => runs >= 1, isTrue, 5_000, 'a run with the lock');
    await scheduler.stop();
    expect(new Set(asked)).toEqual(new Set(['sla-sweep']));
  });

  it('takes the lease for two intervals, lets runs asked for by hand through, and gives held jobs up at stop', async () => {
    const holds: number[] = [];
    const released: string[] = [];
    let granted = false;
    const lock: JobLock = { acquire: async (_job, holdMs) => { holds.push(holdMs); return granted; }, release: async (job) => { released.push(job); } };
    const scheduler = new Scheduler({ logger, lock });
    let runs = 0;
    scheduler.add({ name: 'retention', everyMs: 20, run: async () => { runs++; } });
    scheduler.add({ name: 'alerts', everyMs: 60_000, runAtStart: false, run: async () => undefined });
    scheduler.start();
    await waitFor(() => holds.length >= 1, isTrue, 5_000, 'a lease request');
    expect(holds[0]).toBe(40);
    // Another runtime holds it: periodic runs skip, a run asked for by hand still happens.
    await scheduler.runNow('retention');
    expect(runs).toBe(1);
    granted = true;
    await waitFor(() => runs >= 2, isTrue, 5_000, 'a periodic run once the lease is ours');
    await scheduler.stop();
    expect(released).toEqual(['retention']);
  });

  it('waits on stop for the run in progress and starts none afterwards', async () => {
    const scheduler = new Scheduler({ logger });
    const gate = deferred();
    let finished = false;
    let runs = 0;
    scheduler.add({ name: 'retention', everyMs: 5, run: async () => { runs++; await gate.promise; finished = true; } });
    scheduler.start();
    await waitFor(() => runs === 1, isTrue, 5_000, 'the first run');
    const stopping = scheduler.stop();
    gate.resolve();
    await stopping;
    expect(finished).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(runs).toBe(1);
    await scheduler.runNow('retention');
    expect(runs).toBe(1);
  });
});
