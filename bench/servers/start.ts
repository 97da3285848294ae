// Starts the bench's own server scripts (mock ERP, bare relays) as pinned child processes and waits for their URL.
import path from 'node:path';
import { spawnNode, type BenchProcess } from '../lib/processes.js';
import { SERVER_NODE_FLAGS } from './constants.js';

export interface StartedServer {
  process: BenchProcess;
  url: string;
  stop(): Promise<void>;
}

/** Runs dist/bench/servers/<script>.js; the script prints "... listening on <url>" when ready. */
export async function startBenchServer(script: string, args: string[], options: { core?: number; nodeArgs?: string[]; underTest?: boolean } = {}): Promise<StartedServer> {
  const file = path.join(import.meta.dirname, `${script}.js`);
  const flags = options.underTest === false ? [] : SERVER_NODE_FLAGS;
  const child = spawnNode(script, [...flags, ...(options.nodeArgs ?? []), file, ...args], { core: options.core });
  try {
    const [, url] = await child.waitFor(/listening on (http:\/\/\S+)/, 15_000);
    return { process: child, url: url!, stop: () => child.stop() };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** The mock ERP on the load generator's core, so the server under test has its core to itself. */
export function startMockErp(core?: number): Promise<StartedServer> {
  return startBenchServer('mock-erp', ['--port', '0'], { core, underTest: false });
}

export async function erpStats(erpUrl: string): Promise<{ received: number; bytes: number }> {
  const response = await fetch(`${erpUrl}/stats`);
  return (await response.json()) as { received: number; bytes: number };
}

export async function resetErpStats(erpUrl: string): Promise<void> {
  await fetch(`${erpUrl}/stats/reset`, { method: 'POST' });
}

/** node flags that write a CPU profile of the process into dir when it exits. */
export function cpuProfArgs(dir: string | undefined, name: string): string[] {
  return dir ? ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', `${name}.cpuprofile`] : [];
}
