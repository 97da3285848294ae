// `npm run bench [-- --quick]`: runs P1–P4, D1 and L1 in one go, prints the results and ratios, writes bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { planCores } from './lib/cores.js';
import { parseBenchOptions, UsageRequest, USAGE, type ScenarioId } from './lib/options.js';
import { installCleanupGuards, stopAll } from './lib/processes.js';
import { machineFacts, renderReport, type ScenarioResult } from './lib/report.js';
import { REPO_ROOT, SERVER_NODE_FLAGS } from './servers/constants.js';
import { stderrLog } from './scenarios/log.js';
import { runP1 } from './scenarios/p1-sync-relay.js';
import { runP2 } from './scenarios/p2-durable-intake.js';
import { runP3 } from './scenarios/p3-edi.js';
import { runP4 } from './scenarios/p4-mapping.js';
import { runD1 } from './scenarios/d1-designer-open.js';
import { runL1 } from './scenarios/l1-ledger-search.js';

const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseBenchOptions(argv);
  } catch (error) {
    if (error instanceof UsageRequest) { process.stdout.write(`${USAGE}\n`); return 0; }
    process.stderr.write(`bench: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  installCleanupGuards();
  if (options.cpuProfDir) mkdirSync(options.cpuProfDir, { recursive: true });
  const cores = planCores();
  const started = new Date();
  stderrLog(`bench: ${options.quick ? 'quick' : 'full'} run; ${cores.pinned ? 'server on core 0, load generator + mock ERP on core 1' : 'no core pinning (taskset missing or one core)'}; server node flags: ${SERVER_NODE_FLAGS.join(' ') || 'none'}`);

  const scenarios: Record<ScenarioId, () => Promise<ScenarioResult>> = {
    P1: () => runP1(options, cores, stderrLog),
    P2: () => runP2(options, cores, stderrLog),
    P3: () => runP3(options),
    P4: () => runP4(options, stderrLog),
    D1: () => runD1(options, stderrLog),
    L1: () => runL1(options, stderrLog),
  };
  const results: ScenarioResult[] = [];
  for (const id of options.only) {
    stderrLog(`bench: ${id}`);
    try {
      results.push(await scenarios[id]());
    } catch (error) {
      // One broken scenario must not hide the others' numbers.
      await stopAll();
      stderrLog(`bench: ${id} failed: ${(error as Error).stack ?? String(error)}`);
      results.push({ id, title: id, status: 'failed', reason: (error as Error).message.split('\n')[0] ?? 'failed', variants: [], ratios: [], seconds: 0 });
    }
  }
  await stopAll();

  process.stdout.write(`\n${renderReport(results)}\n`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, 'latest.json');
  const report = {
    startedAt: started.toISOString(),
    seconds: Math.round((Date.now() - started.getTime()) / 100) / 10,
    mode: options.quick ? 'quick' : 'full',
    plan: options.http,
    machine: machineFacts(cores.pinned),
    serverNodeFlags: SERVER_NODE_FLAGS,
    scenarios: results,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  stderrLog(`\nbench: wrote ${path.relative(process.cwd(), file)} after ${report.seconds} s`);
  return results.some((result) => result.status === 'failed') ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (error: unknown) => {
    await stopAll();
    process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
