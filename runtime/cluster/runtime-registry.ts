// Each runtime's heartbeat in SQL (id, pid, URL, running flow versions, consumed rate, readiness), and the list GET /api/cluster shows.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { SqlDatabase } from '../store/sql/sql-database.js';
import type { RuntimeRow } from '../store/sql/sql-schema.js';

/** What a runtime reports about itself at each heartbeat. */
export interface RuntimeSnapshot {
  /** Running version of each deployed flow, by flow id. */
  flowsVersion: Record<string, number>;
  /** Queue messages finished here (delivered or dead-lettered) since start; the registry turns it into a rate. */
  settled: number;
  ready: boolean;
  /** Why not ready (database unreachable, flows not started, ...). */
  problems: string[];
}

export interface ClusterRuntime {
  id: string;
  pid: number;
  url: string;
  version: string;
  flowsVersion: Record<string, number>;
  startedAt: string;
  heartbeatAt: string;
  consumedPerSecond: number;
  ready: boolean;
  problems: string[];
  /** up: heartbeat within the staleness window; stale: silent longer (dead, or cut off); stopped: shut down cleanly. */
  state: 'up' | 'stale' | 'stopped';
  /** This is the runtime that answered. */
  self: boolean;
}

export interface RuntimeRegistryOptions {
  id: string;
  url: string;
  version: string;
  logger: Logger;
  snapshot(): RuntimeSnapshot;
  now?: () => number;
  heartbeatMs?: number;
}

const HEARTBEAT_MS = 5_000;
/** Three missed heartbeats: the runtime is reported stale. */
const STALE_AFTER_BEATS = 3;
/** Runtimes silent for longer are no longer listed. */
const LISTED_FOR_MS = 24 * 60 * 60 * 1000;

/** A runtime id unique across machines and restarts: host, process and a random part. */
export function newRuntimeId(): string {
  return `${hostname().slice(0, 32)}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export class RuntimeRegistry {
  readonly id: string;
  private readonly startedAt: number;
  private timer: NodeJS.Timeout | undefined;
  private last: { at: number; settled: number } | undefined;
  private consumedPerSecond = 0;

  constructor(private readonly database: SqlDatabase, private readonly options: RuntimeRegistryOptions) {
    this.id = options.id;
    this.startedAt = this.now();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private get heartbeatMs(): number {
    return this.options.heartbeatMs ?? HEARTBEAT_MS;
  }

  /** Writes the first heartbeat, then one every few seconds; a failed one is logged and the next one tries again. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => { this.beat().catch((error: unknown) => this.options.logger.warn({ err: error }, 'cluster: heartbeat failed')); }, this.heartbeatMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.database.db.updateTable('runtimes').set({ stopped_at: this.now(), ready: 0 }).where('id', '=', this.id).execute()
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'cluster: could not record the stop'));
  }

  async beat(): Promise<void> {
    const at = this.now();
    const snapshot = this.options.snapshot();
    if (this.last && at > this.last.at) this.consumedPerSecond = Math.max(0, snapshot.settled - this.last.settled) / ((at - this.last.at) / 1000);
    this.last = { at, settled: snapshot.settled };
    const row: RuntimeRow = {
      id: this.id, pid: process.pid, url: this.options.url.slice(0, 256), version: this.options.version.slice(0, 32), started_at: this.startedAt, heartbeat_at: at,
      flows_version: JSON.stringify(snapshot.flowsVersion), consumed_per_second: Math.round(this.consumedPerSecond * 100) / 100,
      ready: snapshot.ready ? 1 : 0, problems: JSON.stringify(snapshot.problems), stopped_at: null,
    };
    const { id: _id, started_at: _started, ...changes } = row;
    await this.database.db.insertInto('runtimes').values(row).onConflict((conflict) => conflict.column('id').doUpdateSet(changes)).execute();
  }

  /** Every runtime heard from in the last day, newest start first. */
  async list(): Promise<ClusterRuntime[]> {
    const now = this.now();
    const rows = await this.database.db.selectFrom('runtimes').selectAll().where('heartbeat_at', '>=', now - LISTED_FOR_MS).orderBy('started_at', 'desc').orderBy('id').execute();
    return rows.map((row) => this.viewOf(row, now));
  }

  private viewOf(row: RuntimeRow, now: number): ClusterRuntime {
    const silentFor = now - Number(row.heartbeat_at);
    const state = row.stopped_at !== null ? 'stopped' : silentFor > this.heartbeatMs * STALE_AFTER_BEATS ? 'stale' : 'up';
    return {
      id: row.id, pid: row.pid, url: row.url, version: row.version, flowsVersion: parseJson<Record<string, number>>(row.flows_version, {}),
      startedAt: new Date(Number(row.started_at)).toISOString(), heartbeatAt: new Date(Number(row.heartbeat_at)).toISOString(),
      consumedPerSecond: Number(row.consumed_per_second), ready: row.ready === 1 && state === 'up', problems: parseJson<string[]>(row.problems, []), state, self: row.id === this.id,
    };
  }
}

function parseJson<T>(text: string, fallback: T): T {
  try { return JSON.parse(text) as T; } catch { return fallback; }
}
