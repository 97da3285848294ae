// Starts a throwaway PostgreSQL server (Debian's postgresql package; 127.0.0.1, free port, trust auth) for the SQL tests; stopped by PID.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { freePort } from './free-port.js';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PostgresServerProcess {
  port: number;
  /** postgres://postgres@127.0.0.1:port/postgres */
  url: string;
  child: ChildProcess;
  /** A fresh, empty database on this server. */
  createDatabase(name: string): Promise<string>;
  /** SIGKILL (a crash), wait for the exit, and remove the data directory. */
  kill(): Promise<void>;
  /** A fast shutdown (SIGINT) that keeps the data: the server is down until start(). */
  stop(): Promise<void>;
  /** Starts the stopped server again on the same port and data. */
  start(): Promise<void>;
}

/** Debian keeps the server binaries in /usr/lib/postgresql/<major>/bin; POSTGRES_BIN_DIR overrides. */
export function postgresBinDir(): string {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((name) => existsSync(path.join(root, name, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!majors.length) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install -y postgresql), or set POSTGRES_BIN_DIR');
  return path.join(root, majors[0]!, 'bin');
}

/** initdb and postgres refuse to run as root: as root, run them as the postgres system user on a directory it owns. */
function asServerUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

export async function startPostgres(): Promise<PostgresServerProcess> {
  const bin = postgresBinDir();
  const user = asServerUser();
  const dir = mkdtempSync(path.join(tmpdir(), 'tradelane-pg-'));
  chmodSync(dir, 0o700);
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
  const dataDir = path.join(dir, 'data');
  execFileSync(path.join(bin, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'], { ...user, stdio: 'pipe' });
  const port = await freePort();
  let server = await launch(bin, dataDir, dir, port, user);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    port,
    url,
    get child() { return server.child; },
    async createDatabase(name) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try { await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`); } finally { await client.end(); }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async kill() {
      if (server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
    async stop() {
      server.child.kill('SIGINT');
      await server.exited;
    },
    async start() {
      server = await launch(bin, dataDir, dir, port, user);
    },
  };
}

interface LaunchedServer { child: ChildProcess; exited: Promise<void> }

/** Starts postgres on the data directory and resolves once it accepts connections. */
async function launch(bin: string, dataDir: string, dir: string, port: number, user: { uid?: number; gid?: number }): Promise<LaunchedServer> {
  const child = spawn(path.join(bin, 'postgres'), ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', 'fsync=off'], {
    ...user, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`postgres did not start on ${port}:\n${output}`)), 30_000);
    const check = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('error', (error) => { clearTimeout(timer); reject(error); });
    void exited.then(() => { clearTimeout(timer); reject(new Error(`postgres exited before it was ready:\n${output}`)); });
  });
  return { child, exited };
}
