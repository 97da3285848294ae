// Starts a throwaway RabbitMQ broker (Debian's rabbitmq-server, 127.0.0.1, free ports, its own epmd and data dir) for the AMQP tests; stopped and restarted by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port.js';

const SERVER = process.env.RABBITMQ_SERVER_BIN ?? '/usr/lib/rabbitmq/bin/rabbitmq-server';
const EPMD = process.env.EPMD_BIN ?? '/usr/bin/epmd';
const START_TIMEOUT_MS = 60_000;

export interface RabbitProcess {
  port: number;
  url: string;
  /** SIGKILL the broker (a crash; durable queues and persistent messages survive) and wait for it to exit. */
  kill(): Promise<void>;
  /** Starts the same broker again, on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function killByPid(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  // The broker runs as its own process group (detached): the Erlang VM and its helpers go with it.
  try { process.kill(-child.pid, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
  await exited(child);
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => { socket.end(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** RabbitMQ accepts TCP before it can serve AMQP: wait until a real handshake answers. */
async function untilAmqp(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const { connect } = await import('amqplib');
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`rabbitmq-server exited (${child.exitCode}): ${output().slice(-2000)}`);
    if (await accepting(port)) {
      try {
        const connection = await connect(`amqp://guest:guest@127.0.0.1:${port}`);
        await connection.close();
        return;
      } catch { /* booting */ }
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`rabbitmq-server did not answer on ${port} within ${START_TIMEOUT_MS} ms: ${output().slice(-2000)}`);
}

export async function startRabbit(): Promise<RabbitProcess> {
  const home = mkdtempSync(path.join(tmpdir(), 'tradelane-rabbit-'));
  const [port, epmdPort, distPort] = [await freePort(), await freePort(), await freePort()];
  const nodeName = `tradelane${port}@localhost`;
  const env = {
    ...process.env, HOME: home, ERL_EPMD_ADDRESS: '127.0.0.1', ERL_EPMD_PORT: String(epmdPort),
    RABBITMQ_NODENAME: nodeName, RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1', RABBITMQ_NODE_PORT: String(port), RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_BASE: home, RABBITMQ_MNESIA_BASE: path.join(home, 'mnesia'), RABBITMQ_LOG_BASE: path.join(home, 'log'),
    RABBITMQ_CONFIG_FILE: path.join(home, 'rabbitmq'), RABBITMQ_ENABLED_PLUGINS_FILE: path.join(home, 'enabled_plugins'), RABBITMQ_ENABLED_PLUGINS: '',
    RABBITMQ_PID_FILE: path.join(home, 'rabbit.pid'), RABBITMQ_LOGS: '-',
  };
  // Our own epmd on a free loopback port, so no machine-wide one is started or shared.
  const epmd = spawn(EPMD, ['-port', String(epmdPort), '-address', '127.0.0.1'], { env, stdio: 'ignore', detached: true });
  let broker: ChildProcess | undefined;
  let output = '';
  const boot = async () => {
    output = '';
    broker = spawn(SERVER, [], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    broker.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    broker.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    await untilAmqp(port, broker, () => output);
  };
  const cleanUp = () => { for (const child of [broker, epmd]) if (child?.pid && child.exitCode === null) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } };
  process.once('exit', cleanUp);
  try {
    await boot();
  } catch (error) {
    cleanUp();
    throw error;
  }
  return {
    port,
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    kill: () => killByPid(broker),
    restart: boot,
    async stop() {
      await killByPid(broker);
      await killByPid(epmd);
      process.removeListener('exit', cleanUp);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
