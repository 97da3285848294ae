// Child processes of the bench: spawned pinned to a core with taskset when available, tracked by PID and always stopped by PID.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface BenchProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of the pattern in the output. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** CPU core to pin the process to (ignored when taskset is missing or the core does not exist). */
  core?: number;
  env?: Record<string, string | undefined>;
  /** Runs once the process has exited, however it was stopped (e.g. removes its temporary data directory). */
  afterExit?: () => void;
}

let tasksetChecked: boolean | undefined;

export function hasTaskset(): boolean {
  tasksetChecked ??= spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
  return tasksetChecked;
}

/** Pins an already running process (e.g. this one, which hosts the load generator). Returns false when not possible. */
export function pinProcess(pid: number, core: number): boolean {
  if (!hasTaskset()) return false;
  return spawnSync('taskset', ['-a', '-pc', String(core), String(pid)], { stdio: 'ignore' }).status === 0;
}

/** Resident set size of a process in MB, read from /proc; undefined when it cannot be read. */
export function rssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

let ticksPerSecond: number | undefined;

/** CPU time (user + system) a process has used so far, in ms, from /proc/PID/stat; undefined when unreadable. */
export function cpuTimeMs(pid: number): number | undefined {
  ticksPerSecond ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ") "; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / ticksPerSecond : undefined;
  } catch {
    return undefined;
  }
}

const running = new Set<BenchProcess>();

/** Starts `node <args>` as a tracked child. taskset execs node, so the PID we hold is node's own. */
export function spawnNode(name: string, args: string[], options: SpawnOptions = {}): BenchProcess {
  const pinned = options.core !== undefined && hasTaskset();
  const command = pinned ? 'taskset' : process.execPath;
  const commandArgs = pinned ? ['-c', String(options.core), process.execPath, ...args] : args;
  const child = spawn(command, commandArgs, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const pid = child.pid;
  let output = '';
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    // Only the start-up banner matters; keep memory bounded during long runs.
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    try {
      options.afterExit?.();
    } finally {
      resolve();
    }
  }));

  const handle: BenchProcess = {
    name,
    pid,
    child,
    output: () => output,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (!match) return false;
          cleanup();
          resolve(match);
          return true;
        };
        const timer = setTimeout(() => { cleanup(); reject(new Error(`${name} (pid ${pid}) did not print ${pattern} within ${timeoutMs} ms:\n${output.slice(-2000)}`)); }, timeoutMs);
        const onExit = () => { if (!check()) { cleanup(); reject(new Error(`${name} (pid ${pid}) exited before printing ${pattern}:\n${output.slice(-2000)}`)); } };
        const cleanup = () => { clearTimeout(timer); child.stdout!.off('data', check); child.stderr!.off('data', check); child.off('exit', onExit); };
        if (check()) return;
        child.stdout!.on('data', check);
        child.stderr!.on('data', check);
        child.once('exit', onExit);
      });
    },
    async stop() {
      running.delete(handle);
      if (child.exitCode !== null || child.signalCode !== null) return;
      killPid(pid, 'SIGTERM');
      const forced = setTimeout(() => killPid(pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(forced);
    },
  };
  running.add(handle);
  return handle;
}

function killPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** Stops every process this bench started, by PID. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((handle) => handle.stop()));
}

/** Synchronous last resort for process exit paths where awaiting is impossible. */
function killAllNow(): void {
  for (const handle of running) killPid(handle.pid, 'SIGKILL');
  running.clear();
}

let guardsInstalled = false;

/** Ctrl-C, SIGTERM and crashes still stop every child, so no server outlives the bench. */
export function installCleanupGuards(): void {
  if (guardsInstalled) return;
  guardsInstalled = true;
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\nbench: ${signal}, stopping ${running.size} process(es)\n`);
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', killAllNow);
}
