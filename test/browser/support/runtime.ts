// Starts a real Tradelane runtime for browser tests: built CLI on a free port with a temp data dir; stopped by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cliPath = path.join(repoRoot, 'dist', 'runtime', 'cli.js');
const designerIndex = path.join(repoRoot, 'dist', 'designer', 'index.html');

export const ADMIN_PASSWORD = 'browser-test-password';
const STARTUP_TIMEOUT_MS = 90_000;
const READY_LINE = /running at http/;

export interface RuntimeHandle {
  url: string;
  token: string;
  user: { username: string; role: string };
  pid: number;
  /** The runtime's temporary data directory (templates of your own go in its templates/ folder). */
  dataDir: string;
  /** The last ~20 kB of the runtime's output, for failure messages. */
  log(): string;
  /** Calls the runtime API as admin; throws on a non-2xx answer with the body in the message. */
  api<T = unknown>(method: string, apiPath: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`runtime exited with code ${child.exitCode} before it was healthy:\n${output()}`);
    try {
      // The CLI prints its URL once flows are running; /api/health already answers while the engine starts.
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok && READY_LINE.test(output())) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`runtime did not become healthy within ${STARTUP_TIMEOUT_MS} ms:\n${output()}`);
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Spawns `node dist/runtime/cli.js start` (nothing is built here: `npm run build` must have run). */
export async function startRuntime(options: { demo?: boolean } = {}): Promise<RuntimeHandle> {
  for (const file of [cliPath, designerIndex]) {
    if (!existsSync(file)) throw new Error(`${path.relative(repoRoot, file)} is missing: run "npm run build" before the browser tests`);
  }
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tradelane-browser-'));
  const args = [cliPath, 'start', '--port', String(port), '--data', dataDir];
  if (!options.demo) args.push('--no-demo');
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, TRADELANE_ADMIN_PASSWORD: ADMIN_PASSWORD, PORT: String(port), LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGTERM');
      if (!(await waitForExit(child, 8000)) && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
      await waitForExit(child, 2000);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, child, () => log);
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const session = (await login.json()) as { token: string; user?: { username: string; role: string } };
    const token = session.token;
    const api = async <T>(method: string, apiPath: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${url}${apiPath}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${apiPath} -> ${response.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    };
    return { url, token, user: session.user ?? { username: 'admin', role: 'admin' }, pid: child.pid!, dataDir, log: () => log, api, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
