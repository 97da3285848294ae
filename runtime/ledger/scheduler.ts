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
 * Who may run a job's periodic runs. Locally every runtime may: there is only one. On a shared store it is a lease held by
 * one runtime (runtime/cluster/job-leases.ts): the scheduler takes or renews it before every periodic run, for twice the
 * interval, and skips the run while another runtime holds it; the lease moves on when its holder stops renewing. Runs
 * asked for by hand (runNow, runSoon) do not wait for it: everything the jobs write is idempotent, so two runs at once
 * repeat work, never alerts.
 */
export interface JobLock {
  acquire(job: string, holdMs: number): Promise<boolean>;
  /** At stop: gives the job up, so another runtime takes it at its next try instead of when the lease runs out. */
  release(job: string): Promise<void>;
}

export const LOCAL_JOB_LOCK: JobLock = { acquire: async () => true, release: async () => undefined };

/** A periodic run holds the job this many intervals, so its holder renews it well before it runs out. */
const LEASE_INTERVALS = 2;

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
  /** The lock granted this runtime the job's last periodic run: it releases it at stop. */
  held: boolean;
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
    const state: JobState = { definition, again: false, held: false, runs: 0, failures: 0 };
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
    await this.execute(state, false);
  }

  /** Asks for an early run (e.g. an acknowledgement just arrived); requests within delayMs collapse into one run. */
  runSoon(name: string, delayMs = 100): void {
    const state = this.jobs.get(name);
    if (!state || !this.started || this.stopped) return;
    if (state.running) {
      state.again = true;
      return;
    }
    this.arm(state, delayMs, false);
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

  /** Stops every timer, waits for the runs in progress (nothing writes after the database closes), and gives up held jobs. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const state of this.jobs.values()) clearTimeout(state.timer);
    await Promise.all([...this.jobs.values()].map((state) => state.running));
    const lock = this.options.lock ?? LOCAL_JOB_LOCK;
    await Promise.all([...this.jobs.values()].filter((state) => state.held).map((state) => lock.release(state.definition.name)
      .catch((error: unknown) => this.options.logger.warn({ err: error, job: state.definition.name }, 'scheduler: releasing the job lease failed'))));
  }

  private state(name: string): JobState {
    const state = this.jobs.get(name);
    if (!state) throw new Error(`no job "${name}"`);
    return state;
  }

  private arm(state: JobState, delayMs: number, periodic = true): void {
    clearTimeout(state.timer);
    if (this.stopped) return;
    state.timer = setTimeout(() => { void this.execute(state, periodic); }, delayMs);
    // The HTTP server keeps the process alive; a pending sweep must not hold it open after close.
    state.timer.unref();
  }

  private execute(state: JobState, periodic: boolean): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (state.running) {
      state.again = true;
      return state.running;
    }
    clearTimeout(state.timer);
    state.running = this.run(state, periodic).finally(() => {
      state.running = undefined;
      const again = state.again;
      state.again = false;
      if (this.started) this.arm(state, again ? 0 : state.definition.everyMs, !again);
    });
    return state.running;
  }

  /** Whether this runtime may make the job's periodic run: it holds (or now takes) the job's lease. */
  private async mayRun(state: JobState): Promise<boolean> {
    const { name, everyMs } = state.definition;
    try {
      state.held = await (this.options.lock ?? LOCAL_JOB_LOCK).acquire(name, everyMs * LEASE_INTERVALS);
    } catch (error) {
      this.options.logger.warn({ err: error, job: name }, 'scheduler: could not take the job lease; skipping this run');
      state.held = false;
    }
    return state.held;
  }

  private async run(state: JobState, periodic: boolean): Promise<void> {
    if (periodic && !(await this.mayRun(state))) return;
    const now = this.options.now ?? Date.now;
    state.lastStartedAt = now();
    try {
      await state.definition.run();
      state.lastError = undefined;
    } catch (error) {
      state.failures++;
      state.lastError = error instanceof Error ? error.message : String(error);
      this.options.logger.error({ err: error, job: state.definition.name }, 'scheduled job failed; it runs again at its next interval');
    } finally {
      state.runs++;
      state.lastFinishedAt = now();
    }
  }
}
