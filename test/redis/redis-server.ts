// Starts a throwaway redis-server (127.0.0.1, free port, no persistence) as a child process for the Redis tests; stopped by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { freePort } from '../support/free-port.js';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Debian's path (CI installs the redis-server package); otherwise whatever redis-server is on PATH. */
export const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? (existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : 'redis-server');

export interface RedisServerProcess {
  port: number;
  url: string;
  child: ChildProcess;
  /** SIGKILL (a crash) and wait for the exit. */
  kill(): Promise<void>;
}

/** Starts redis-server; pass a port to bring one back on the same address (e.g. after kill()). */
export async function startRedis(port?: number): Promise<RedisServerProcess> {
  const chosen = port ?? (await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), 'tradelane-redis-'));
  const child = spawn(REDIS_SERVER, ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on ${chosen}:\n${output}`)), 15_000);
    const check = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('error', (error) => { clearTimeout(timer); reject(error); });
    void exited.then(() => { clearTimeout(timer); reject(new Error(`redis-server exited before it was ready:\n${output}`)); });
  });
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    child,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
