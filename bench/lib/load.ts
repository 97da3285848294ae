// HTTP load with autocannon: one warm-up, then N measured runs with throughput, p50/p99 latency and the server's peak RSS.
import { createRequire } from 'node:module';
import { median } from './stats.js';
import { cpuTimeMs, rssMb } from './processes.js';

/** The part of autocannon's options and result we use (autocannon ships no types). */
interface AutocannonOptions {
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  duration: number;
  timeout?: number;
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p99: number };
}
type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadTarget {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The status every request must get; anything else is counted as a failure. */
  expectStatus: number;
}

export interface LoadPlan {
  connections: number;
  warmupSeconds: number;
  runSeconds: number;
  runs: number;
}

export interface RunResult {
  /** Requests per second that got the expected status. */
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Peak resident set size of the server process during the run. */
  rssMb: number | undefined;
  failures: number;
  /**
   * CPU time the server used per answered request during the run (user + system, µs). Unlike req/s it hardly depends
   * on what else runs on the machine, so it is the steadier figure on shared hardware.
   */
  cpuUsPerRequest: number | undefined;
  /** Requests that got the expected status. */
  accepted: number;
  seconds: number;
}

export interface SeriesResult {
  runs: RunResult[];
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  rssMb: number | undefined;
  failures: number;
  cpuUsPerRequest: number | undefined;
}

export interface RssSampler {
  stop(): number | undefined;
}

/** Samples a process's RSS every 250 ms and reports the peak. */
export function sampleRss(pid: number): RssSampler {
  let peak: number | undefined;
  const take = () => {
    const value = rssMb(pid);
    if (value !== undefined) peak = Math.max(peak ?? 0, value);
  };
  take();
  const timer = setInterval(take, 250);
  return { stop: () => { clearInterval(timer); take(); return peak; } };
}

/** Load without measuring: warm-up. */
export async function warmUp(target: LoadTarget, connections: number, seconds: number): Promise<void> {
  await fire(target, connections, seconds);
}

async function fire(target: LoadTarget, connections: number, seconds: number): Promise<AutocannonResult> {
  return autocannon({ url: target.url, method: 'POST', headers: target.headers, body: target.body, connections, duration: seconds, timeout: 30 });
}

/** One autocannon run; counts only responses with the expected status as throughput. */
export async function measureRun(target: LoadTarget, connections: number, seconds: number, serverPid: number): Promise<RunResult> {
  const sampler = sampleRss(serverPid);
  const cpuBefore = cpuTimeMs(serverPid);
  const result = await fire(target, connections, seconds);
  const cpuAfter = cpuTimeMs(serverPid);
  const peak = sampler.stop();
  const ok = result.statusCodeStats[String(target.expectStatus)]?.count ?? 0;
  const total = Object.values(result.statusCodeStats).reduce((sum, entry) => sum + entry.count, 0);
  return {
    reqPerSec: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    rssMb: peak,
    failures: total - ok + result.errors + result.timeouts,
    cpuUsPerRequest: cpuBefore === undefined || cpuAfter === undefined || total === 0 ? undefined : ((cpuAfter - cpuBefore) * 1000) / total,
    accepted: ok,
    seconds: result.duration,
  };
}

/** Checks one request by hand first, so a broken flow fails loudly instead of being measured as fast 4xx answers. */
export async function checkTarget(target: LoadTarget): Promise<void> {
  const response = await fetch(target.url, { method: 'POST', headers: target.headers, body: target.body, signal: AbortSignal.timeout(15_000) }).catch((error: unknown) => {
    throw new Error(`${target.url} did not answer a single request: ${(error as Error).message}`, { cause: error });
  });
  const text = await response.text();
  if (response.status !== target.expectStatus) throw new Error(`${target.url} answered ${response.status} instead of ${target.expectStatus}: ${text.slice(0, 500)}`);
}

export interface Contender {
  name: string;
  target: LoadTarget;
  /** PID of the server process whose RSS is reported. */
  pid: number;
}

/**
 * Measures several servers in alternation: every contender gets its warm-up, then the measured runs go round-robin
 * (A B C, A B C, ...). On a shared machine the background load drifts; interleaving spreads that drift over all of
 * them instead of punishing whichever happened to run during a busy minute, so the ratios stay meaningful.
 */
export async function measureInterleaved(contenders: readonly Contender[], plan: LoadPlan, onRun?: (name: string, run: RunResult, round: number) => void): Promise<Map<string, SeriesResult>> {
  for (const contender of contenders) await checkTarget(contender.target);
  if (plan.warmupSeconds > 0) for (const contender of contenders) await fire(contender.target, plan.connections, plan.warmupSeconds);
  const runs = new Map<string, RunResult[]>(contenders.map((contender) => [contender.name, []]));
  for (let round = 0; round < plan.runs; round++) {
    for (const contender of contenders) {
      const run = await measureRun(contender.target, plan.connections, plan.runSeconds, contender.pid);
      runs.get(contender.name)!.push(run);
      onRun?.(contender.name, run, round);
    }
  }
  return new Map([...runs].map(([name, list]) => [name, summarizeRuns(list)]));
}

/** Medians over the runs; failures are summed so that any failed request is visible. */
export function summarizeRuns(runs: readonly RunResult[]): SeriesResult {
  const rss = runs.map((run) => run.rssMb).filter((value): value is number => value !== undefined);
  const cpu = runs.map((run) => run.cpuUsPerRequest).filter((value): value is number => value !== undefined);
  return {
    runs: [...runs],
    reqPerSec: median(runs.map((run) => run.reqPerSec)),
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
    rssMb: rss.length ? median(rss) : undefined,
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
    cpuUsPerRequest: cpu.length ? median(cpu) : undefined,
  };
}
