// P1 sync relay: our intake → validate → map → ERP post → respond flow vs the Node-RED core flow and bare express + undici.
import type { CorePlan } from '../lib/cores.js';
import { measureInterleaved, type Contender, type LoadTarget, type SeriesResult } from '../lib/load.js';
import type { BenchOptions } from '../lib/options.js';
import { cpuEfficiency, ratioResult, type ScenarioResult, type VariantResult } from '../lib/report.js';
import { ratio } from '../lib/stats.js';
import { makeAcknowledgement } from '../fixtures/ack-document.js';
import { CORE_RELAY_PATH, TRADELANE_RELAY_PATH, coreRelayFlow, tradelaneRelayFlow } from '../fixtures/relay-flows.js';
import { BENCH_API_KEY } from '../servers/constants.js';
import { cpuProfArgs, startBenchServer, startMockErp, type StartedServer } from '../servers/start.js';
import { startRuntime, type RuntimeUnderTest } from '../servers/tradelane.js';
import { describeRun, type Log } from './log.js';

export const P1_GOALS = { vsCore: 1.5, vsBare: 0.8 } as const;
export const P1_VARIANTS = { tradelane: 'Tradelane flow', core: 'Node-RED core flow', bare: 'bare express + undici' } as const;

function target(url: string, path: string): LoadTarget {
  return {
    url: `${url}${path}`,
    headers: { 'content-type': 'application/json', 'x-api-key': BENCH_API_KEY },
    body: JSON.stringify(makeAcknowledgement()),
    expectStatus: 200,
  };
}

function variant(name: string, series: SeriesResult | undefined): VariantResult {
  if (!series) throw new Error(`P1: no measurement for ${name}`);
  return { name, throughput: series.reqPerSec, unit: 'req/s', p50Ms: series.p50Ms, p99Ms: series.p99Ms, rssMb: series.rssMb, cpuUsPerRequest: series.cpuUsPerRequest, failures: series.failures, runs: series.runs };
}

export async function runP1(options: BenchOptions, cores: CorePlan, log: Log): Promise<ScenarioResult> {
  const started = performance.now();
  const stoppers: Array<() => Promise<void>> = [];
  try {
    const erp = await startMockErp(cores.load);
    stoppers.push(() => erp.stop());
    // Separate processes: one Node-RED per process, and each gets its own RSS. Idle ones cost nothing while another is measured.
    const ours: RuntimeUnderTest = await startRuntime({ core: cores.server, erpUrl: erp.url, nodeArgs: cpuProfArgs(options.cpuProfDir, 'p1-tradelane') });
    stoppers.push(() => ours.stop());
    await ours.deploy(tradelaneRelayFlow(erp.url));
    const core: RuntimeUnderTest = await startRuntime({ core: cores.server, erpUrl: erp.url, nodeArgs: cpuProfArgs(options.cpuProfDir, 'p1-node-red-core') });
    stoppers.push(() => core.stop());
    await core.deploy(coreRelayFlow(erp.url));
    const bare: StartedServer = await startBenchServer('bare-relay', ['--port', '0', '--erp', erp.url, '--api-key', BENCH_API_KEY], { core: cores.server, nodeArgs: cpuProfArgs(options.cpuProfDir, 'p1-bare') });
    stoppers.push(() => bare.stop());

    const contenders: Contender[] = [
      { name: P1_VARIANTS.tradelane, target: target(ours.url, TRADELANE_RELAY_PATH), pid: ours.process.pid },
      { name: P1_VARIANTS.core, target: target(core.url, CORE_RELAY_PATH), pid: core.process.pid },
      { name: P1_VARIANTS.bare, target: target(bare.url, TRADELANE_RELAY_PATH), pid: bare.process.pid },
    ];
    const { http } = options;
    log(`P1: warm-up ${http.warmupSeconds} s each, then ${http.runs} rounds of ${http.runSeconds} s per variant, ${http.connections} connections`);
    const results = await measureInterleaved(contenders, http, (name, run, round) => log(`  round ${round + 1} ${name}: ${describeRun(run)}`));
    const tradelane = variant(P1_VARIANTS.tradelane, results.get(P1_VARIANTS.tradelane));
    const coreFlow = variant(P1_VARIANTS.core, results.get(P1_VARIANTS.core));
    const bareRelay = variant(P1_VARIANTS.bare, results.get(P1_VARIANTS.bare));
    return {
      id: 'P1',
      title: 'sync relay (5.6 KB ack: validate, map, ERP post, respond)',
      status: 'ok',
      variants: [tradelane, coreFlow, bareRelay],
      ratios: [
        ratioResult('Tradelane vs Node-RED core (req/s)', ratio(tradelane.throughput, coreFlow.throughput), P1_GOALS.vsCore),
        ratioResult('Tradelane vs bare (req/s)', ratio(tradelane.throughput, bareRelay.throughput), P1_GOALS.vsBare),
        ratioResult('Tradelane vs Node-RED core (CPU per request, inverse)', cpuEfficiency(tradelane, coreFlow)),
        ratioResult('Tradelane vs bare (CPU per request, inverse)', cpuEfficiency(tradelane, bareRelay)),
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    // Reverse order: servers first, the ERP they talk to last.
    for (const stop of stoppers.reverse()) await stop();
  }
}
