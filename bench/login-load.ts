// `node dist/bench/login-load.js`: /api/health latency while 10 clients log in in parallel (password hashing must stay off the event loop).
import { median } from './lib/stats.js';
import { stopAll, installCleanupGuards } from './lib/processes.js';
import { BENCH_ADMIN_PASSWORD } from './servers/constants.js';
import { startRuntime } from './servers/tradelane.js';

const HEALTH_SAMPLES = 200;
const PARALLEL_LOGINS = 10;

async function healthLatencies(url: string): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < HEALTH_SAMPLES; i++) {
    const started = performance.now();
    await (await fetch(`${url}/api/health`)).text();
    latencies.push(performance.now() - started);
  }
  return latencies;
}

/** One client logging in back to back until told to stop; returns how many logins succeeded. */
async function loginLoop(url: string, stop: { done: boolean }): Promise<number> {
  let count = 0;
  while (!stop.done) {
    const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: BENCH_ADMIN_PASSWORD }) });
    await response.text();
    if (response.ok) count++;
  }
  return count;
}

function p(values: number[], quantile: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * quantile))] ?? NaN;
}

async function main(): Promise<void> {
  installCleanupGuards();
  const runtime = await startRuntime({ erpUrl: 'http://127.0.0.1:9' });
  try {
    const idle = await healthLatencies(runtime.url);
    const stop = { done: false };
    const started = performance.now();
    const loops = Array.from({ length: PARALLEL_LOGINS }, () => loginLoop(runtime.url, stop));
    const loaded = await healthLatencies(runtime.url);
    stop.done = true;
    const logins = (await Promise.all(loops)).reduce((sum, n) => sum + n, 0);
    const seconds = (performance.now() - started) / 1000;
    const row = (name: string, values: number[]) => `${name.padEnd(28)} p50 ${median(values).toFixed(1).padStart(7)} ms   p95 ${p(values, 0.95).toFixed(1).padStart(7)} ms`;
    process.stdout.write(`${row('/api/health idle', idle)}\n${row(`/api/health, ${PARALLEL_LOGINS} parallel logins`, loaded)}\nlogins: ${logins} in ${seconds.toFixed(1)} s (${(logins / seconds).toFixed(1)}/s)\n`);
  } finally {
    await runtime.stop();
    await stopAll();
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`login-load: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
