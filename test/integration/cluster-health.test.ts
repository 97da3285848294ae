// Two runtimes on one real Postgres: readiness for a load balancer (and its 503 while Postgres is down), the cluster view, and one holder per scheduled job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { startPostgres, type PostgresServerProcess } from '../support/postgres-server.js';
import { waitFor } from '../support/wait-for.js';

interface Readiness { ready: boolean; checks: Array<{ name: string; ok: boolean; problem?: string }> }
interface ClusterAnswer {
  runtimes: Array<{ id: string; pid: number; url: string; state: string; self: boolean; ready: boolean; flowsVersion: Record<string, number>; consumedPerSecond: number; heartbeatAt: string }>;
  jobs: Array<{ name: string; owner: string }>;
}

const ready = async (runtime: RuntimeProcess) => {
  const response = await fetch(`${runtime.url}/api/ready`);
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() as Readiness };
};

const metricsOf = async (runtime: RuntimeProcess) => (await fetch(`${runtime.url}/metrics`)).text();

describe('readiness and the cluster view on Postgres', () => {
  let postgres: PostgresServerProcess;
  let first: RuntimeProcess;
  let second: RuntimeProcess;
  let token: string;

  beforeAll(async () => {
    postgres = await startPostgres();
    const databaseUrl = await postgres.createDatabase('cluster_health');
    first = await startRuntime({ args: ['--no-demo'], env: { DATABASE_URL: databaseUrl } });
    second = await startRuntime({ args: ['--no-demo'], env: { DATABASE_URL: databaseUrl } });
    token = await first.login();
  }, 90_000);
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await postgres?.kill();
  });

  it('answers ready on every runtime once the store, the queues and the flows are up, without a token', async () => {
    for (const runtime of [first, second]) {
      const answer = await ready(runtime);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ ready: true, checks: [{ name: 'database', ok: true }, { name: 'queues', ok: true }, { name: 'flows', ok: true }] });
    }
  });

  it('lists both runtimes with their process, URL and heartbeat, marks the one that answered, and gives each job one holder', async () => {
    const answer = await first.api<ClusterAnswer>('GET', '/api/cluster', undefined, token);
    expect(answer.status).toBe(200);
    const byPid = new Map(answer.body.runtimes.map((runtime) => [runtime.pid, runtime]));
    expect(byPid.get(first.child.pid!)).toMatchObject({ url: first.url, state: 'up', ready: true, self: true });
    expect(byPid.get(second.child.pid!)).toMatchObject({ url: second.url, state: 'up', ready: true, self: false });
    const ids = new Set(answer.body.runtimes.map((runtime) => runtime.id));
    const names = answer.body.jobs.map((job) => job.name);
    expect(names).toEqual(expect.arrayContaining(['sla-sweep']));
    expect(new Set(names).size).toBe(names.length);
    for (const job of answer.body.jobs) expect(ids.has(job.owner)).toBe(true);
    expect((await first.api('GET', '/api/cluster')).status).toBe(401);
  });

  it('answers 503 with the reason while Postgres is down (liveness stays 200), and ready again once it is back', async () => {
    await postgres.stop();
    try {
      const down = await waitFor(() => ready(first), (answer) => answer.status === 503, 20_000, 'not ready while Postgres is down');
      expect(down.retryAfter).toBe('5');
      expect(down.body.ready).toBe(false);
      expect(down.body.checks.find((check) => check.name === 'database')).toMatchObject({ ok: false, problem: expect.any(String) });
      expect(down.body.checks.find((check) => check.name === 'flows')).toEqual({ name: 'flows', ok: true });
      expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
      expect(await metricsOf(first)).toContain('tradelane_dependency_up{dependency="database"} 0');
    } finally {
      await postgres.start();
    }
    await waitFor(() => ready(first), (answer) => answer.status === 200, 30_000, 'ready again after Postgres is back');
    expect(await metricsOf(first)).toContain('tradelane_dependency_up{dependency="database"} 1');
  });

  it('shows a runtime that stopped as stopped', async () => {
    const pid = second.child.pid!;
    await second.stop();
    const answer = await first.api<ClusterAnswer>('GET', '/api/cluster', undefined, token);
    expect(answer.body.runtimes.find((runtime) => runtime.pid === pid)).toMatchObject({ state: 'stopped', ready: false });
  });
});
