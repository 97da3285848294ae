// The runtimes sharing this store (GET /api/cluster): state, readiness, heartbeat, consumed rate and the scheduled jobs each holds; refreshed every 10 s.
import { useEffect } from 'react';
import type { ClusterRuntime, ClusterView } from '../api/operations-types';
import { useSession } from '../auth/session';
import { formatWhen } from '../util/format';
import { useAsync } from '../util/useAsync';
import { getCluster } from './operations-api';
import './health.css';

const REFRESH_MS = 10_000;

function stateOf(runtime: ClusterRuntime): 'ok' | 'degraded' | 'failing' {
  if (runtime.state !== 'up') return 'failing';
  return runtime.ready ? 'ok' : 'degraded';
}

function stateText(runtime: ClusterRuntime): string {
  if (runtime.state !== 'up') return runtime.state;
  return runtime.ready ? 'ready' : 'not ready';
}

function flowsText(runtime: ClusterRuntime): string {
  const flows = Object.entries(runtime.flowsVersion);
  return flows.length ? flows.map(([flowId, version]) => `${flowId} v${version}`).join(', ') : 'none';
}

function RuntimeRow({ runtime, jobs }: { runtime: ClusterRuntime; jobs: string[] }) {
  return (
    <tr data-runtime={runtime.id}>
      <td><span className="mono">{runtime.id}</span>{runtime.self && <span className="muted small"> (this one)</span>}<div className="muted small">pid {runtime.pid} · {runtime.url} · v{runtime.version}</div></td>
      <td><span className={`health-badge health-${stateOf(runtime)}`} aria-label={`Runtime state ${stateText(runtime)}`}>{stateText(runtime)}</span>{runtime.problems.length > 0 && <div className="error-text small">{runtime.problems.join('; ')}</div>}</td>
      <td>{formatWhen(runtime.heartbeatAt)}</td>
      <td>{runtime.consumedPerSecond}/s</td>
      <td className="small">{flowsText(runtime)}</td>
      <td className="small">{jobs.join(', ') || <span className="muted">none</span>}</td>
    </tr>
  );
}

export function RuntimesPanel() {
  const { api } = useSession();
  const cluster = useAsync<ClusterView>(() => getCluster(api), [api]);
  const { reload } = cluster;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const jobsOf = (id: string) => (cluster.data?.jobs ?? []).filter((job) => job.owner === id && Date.parse(job.until) > Date.now()).map((job) => job.name);
  return (
    <section className="card ops-panel" aria-label="Runtimes">
      <h2>Runtimes</h2>
      {cluster.error && <p role="alert" className="error-text">Runtimes: {cluster.error}</p>}
      {cluster.data && (
        <table className="data-table compact" aria-label="Runtimes sharing this store">
          <thead><tr><th>Runtime</th><th>State</th><th>Heartbeat</th><th>Consumed</th><th>Flows running</th><th>Scheduled jobs held</th></tr></thead>
          <tbody>{cluster.data.runtimes.map((runtime) => <RuntimeRow key={runtime.id} runtime={runtime} jobs={jobsOf(runtime.id)} />)}</tbody>
        </table>
      )}
    </section>
  );
}
