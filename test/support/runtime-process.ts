// Starts the real runtime as a child process (node dist/runtime/cli.js start) on a free port with its own data dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const CLI = path.join(REPO_ROOT, 'dist', 'runtime', 'cli.js');

export interface RuntimeProcess {
  url: string;
  dataDir: string;
  adminPassword: string;
  demoApiKey: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far (banner, errors). */
  output(): string;
  /** Logs in and returns a bearer token. */
  login(username?: string, password?: string): Promise<string>;
  /** Authenticated JSON request against the API. */
  api<T = unknown>(method: string, route: string, body?: unknown, token?: string): Promise<{ status: number; body: T; headers: Headers }>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL (crash) and wait for exit. */
  kill(): Promise<void>;
}

export interface StartOptions {
  dataDir?: string;
  env?: Record<string, string>;
  args?: string[];
  adminPassword?: string;
  demoApiKey?: string;
  timeoutMs?: number;
  /** The CLI to run; defaults to this checkout's dist/runtime/cli.js. */
  cli?: string;
}

// Runtimes still running when the test process exits (a failed hook, a timeout) would outlive it: stop them by PID.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
});

export function tempDataDir(prefix = 'tradelane-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export async function startRuntime(options: StartOptions = {}): Promise<RuntimeProcess> {
  const dataDir = options.dataDir ?? tempDataDir();
  const adminPassword = options.adminPassword ?? 'test-admin-password';
  const demoApiKey = options.demoApiKey ?? 'demo-key-for-tests';
  const child = spawn(process.execPath, [options.cli ?? CLI, 'start', '--port', '0', '--data', dataDir, ...(options.args ?? [])], {
    env: { ...process.env, TRADELANE_ADMIN_PASSWORD: adminPassword, TRADELANE_DEMO_API_KEY: demoApiKey, LOG_LEVEL: 'warn', DEMO_ERP_URL: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { running.delete(child); resolve(code); }));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runtime did not start within ${options.timeoutMs ?? 30000} ms:\n${stderr}\n${stdout}`)), options.timeoutMs ?? 30_000);
    const check = () => {
      const match = /Tradelane is running at (http:\/\/[^\s]+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stderr!.on('data', check);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`runtime exited with ${code} before starting:\n${stderr}\n${stdout}`)); });
  });

  const api: RuntimeProcess['api'] = async (method, route, body, token) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${url}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { /* not JSON: keep text */ }
    return { status: response.status, body: parsed as never, headers: response.headers };
  };

  return {
    url,
    dataDir,
    adminPassword,
    demoApiKey,
    child,
    output: () => stderr + stdout,
    async login(username = 'admin', password = adminPassword) {
      const response = await api<{ token: string }>('POST', '/api/auth/login', { username, password });
      if (response.status !== 200) throw new Error(`login failed: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.token;
    },
    api,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      // A runtime that does not shut down within 15 s is killed, so a hung shutdown cannot leak a process.
      const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(forced);
      return code;
    },
    async kill() {
      if (child.exitCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
