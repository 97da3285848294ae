// Progress lines on stderr while the bench runs, so the result table on stdout stays clean.
import type { RunResult } from '../lib/load.js';
import { formatNumber } from '../lib/table.js';

export type Log = (line: string) => void;

export const stderrLog: Log = (line) => process.stderr.write(`${line}\n`);

export function describeRun(run: RunResult): string {
  return `${formatNumber(run.reqPerSec)} req/s, p50 ${formatNumber(run.p50Ms, 1)} ms, p99 ${formatNumber(run.p99Ms, 1)} ms, CPU ${formatNumber(run.cpuUsPerRequest)} µs/req, RSS ${formatNumber(run.rssMb)} MB${run.failures ? `, ${run.failures} failed` : ''}`;
}
