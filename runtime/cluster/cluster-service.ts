// This runtime's place among the runtimes sharing one store: its id, job leases, heartbeat, and readiness (database, queues, flows).
import { sql } from 'kysely';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import type { SqlDatabase } from '../store/sql/sql-database.js';
import { SqlJobLeases } from './job-leases.js';
import { newRuntimeId, RuntimeRegistry, type ClusterRuntime } from './runtime-registry.js';

export interface ReadinessCheck {
  name: 'database' | 'queues' | 'flows';
  ok: boolean;
  problem?: string;
}

export interface Readiness {
  ready: boolean;
  checks: ReadinessCheck[];
}

export interface ClusterDeps {
  database: SqlDatabase;
  logger: Logger;
  version: string;
  /** Why the queue backend cannot take messages now (Redis down). */
  queueProblem(): string | undefined;
  flowsRunning(): boolean;
  runningVersions(): Record<string, number>;
  /** Queue messages finished here since start. */
  settled(): number;
}

/** A database check that hangs counts as a failure after this long: a load balancer must hear "not ready" in time. */
const DATABASE_CHECK_MS = 2_000;

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms); });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class ClusterService {
  readonly runtimeId = newRuntimeId();
  /** The scheduler's lock: each periodic job runs on one runtime of those sharing the store. */
  readonly leases: SqlJobLeases;
  private registry: RuntimeRegistry | undefined;

  constructor(private readonly deps: ClusterDeps) {
    this.leases = new SqlJobLeases(deps.database, this.runtimeId);
  }

  async readiness(): Promise<Readiness> {
    const checks: ReadinessCheck[] = [await this.databaseCheck()];
    const queueProblem = this.deps.queueProblem();
    checks.push(queueProblem ? { name: 'queues', ok: false, problem: queueProblem } : { name: 'queues', ok: true });
    checks.push(this.deps.flowsRunning() ? { name: 'flows', ok: true } : { name: 'flows', ok: false, problem: 'flows are not started (starting or stopping)' });
    return { ready: checks.every((check) => check.ok), checks };
  }

  private async databaseCheck(): Promise<ReadinessCheck> {
    try {
      await withTimeout(sql`select 1`.execute(this.deps.database.db), DATABASE_CHECK_MS, `the SQL store (${this.deps.database.location})`);
      return { name: 'database', ok: true };
    } catch (error) {
      return { name: 'database', ok: false, problem: error instanceof Error ? error.message : String(error) };
    }
  }

  /** tradelane_dependency_up{dependency}: what /api/ready checks, as a metric, so an alert can say what is down. */
  registerMetrics(registry: Registry): void {
    const readiness = () => this.readiness();
    new Gauge({
      name: 'tradelane_dependency_up', help: '1 when this runtime can use the dependency (database, queues, flows), else 0; the checks of GET /api/ready', labelNames: ['dependency'] as const, registers: [registry],
      async collect() {
        for (const check of (await readiness()).checks) this.set({ dependency: check.name }, check.ok ? 1 : 0);
      },
    });
  }

  /** Starts the heartbeat once the runtime listens (its URL is known). */
  async start(url: string): Promise<void> {
    this.registry = new RuntimeRegistry(this.deps.database, {
      id: this.runtimeId, url, version: this.deps.version, logger: this.deps.logger,
      snapshot: () => this.snapshot(),
    });
    await this.registry.start();
  }

  private snapshot() {
    const queueProblem = this.deps.queueProblem();
    const problems = [queueProblem, this.deps.flowsRunning() ? undefined : 'flows are not started'].filter((problem): problem is string => problem !== undefined);
    return { flowsVersion: this.deps.runningVersions(), settled: this.deps.settled(), ready: problems.length === 0, problems };
  }

  /** Reports at once what changed (a deploy): the cluster view shows the new version without waiting for the next heartbeat. */
  changed(): void {
    this.registry?.beat().catch((error: unknown) => this.deps.logger.warn({ err: error }, 'cluster: heartbeat failed'));
  }

  /** As the heartbeats left them (at most one interval old): a read never writes, nor skews the consumed rate with a short interval. */
  async runtimes(): Promise<ClusterRuntime[]> {
    return this.registry ? this.registry.list() : [];
  }

  async stop(): Promise<void> {
    await this.registry?.stop();
  }
}
