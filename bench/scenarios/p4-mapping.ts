// P4 mapping: tl-transform's evaluation path (descriptor driven through the SDK harness) vs raw jsonata.evaluate, same expression.
import jsonata from 'jsonata';
import { createNodeHarness } from '../../nodes/sdk/index.js';
import { transformNode } from '../../nodes/canonical/transform-node.js';
import type { BenchOptions } from '../lib/options.js';
import { ratioResult, type ScenarioResult } from '../lib/report.js';
import { median, ratio } from '../lib/stats.js';
import { ERP_MAPPING, makeAcknowledgement } from '../fixtures/ack-document.js';
import { BENCH_PARTNER_ID } from '../servers/constants.js';
import type { Log } from './log.js';
import { formatNumber } from '../lib/table.js';

type Evaluate = () => Promise<unknown>;

/** Runs fn back to back for the given time; returns evaluations and the seconds they took. */
export async function evaluateFor(fn: Evaluate, seconds: number): Promise<{ count: number; seconds: number }> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let count = 0;
  while (performance.now() < deadline) {
    // Batches keep the clock reads out of the measurement.
    for (let i = 0; i < 20; i++) await fn();
    count += 20;
  }
  return { count, seconds: (performance.now() - started) / 1000 };
}

/**
 * One round: the two sides alternate in short slices, so a burst of background load on the shared machine hits
 * both instead of whichever ran during it. Returns evaluations per second for each side.
 */
export async function alternatingRound(a: Evaluate, b: Evaluate, seconds: number, slices = 10): Promise<[number, number]> {
  const totals = [{ count: 0, seconds: 0 }, { count: 0, seconds: 0 }];
  for (let slice = 0; slice < slices; slice++) {
    const sides = slice % 2 === 0 ? [0, 1] : [1, 0];
    for (const side of sides) {
      const result = await evaluateFor(side === 0 ? a : b, seconds / slices);
      totals[side]!.count += result.count;
      totals[side]!.seconds += result.seconds;
    }
  }
  return [totals[0]!.count / totals[0]!.seconds, totals[1]!.count / totals[1]!.seconds];
}

export async function runP4(options: BenchOptions, log: Log): Promise<ScenarioResult> {
  const started = performance.now();
  const document = makeAcknowledgement();
  const harness = await createNodeHarness(transformNode, { expression: ERP_MAPPING, property: 'payload' });
  const compiled = jsonata(ERP_MAPPING);
  const ours: Evaluate = async () => {
    const result = await harness.send({ payload: document, partnerId: BENCH_PARTNER_ID });
    if (result.error) throw result.error;
    return result.outputs[0]![0];
  };
  const raw: Evaluate = () => compiled.evaluate({ payload: document, partnerId: BENCH_PARTNER_ID, correlationId: 'bench' });

  // Same answer first: a faster wrong mapping would be no result at all.
  const [fromNode, fromRaw] = [await ours() as { payload: unknown }, await raw()];
  if (JSON.stringify(fromNode.payload) !== JSON.stringify(fromRaw)) throw new Error('P4: tl-transform and raw jsonata disagree on the mapping result');

  await alternatingRound(ours, raw, options.microSeconds / 2);
  const rawRounds: number[] = [];
  const ourRounds: number[] = [];
  for (let round = 0; round < options.microRounds; round++) {
    const [ourRate, rawRate] = await alternatingRound(ours, raw, options.microSeconds);
    ourRounds.push(ourRate);
    rawRounds.push(rawRate);
    log(`  P4 round ${round + 1}: tl-transform ${formatNumber(ourRounds.at(-1))}/s, raw jsonata ${formatNumber(rawRounds.at(-1))}/s`);
  }
  await harness.close();
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  const ourMedian = median(ourRounds);
  const rawMedian = median(rawRounds);
  return {
    id: 'P4',
    title: 'mapping (~20-line JSONata on the 5.6 KB ack)',
    status: 'ok',
    variants: [
      { name: 'tl-transform (SDK harness)', throughput: ourMedian, unit: 'evals/s', rssMb, extra: { meanMs: 1000 / ourMedian } },
      { name: 'raw jsonata.evaluate', throughput: rawMedian, unit: 'evals/s', rssMb, extra: { meanMs: 1000 / rawMedian } },
    ],
    ratios: [ratioResult('tl-transform vs raw jsonata (evals/s)', ratio(ourMedian, rawMedian))],
    seconds: (performance.now() - started) / 1000,
  };
}
