// P4 mapping: the compiled engine and tl-transform's path (SDK harness) vs raw jsonata.evaluate, and every template mapping.
import jsonata from 'jsonata';
import { compileJsonata, createNodeHarness, engineOf } from '../../nodes/sdk/index.js';
import { transformNode } from '../../nodes/canonical/transform-node.js';
import type { BenchOptions } from '../lib/options.js';
import { ratioResult, type RatioResult, type ScenarioResult } from '../lib/report.js';
import { median, ratio } from '../lib/stats.js';
import { ERP_MAPPING, makeAcknowledgement } from '../fixtures/ack-document.js';
import { mapAckByHand } from '../fixtures/erp-mapping-js.js';
import { BENCH_PARTNER_ID } from '../servers/constants.js';
import type { Log } from './log.js';
import { formatNumber } from '../lib/table.js';
import { mappingPair, templateMappings } from './p4-templates.js';

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

/** Measured rounds of two sides; the medians in evaluations per second. */
async function measurePair(a: Evaluate, b: Evaluate, seconds: number, rounds: number): Promise<[number, number]> {
  await alternatingRound(a, b, seconds / 2);
  const first: number[] = [];
  const second: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const [rateA, rateB] = await alternatingRound(a, b, seconds);
    first.push(rateA);
    second.push(rateB);
  }
  return [median(first), median(second)];
}

/** Compiled ÷ jsonata-js for every tl-transform mapping of the shipped templates (no goal each; the reference has one). */
async function templateRatios(options: BenchOptions, log: Log): Promise<RatioResult[]> {
  const ratios: RatioResult[] = [];
  for (const mapping of templateMappings()) {
    const pair = await mappingPair(mapping);
    const [compiledRate, rawRate] = await measurePair(pair.compiled, pair.raw, options.microSeconds / 2, 1);
    log(`  P4 template ${mapping.label}: ${pair.engine} ${formatNumber(compiledRate)}/s, jsonata-js ${formatNumber(rawRate)}/s`);
    ratios.push(ratioResult(`template ${mapping.label} (${pair.engine === 'compiled' ? 'compiled' : 'fell back'}) ÷ jsonata-js`, ratio(compiledRate, rawRate)));
  }
  return ratios;
}

export async function runP4(options: BenchOptions, log: Log): Promise<ScenarioResult> {
  const started = performance.now();
  const document = makeAcknowledgement();
  const harness = await createNodeHarness(transformNode, { expression: ERP_MAPPING, property: 'payload' });
  const reference = jsonata(ERP_MAPPING);
  const compiledExpression = compileJsonata(ERP_MAPPING);
  if (engineOf(compiledExpression).engine !== 'compiled') throw new Error(`P4: the reference mapping does not compile: ${engineOf(compiledExpression).fallbackReason}`);
  const message = { payload: document, partnerId: BENCH_PARTNER_ID, correlationId: 'bench' };
  const ours: Evaluate = async () => {
    const result = await harness.send({ payload: document, partnerId: BENCH_PARTNER_ID });
    if (result.error) throw result.error;
    return result.outputs[0]![0];
  };
  const raw: Evaluate = () => reference.evaluate(message);
  const compiled: Evaluate = () => compiledExpression.evaluate(message);
  // The limit: the same mapping written by hand (async like the others, so only the mapping differs).
  const byHand: Evaluate = async () => mapAckByHand(message);

  // Same answer first: a faster wrong mapping would be no result at all.
  const [fromNode, fromRaw, fromCompiled] = [await ours() as { payload: unknown }, await raw(), await compiled()];
  if (JSON.stringify(fromNode.payload) !== JSON.stringify(fromRaw)) throw new Error('P4: tl-transform and raw jsonata disagree on the mapping result');
  if (JSON.stringify(fromCompiled) !== JSON.stringify(fromRaw)) throw new Error('P4: the compiled mapping and raw jsonata disagree on the result');
  if (JSON.stringify(await byHand()) !== JSON.stringify(fromRaw)) throw new Error('P4: the hand-written mapping and raw jsonata disagree on the result');

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
  const [compiledMedian, rawForCompiled] = await measurePair(compiled, raw, options.microSeconds, options.microRounds);
  log(`  P4 compiled: ${formatNumber(compiledMedian)}/s vs raw jsonata ${formatNumber(rawForCompiled)}/s`);
  const [compiledForHand, handMedian] = await measurePair(compiled, byHand, options.microSeconds, options.microRounds);
  log(`  P4 compiled: ${formatNumber(compiledForHand)}/s vs hand-written JavaScript ${formatNumber(handMedian)}/s`);
  const templates = await templateRatios(options, log);
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  const ourMedian = median(ourRounds);
  const rawMedian = median(rawRounds);
  return {
    id: 'P4',
    title: 'mapping (~20-line JSONata on the 5.6 KB ack)',
    status: 'ok',
    variants: [
      { name: 'compiled JSONata (SDK engine)', throughput: compiledMedian, unit: 'evals/s', rssMb, extra: { meanMs: 1000 / compiledMedian } },
      { name: 'tl-transform (SDK harness)', throughput: ourMedian, unit: 'evals/s', rssMb, extra: { meanMs: 1000 / ourMedian } },
      { name: 'raw jsonata.evaluate', throughput: rawMedian, unit: 'evals/s', rssMb, extra: { meanMs: 1000 / rawMedian } },
      { name: 'hand-written JavaScript mapping', throughput: handMedian, unit: 'evals/s', rssMb, extra: { meanMs: 1000 / handMedian } },
    ],
    ratios: [
      ratioResult('compiled ÷ raw jsonata, reference mapping (evals/s)', ratio(compiledMedian, rawForCompiled), 20),
      ratioResult('tl-transform vs raw jsonata (evals/s)', ratio(ourMedian, rawMedian)),
      ratioResult('compiled ÷ hand-written JavaScript, reference mapping (evals/s)', ratio(compiledForHand, handMedian)),
      ...templates,
    ],
    seconds: (performance.now() - started) / 1000,
  };
}
