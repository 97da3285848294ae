// Named background jobs on an interval (SLA sweep, alert delivery, retention): each never overlaps itself, and runs under a lock.
import type { Logger } from '../logger.js';

export interface JobDefinition {
  /** Unique, e.g. "sla-sweep"; also the name of the lock a cluster takes for it. */
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
  /** Run once right at start (default), rather than after the first interval. */
  runAtStart?: boolean;
}

/**
 * Who may run a job now. Locally every runtime may: there is only one. Cluster mode (issue #11) passes a lock held by
 * one runtime per cluster: a lease row in SQL (`UPDATE job_leases SET owner = me, until = now + ttl WHERE name = ? AND
 * (until < now OR owner = me)`) or a Redis `SET NX PX`. The scheduler asks before every run and skips the run when
 * another runtime holds it; everything the jobs write is idempotent, so a lease lost mid-run repeats work, never alerts.
 */
export interface JobLock {
  acquire(job: string): Promise<boolean>;
  release(job: string): Promise<void>;
}

export const LOCAL_JOB_LOCK: JobLock = { acquire: async () => true, release: async () => undefined };

export interface JobStatus {
  name: string;
  everyMs: number;
  runs: number;
  failures: number;
  running: boolean;
  lastStartedAt?: string;
  lastFinishedAt?: string;
  lastError?: string;
}

interface JobState {
  definition: JobDefinition;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  /** A run was asked for while one was running: start another as soon as it ends. */
  again: boolean;
  runs: number;
  failures: number;
  lastStartedAt?: number;
  lastFinishedAt?: number;
  lastError?: string;
}

export interface SchedulerOptions {
  logger: Logger;
  lock?: JobLock;
  /** For the status times only; jobs read their own clock. */
  now?: () => number;
}

export class Scheduler {
  private readonly jobs = new Map<string, JobState>();
  private started = false;
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {}

  add(definition: JobDefinition): void {
    if (this.jobs.has(definition.name)) throw new Error(`job "${definition.name}" is already scheduled`);
    if (!(definition.everyMs > 0)) throw new Error(`job "${definition.name}" needs an interval above 0 ms`);
    const state: JobState = { definition, again: false, runs: 0, failures: 0 };
    this.jobs.set(definition.name, state);
    if (this.started) this.arm(state, definition.runAtStart === false ? definition.everyMs : 0);
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    for (const state of this.jobs.values()) this.arm(state, state.definition.runAtStart === false ? state.definition.everyMs : 0);
  }

  /** Runs the job now, or right after the run in progress; resolves when a run that started after this call has finished. */
  async runNow(name: string): Promise<void> {
    const state = this.state(name);
    while (state.running) await state.running;
    await this.execute(state);
  }

  /** Asks for an early run (e.g. an acknowledgement just arrived); requests within delayMs collapse into one run. */
  runSoon(name: string, delayMs = 100): void {
    const state = this.jobs.get(name);
    if (!state || !this.started || this.stopped) return;
    if (state.running) {
      state.again = true;
      return;
    }
    this.arm(state, delayMs);
  }

  status(): JobStatus[] {
    return [...this.jobs.values()].map((state) => ({
      name: state.definition.name,
      everyMs: state.definition.everyMs,
      runs: state.runs,
      failures: state.failures,
      running: state.running !== undefined,
      ...(state.lastStartedAt !== undefined ? { lastStartedAt: new Date(state.lastStartedAt).toISOString() } : {}),
      ...(state.lastFinishedAt !== undefined ? { lastFinishedAt: new Date(state.lastFinishedAt).toISOString() } : {}),
      ...(state.lastError ? { lastError: state.lastError } : {}),
    }));
  }

  /** Stops every timer and waits for the runs in progress, so nothing writes after the database closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const state of this.jobs.values()) clearTimeout(state.timer);
    await Promise.all([...this.jobs.values()].map((state) => state.running));
  }

  private state(name: string): JobState {
    const state = this.jobs.get(name);
    if (!state) throw new Error(`no job "${name}"`);
    return state;
  }

  private arm(state: JobState, delayMs: number): void {
    clearTimeout(state.timer);
    if (this.stopped) return;
    state.timer = setTimeout(() => { void this.execute(state); }, delayMs);
    // The HTTP server keeps the process alive; a pending sweep must not hold it open after close.
    state.timer.unref();
  }

  private execute(state: JobState): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (state.running) {
      state.again = true;
      return state.running;
    }
    clearTimeout(state.timer);
    state.running = this.runLocked(state).finally(() => {
      state.running = undefined;
      const again = state.again;
      state.again = false;
      if (this.started) this.arm(state, again ? 0 : state.definition.everyMs);
    });
    return state.running;
  }

  private async runLocked(state: JobState): Promise<void> {
    const { name } = state.definition;
    const lock = this.options.lock ?? LOCAL_JOB_LOCK;
    const now = this.options.now ?? Date.now;
    try {
      if (!(await lock.acquire(name))) return;
    } catch (error) {
      this.options.logger.warn({ err: error, job: name }, 'scheduler: could not take the job lock; skipping this run');
      return;
    }
    state.lastStartedAt = now();
    try {
      await state.definition.run();
      state.lastError = undefined;
    } catch (error) {
      state.failures++;
      state.lastError = error instanceof Error ? error.message : String(error);
      this.options.logger.error({ err: error, job: name }, 'scheduled job failed; it runs again at its next interval');
    } finally {
      state.runs++;
      state.lastFinishedAt = now();
      await lock.release(name).catch((error: unknown) => this.options.logger.warn({ err: error, job: name }, 'scheduler: releasing the job lock failed'));
    }
  }
}
