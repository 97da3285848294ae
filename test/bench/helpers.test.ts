// Unit tests for the bench's pure helpers: medians, ratios, goal verdicts, run summaries, table rendering and option parsing.
import { describe, expect, it } from 'vitest';
import { median, ratio, verdict } from '../../bench/lib/stats.js';
import { formatNumber, formatRatio, renderMarkdownTable, renderTable } from '../../bench/lib/table.js';
import { summarizeRuns, type RunResult } from '../../bench/lib/load.js';
import { cpuEfficiency, ratioResult, ratioRows, resultRows, type ScenarioResult } from '../../bench/lib/report.js';
import { parseBenchOptions, SCENARIO_IDS, USAGE } from '../../bench/lib/options.js';
import { parserFigures } from '../../bench/scenarios/p3-edi.js';
import { startFlags } from '../../bench/lib/node-flags.js';

describe('median', () => {
  it('takes the middle of an odd count regardless of order', () => {
    expect(median([30, 10, 20])).toBe(20);
  });
  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('ignores non-finite values and is NaN for nothing', () => {
    expect(median([Number.NaN, 5, Number.POSITIVE_INFINITY])).toBe(5);
    expect(median([])).toBeNaN();
  });
  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('ratio and verdict', () => {
  it('divides ours by the baseline, rounded to two decimals', () => {
    expect(ratio(1781 * 1.5, 1781)).toBe(1.5);
    expect(ratio(2, 3)).toBe(0.67);
  });
  it('is undefined when a side is missing or the baseline is zero', () => {
    expect(ratio(undefined, 10)).toBeUndefined();
    expect(ratio(10, 0)).toBeUndefined();
    expect(ratio(Number.NaN, 10)).toBeUndefined();
  });
  it('judges a goal as met, missed or not applicable', () => {
    expect(verdict({ label: 'x', ratio: 1.5, atLeast: 1.5 })).toBe('met');
    expect(verdict({ label: 'x', ratio: 1.49, atLeast: 1.5 })).toBe('missed');
    expect(verdict({ label: 'x', ratio: undefined, atLeast: 1.5 })).toBe('n/a');
    expect(ratioResult('no goal here', 2)).toEqual({ label: 'no goal here', ratio: 2, verdict: 'no goal' });
  });
});

describe('summarizeRuns', () => {
  const run = (reqPerSec: number, p99Ms: number, rssMb: number | undefined, failures = 0): RunResult => ({ reqPerSec, p50Ms: p99Ms / 3, p99Ms, rssMb, failures, cpuUsPerRequest: reqPerSec * 2, accepted: reqPerSec, seconds: 1 });
  it('reports medians per metric and the sum of failures', () => {
    const summary = summarizeRuns([run(100, 90, 200), run(300, 30, undefined, 2), run(200, 60, 100, 1)]);
    expect(summary.reqPerSec).toBe(200);
    expect(summary.p99Ms).toBe(60);
    expect(summary.rssMb).toBe(150);
    expect(summary.failures).toBe(3);
    expect(summary.cpuUsPerRequest).toBe(400);
    expect(summary.runs).toHaveLength(3);
  });
});

describe('table formatting', () => {
  it('formats numbers with separators and a dash for nothing', () => {
    expect(formatNumber(4212.4)).toBe('4,212');
    expect(formatNumber(83.25, 1)).toBe('83.3');
    expect(formatNumber(undefined)).toBe('-');
    expect(formatRatio(0.8)).toBe('0.80x');
    expect(formatRatio(undefined)).toBe('-');
  });
  it('aligns columns: text left, numbers right, a rule under the header', () => {
    const lines = renderTable(['Name', 'req/s'], [['Node-RED core', '1,781'], ['bare', '4,212'], ['ours', 12]]).split('\n');
    expect(lines).toEqual([
      'Name           req/s',
      '-------------  -----',
      'Node-RED core  1,781',
      'bare           4,212',
      'ours              12',
    ]);
  });
  it('renders Markdown with right-aligned numeric columns and escaped pipes', () => {
    expect(renderMarkdownTable(['Variant', 'req/s'], [['a|b', '1,781']])).toBe('| Variant | req/s |\n| --- | ---: |\n| a\\|b | 1,781 |');
  });
});

describe('report rows', () => {
  const scenarios: ScenarioResult[] = [
    { id: 'P1', title: 'relay', status: 'ok', seconds: 1, variants: [{ name: 'ours', throughput: 2000, unit: 'req/s', p50Ms: 20, p99Ms: 80.04, rssMb: 120.6, failures: 0 }], ratios: [ratioResult('ours vs core', 1.12, 1.5)] },
    { id: 'P2', title: 'queue', status: 'skipped', reason: 'queue node not available', seconds: 0, variants: [], ratios: [] },
  ];
  it('adds a delivered/s row under a variant that reports deliveries', () => {
    const queue: ScenarioResult = { id: 'P2', title: 'queue', status: 'ok', seconds: 1, variants: [{ name: 'ours', throughput: 700, unit: '202/s', extra: { deliveredPerSec: 350.4 } }], ratios: [] };
    expect(resultRows([queue])[1]).toEqual(['P2', '  ours, delivered', '350', 'delivered/s', undefined, undefined, undefined, undefined, undefined]);
  });
  it('gives one row per variant and one row per skipped scenario with its reason', () => {
    expect(resultRows(scenarios)).toEqual([
      ['P1', 'ours', '2,000', 'req/s', '20.0', '80.0', '-', '121', '0'],
      ['P2', 'skipped: queue node not available', undefined, undefined, undefined, undefined, undefined, undefined, undefined],
    ]);
  });
  it('lists every ratio with its goal and verdict', () => {
    expect(ratioRows(scenarios)).toEqual([['P1 ours vs core', '1.12x', '>= 1.5x', 'missed']]);
  });
});

describe('cpuEfficiency', () => {
  it('is the baseline CPU per request over ours, so above 1 means cheaper than the baseline', () => {
    const variant = (cpuUsPerRequest?: number) => ({ name: 'v', throughput: 1, unit: 'req/s', ...(cpuUsPerRequest === undefined ? {} : { cpuUsPerRequest }) });
    expect(cpuEfficiency(variant(1000), variant(2000))).toBe(2);
    expect(cpuEfficiency(variant(1000), variant(800))).toBe(0.8);
    expect(cpuEfficiency(variant(undefined), variant(800))).toBeUndefined();
  });
});

describe('bench options', () => {
  it('uses 50 connections with a warm-up and 3 measured runs by default', () => {
    const options = parseBenchOptions([]);
    expect(options.http).toMatchObject({ connections: 50, runs: 3 });
    expect(options.http.warmupSeconds).toBeGreaterThan(0);
  });
  it('runs every known scenario by default, and accepts each of them, in any case, in --only', () => {
    expect(parseBenchOptions([]).only).toEqual([...SCENARIO_IDS]);
    expect(SCENARIO_IDS).toContain('L1');
    for (const id of SCENARIO_IDS) expect(parseBenchOptions(['--only', id.toLowerCase()]).only).toEqual([id]);
    expect(USAGE).toContain(`--only ${SCENARIO_IDS.join(',')}`);
  });
  it('shortens everything with --quick and filters with --only', () => {
    const full = parseBenchOptions([]);
    const quick = parseBenchOptions(['--quick', '--only', 'p1,P4']);
    expect(quick.http.runSeconds * quick.http.runs).toBeLessThan(full.http.runSeconds * full.http.runs);
    expect(quick.only).toEqual(['P1', 'P4']);
  });
  it('rejects an unknown scenario', () => {
    expect(() => parseBenchOptions(['--only', 'P9'])).toThrow(/unknown scenario "P9"/);
  });
});

describe('parserFigures (P3 result adapter)', () => {
  it('finds name + MB/s entries in an array or inside an object', () => {
    expect(parserFigures([{ name: 'tradelane', mbPerSec: 120 }, { parser: 'node-x12', mbps: 20 }])).toEqual([
      { name: 'tradelane', mbPerSec: 120 },
      { name: 'node-x12', mbPerSec: 20 },
    ]);
    expect(parserFigures({ file: 'x.edi', results: [{ label: 'x12-parser', throughput: 26 }, { label: 'no speed' }] })).toEqual([{ name: 'x12-parser', mbPerSec: 26 }]);
  });
});

describe('startFlags', () => {
  it('takes the node flags of the start script, so the bench runs the runtime the way npm start does', () => {
    expect(startFlags('node scripts/ensure-built.mjs && node --max-semi-space-size=64 dist/runtime/cli.js start')).toEqual(['--max-semi-space-size=64']);
    expect(startFlags('node --a=1 --b dist/runtime/cli.js start')).toEqual(['--a=1', '--b']);
  });
  it('is empty when the script has no flags or does not start the CLI', () => {
    expect(startFlags('node scripts/ensure-built.mjs && node dist/runtime/cli.js start')).toEqual([]);
    expect(startFlags(undefined)).toEqual([]);
  });
});
