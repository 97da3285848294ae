// Real runtime for browser tests: the shared test runtime (test/support) with an admin session and a throwing API helper.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, startRuntime as startRuntimeProcess } from '../../support/runtime-process.js';

export const repoRoot = REPO_ROOT;
export const ADMIN_PASSWORD = 'browser-test-password';
const designerIndex = path.join(repoRoot, 'dist', 'designer', 'index.html');

export interface RuntimeHandle {
  url: string;
  token: string;
  user: { username: string; role: string };
  pid: number;
  /** The runtime's temporary data directory (templates of your own go in its templates/ folder). */
  dataDir: string;
  /** The demo partner's API key (the demo flow's intake takes it), when started with demo. */
  demoApiKey: string;
  /** The runtime's output so far, for failure messages. */
  log(): string;
  /** Calls the runtime API as admin; throws on a non-2xx answer with the body in the message. */
  api<T = unknown>(method: string, apiPath: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** Starts `node dist/runtime/cli.js start` (nothing is built here: `npm run build` must have run) and signs in as admin. */
export async function startRuntime(options: { demo?: boolean; env?: Record<string, string> } = {}): Promise<RuntimeHandle> {
  if (!existsSync(designerIndex)) throw new Error('dist/designer/index.html is missing: run "npm run build" before the browser tests');
  const runtime = await startRuntimeProcess({ adminPassword: ADMIN_PASSWORD, args: options.demo ? [] : ['--no-demo'], timeoutMs: 90_000, ...(options.env ? { env: options.env } : {}) });
  const stop = async () => {
    await runtime.stop();
    rmSync(runtime.dataDir, { recursive: true, force: true });
  };
  try {
    const token = await runtime.login();
    const api = async <T>(method: string, apiPath: string, body?: unknown): Promise<T> => {
      const response = await runtime.api<T>(method, apiPath, body, token);
      if (response.status < 200 || response.status > 299) throw new Error(`${method} ${apiPath} -> ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    const user = await api<{ username: string; role: string }>('GET', '/api/auth/me');
    return { url: runtime.url, token, user, pid: runtime.child.pid!, dataDir: runtime.dataDir, demoApiKey: runtime.demoApiKey, log: runtime.output, api, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
