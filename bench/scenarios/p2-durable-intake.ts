// P2 durable intake: accepted 202/s and delivered/s through the tl-queue node, with the ledger on and off (TRADELANE_LEDGER=off), vs a bare durable-log relay.
import { builtInNodes } from '../../nodes/catalog.js';
import type { CorePlan } from '../lib/cores.js';
import { checkTarget, measureRun, warmUp, type LoadTarget, type RunResult } from '../lib/load.js';
import type { BenchOptions } from '../lib/options.js';
import { cpuEfficiency, ratioResult, type RatioResult, type ScenarioResult, type VariantResult } from '../lib/report.js';
import { cpuTimeMs } from '../lib/processes.js';
import { median, ratio } from '../lib/stats.js';
import { makeAcknowledgement } from '../fixtures/ack-document.js';
import { QUEUE_CONCURRENCY, TRADELANE_QUEUE_PATH, tradelaneQueueFlow } from '../fixtures/queue-flows.js';
import { BENCH_API_KEY } from '../servers/constants.js';
import { cpuProfArgs, erpStats, startBenchServer, startMockErp } from '../servers/start.js';
import { startRuntime } from '../servers/tradelane.js';
import { describeRun, type Log } from './log.js';
import { formatNumber } from '../lib/table.js';

/** vsBare: the queue's goal; ledgerOnVsOff: recording every document costs at most 15% of P2's throughput (issue 12). */
export const P2_GOALS = { vsBare: 0.6, ledgerOnVsOff: 0.85 } as const;
export const P2_VARIANTS = { tradelane: 'Tradelane tl-queue flow', ledgerOff: 'Tradelane tl-queue flow, TRADELANE_LEDGER=off', bare: 'bare express + append log' } as const;

export function queueNodeAvailable(): boolean {
  return builtInNodes.some((descriptor) => descriptor.type === 'tl-queue');
}

interface QueueRun extends RunResult {
  /** Accepted messages that reached the ERP, per second from the start of the run until the backlog was drained. */
  deliveredPerSec: number;
  /** Messages the ERP received during the measured window only, per second (delivery competes with intake then). */
  deliveredInWindowPerSec: number;
  /** Seconds after the window until the backlog had reached the ERP. */
  drainSeconds: number;
}

/** Waits until the ERP has received `expected` messages in total, or stops making progress for stallMs; returns the seconds waited. */
async function drain(erpUrl: string, expected: number, maxSeconds: number, stallMs = 5_000): Promise<number> {
  const started = performance.now();
  let last = -1;
  let stalledSince = performance.now();
  for (;;) {
    const { received } = await erpStats(erpUrl);
    if (received >= expected) break;
    if (received !== last) { last = received; stalledSince = performance.now(); }
    if (performance.now() - stalledSince > stallMs || performance.now() - started > maxSeconds * 1000) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return (performance.now() - started) / 1000;
}

function summarize(name: string, runs: QueueRun[]): VariantResult {
  const rss = runs.map((run) => run.rssMb).filter((value): value is number => value !== undefined);
  const cpu = runs.map((run) => run.cpuUsPerRequest).filter((value): value is number => value !== undefined);
  return {
    name,
    throughput: median(runs.map((run) => run.reqPerSec)),
    unit: '202/s',
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
    ...(rss.length ? { rssMb: median(rss) } : {}),
    ...(cpu.length ? { cpuUsPerRequest: median(cpu) } : {}),
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
    extra: {
      deliveredPerSec: median(runs.map((run) => run.deliveredPerSec)),
      deliveredInWindowPerSec: median(runs.map((run) => run.deliveredInWindowPerSec)),
      drainSeconds: median(runs.map((run) => run.drainSeconds)),
    },
    runs,
  };
}

/** The ledger's cost round by round: each round's on and off runs are neighbours in time, so their ratio shares the machine's load. */
export function perRoundLedgerRatios(on: readonly RunResult[], off: readonly RunResult[]): RatioResult[] {
  return on.map((run, index) => ratioResult(`ledger on vs off, round ${index + 1} (accepted 202/s)`, ratio(run.reqPerSec, off[index]?.reqPerSec)));
}

export async function runP2(options: BenchOptions, cores: CorePlan, log: Log): Promise<ScenarioResult> {
  const base = { id: 'P2', title: 'durable intake (202 accepted/s, delivered/s)' };
  if (!queueNodeAvailable()) return { ...base, status: 'skipped', reason: 'queue node not available', variants: [], ratios: [], seconds: 0 };
  const started = performance.now();
  const stoppers: Array<() => Promise<void>> = [];
  try {
    const erp = await startMockErp(cores.load);
    stoppers.push(() => erp.stop());
    const ours = await startRuntime({ core: cores.server, erpUrl: erp.url, nodeArgs: cpuProfArgs(options.cpuProfDir, 'p2-tradelane') });
    stoppers.push(() => ours.stop());
    await ours.deploy(tradelaneQueueFlow(erp.url));
    // The same runtime and flow with recording off: the ledger's cost, measured in the same rounds.
    const unrecorded = await startRuntime({ core: cores.server, erpUrl: erp.url, nodeArgs: cpuProfArgs(options.cpuProfDir, 'p2-ledger-off'), env: { TRADELANE_LEDGER: 'off' } });
    stoppers.push(() => unrecorded.stop());
    await unrecorded.deploy(tradelaneQueueFlow(erp.url));
    const bare = await startBenchServer('bare-queue', ['--port', '0', '--erp', erp.url, '--api-key', BENCH_API_KEY, '--concurrency', String(QUEUE_CONCURRENCY)], { core: cores.server, nodeArgs: cpuProfArgs(options.cpuProfDir, 'p2-bare') });
    stoppers.push(() => bare.stop());

    const body = JSON.stringify(makeAcknowledgement());
    const target = (url: string): LoadTarget => ({ url: `${url}${TRADELANE_QUEUE_PATH}`, headers: { 'content-type': 'application/json', 'x-api-key': BENCH_API_KEY }, body, expectStatus: 202 });
    const contenders = [
      { name: P2_VARIANTS.tradelane, pid: ours.process.pid, target: target(ours.url) },
      { name: P2_VARIANTS.ledgerOff, pid: unrecorded.process.pid, target: target(unrecorded.url) },
      { name: P2_VARIANTS.bare, pid: bare.process.pid, target: target(bare.url) },
    ];
    const { http } = options;
    const maxDrain = options.quick ? 20 : 90;
    // Every accepted message must reach the ERP before the next measurement starts, or backlogs would overlap.
    for (const contender of contenders) {
      await checkTarget(contender.target);
      if (http.warmupSeconds > 0) await warmUp(contender.target, http.connections, http.warmupSeconds);
    }
    // The warm-up's backlog: wait until the ERP count stops moving.
    await drain(erp.url, Number.MAX_SAFE_INTEGER, maxDrain, 1_500);
    log(`P2: ${http.runs} rounds of ${http.runSeconds} s per variant, ${http.connections} connections; each run drains before the next`);
    const runs = new Map<string, QueueRun[]>(contenders.map((contender) => [contender.name, []]));
    for (let round = 0; round < http.runs; round++) {
      for (const contender of contenders) {
        const before = (await erpStats(erp.url)).received;
        const cpuBefore = cpuTimeMs(contender.pid);
        const run = await measureRun(contender.target, http.connections, http.runSeconds, contender.pid);
        const atEnd = (await erpStats(erp.url)).received;
        const drainSeconds = await drain(erp.url, before + run.accepted, maxDrain);
        const cpuAfter = cpuTimeMs(contender.pid);
        const delivered = (await erpStats(erp.url)).received - before;
        // CPU per message from accepting to delivering it: the run plus the drain, over the accepted messages.
        run.cpuUsPerRequest = cpuBefore === undefined || cpuAfter === undefined || run.accepted === 0 ? undefined : ((cpuAfter - cpuBefore) * 1000) / run.accepted;
        if (delivered < run.accepted) log(`  ${contender.name}: only ${delivered} of ${run.accepted} accepted messages reached the ERP within ${maxDrain} s`);
        const queueRun: QueueRun = { ...run, deliveredPerSec: delivered / (run.seconds + drainSeconds), deliveredInWindowPerSec: (atEnd - before) / run.seconds, drainSeconds };
        runs.get(contender.name)!.push(queueRun);
        log(`  round ${round + 1} ${contender.name}: ${describeRun(run).replace('req/s', '202/s')}, delivered ${formatNumber(queueRun.deliveredInWindowPerSec)}/s during the run, drained in ${drainSeconds.toFixed(1)} s: ${formatNumber(queueRun.deliveredPerSec)} delivered/s end to end`);
      }
    }
    const tradelane = summarize(P2_VARIANTS.tradelane, runs.get(P2_VARIANTS.tradelane)!);
    const ledgerOff = summarize(P2_VARIANTS.ledgerOff, runs.get(P2_VARIANTS.ledgerOff)!);
    const bareQueue = summarize(P2_VARIANTS.bare, runs.get(P2_VARIANTS.bare)!);
    return {
      ...base,
      status: 'ok',
      variants: [tradelane, ledgerOff, bareQueue],
      ratios: [
        ratioResult('Tradelane vs bare (accepted 202/s)', ratio(tradelane.throughput, bareQueue.throughput), P2_GOALS.vsBare),
        ratioResult('Tradelane vs bare (delivered/s, end to end)', ratio(tradelane.extra?.deliveredPerSec, bareQueue.extra?.deliveredPerSec), P2_GOALS.vsBare),
        ratioResult('Tradelane vs bare (CPU per message accepted + delivered, inverse)', cpuEfficiency(tradelane, bareQueue)),
        ratioResult('ledger on vs off (accepted 202/s)', ratio(tradelane.throughput, ledgerOff.throughput), P2_GOALS.ledgerOnVsOff),
        ratioResult('ledger on vs off (delivered/s, end to end)', ratio(tradelane.extra?.deliveredPerSec, ledgerOff.extra?.deliveredPerSec), P2_GOALS.ledgerOnVsOff),
        ratioResult('ledger on vs off (CPU per message, inverse)', cpuEfficiency(tradelane, ledgerOff)),
        ...perRoundLedgerRatios(runs.get(P2_VARIANTS.tradelane)!, runs.get(P2_VARIANTS.ledgerOff)!),
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    for (const stop of stoppers.reverse()) await stop();
  }
}
