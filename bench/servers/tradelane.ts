// Starts the real Tradelane runtime as a pinned child process and deploys bench flows into it through the API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnNode, type BenchProcess } from '../lib/processes.js';
import { BENCH_ADMIN_PASSWORD, BENCH_API_KEY, REPO_ROOT, SERVER_NODE_FLAGS } from './constants.js';

export interface FlowNodeJson {
  id: string;
  type: string;
  [property: string]: unknown;
}

export interface RuntimeUnderTest {
  process: BenchProcess;
  url: string;
  /** Deploys one flow (tab + nodes) as a new version; throws with the API's problem list when refused. */
  deploy(flow: FlowNodeJson[]): Promise<void>;
  stop(): Promise<void>;
}

export interface RuntimeStartOptions {
  core?: number;
  erpUrl: string;
  /** Extra node arguments before the CLI, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Extra environment for the runtime, e.g. TRADELANE_TRACE_MAX_MESSAGES for an experiment. */
  env?: Record<string, string>;
}

export async function startRuntime(options: RuntimeStartOptions): Promise<RuntimeUnderTest> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tradelane-bench-'));
  const cli = path.join(REPO_ROOT, 'dist', 'runtime', 'cli.js');
  const child = spawnNode('tradelane', [...SERVER_NODE_FLAGS, ...(options.nodeArgs ?? []), cli, 'start', '--port', '0', '--data', dataDir], {
    core: options.core,
    afterExit: () => rmSync(dataDir, { recursive: true, force: true }),
    env: { TRADELANE_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD, TRADELANE_DEMO_API_KEY: BENCH_API_KEY, LOG_LEVEL: 'warn', DEMO_ERP_URL: options.erpUrl, PORT: undefined, ...options.env },
  });
  const stop = () => child.stop();
  try {
    const [, url] = await child.waitFor(/Tradelane is running at (http:\/\/\S+)/, 60_000);
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: BENCH_ADMIN_PASSWORD }) });
    if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const { token } = (await login.json()) as { token: string };
    return {
      process: child,
      url: url!,
      async deploy(flow) {
        const tab = flow.find((node) => node.type === 'tab');
        if (!tab) throw new Error('a bench flow needs a tab node');
        const response = await fetch(`${url}/api/flows/${encodeURIComponent(tab.id)}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ flow, message: 'bench' }),
        });
        if (!response.ok) throw new Error(`deploy of ${tab.id} failed: ${response.status} ${await response.text()}`);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
