// The result model every scenario returns, and how it becomes the console table, the ratio table and latest.json.
import os from 'node:os';
import type { RunResult } from './load.js';
import { ratio, verdict, type GoalVerdict } from './stats.js';
import { formatNumber, formatRatio, renderTable, type Cell } from './table.js';

export interface VariantResult {
  /** E.g. "Tradelane flow", "Node-RED core flow", "bare express + undici". */
  name: string;
  /** Throughput in `unit`. */
  throughput: number;
  unit: string;
  p50Ms?: number;
  p99Ms?: number;
  rssMb?: number;
  /** Server CPU time per request (µs), median over the runs. */
  cpuUsPerRequest?: number;
  failures?: number;
  /** Further numbers worth keeping, e.g. delivered/s for P2. */
  extra?: Record<string, number>;
  runs?: RunResult[];
}

export interface RatioResult {
  label: string;
  ratio: number | undefined;
  /** The goal as a minimum ratio, when there is one. */
  goal?: number;
  verdict: GoalVerdict | 'no goal';
}

export interface ScenarioResult {
  id: string;
  title: string;
  status: 'ok' | 'skipped' | 'failed';
  reason?: string;
  variants: VariantResult[];
  ratios: RatioResult[];
  seconds: number;
}

/** baseline CPU per request ÷ ours: above 1 means we spend less CPU per request than the baseline. */
export function cpuEfficiency(ours: VariantResult | undefined, baseline: VariantResult | undefined): number | undefined {
  return ratio(baseline?.cpuUsPerRequest, ours?.cpuUsPerRequest);
}

export function ratioResult(label: string, value: number | undefined, goal?: number): RatioResult {
  return { label, ratio: value, ...(goal === undefined ? {} : { goal }), verdict: goal === undefined ? 'no goal' : verdict({ label, ratio: value, atLeast: goal }) };
}

/** 1.5 -> "1.5", 0.85 -> "0.85": one decimal unless the goal needs two. */
function formatGoal(goal: number): string {
  return Number.isInteger(goal * 10) ? goal.toFixed(1) : goal.toFixed(2);
}

export const RESULT_HEADER = ['Scenario', 'Variant', 'Throughput', 'Unit', 'p50 ms', 'p99 ms', 'CPU µs/req', 'RSS MB', 'Failed'] as const;
export const RATIO_HEADER = ['Ratio', 'Measured', 'Goal', 'Verdict'] as const;

export function resultRows(scenarios: readonly ScenarioResult[]): Cell[][] {
  const rows: Cell[][] = [];
  for (const scenario of scenarios) {
    if (scenario.status !== 'ok') {
      rows.push([scenario.id, `${scenario.status}: ${scenario.reason ?? ''}`.trim(), undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
      continue;
    }
    for (const variant of scenario.variants) {
      rows.push([
        scenario.id,
        variant.name,
        formatNumber(variant.throughput, variant.throughput < 100 ? 1 : 0),
        variant.unit,
        formatNumber(variant.p50Ms, 1),
        formatNumber(variant.p99Ms, 1),
        formatNumber(variant.cpuUsPerRequest, 0),
        formatNumber(variant.rssMb, 0),
        variant.failures === undefined ? undefined : formatNumber(variant.failures),
      ]);
      const delivered = variant.extra?.deliveredPerSec;
      if (delivered !== undefined) rows.push([scenario.id, `  ${variant.name}, delivered`, formatNumber(delivered, delivered < 100 ? 1 : 0), 'delivered/s', undefined, undefined, undefined, undefined, undefined]);
    }
  }
  return rows;
}

export function ratioRows(scenarios: readonly ScenarioResult[]): Cell[][] {
  return scenarios.flatMap((scenario) => scenario.ratios.map((entry): Cell[] => [
    `${scenario.id} ${entry.label}`,
    formatRatio(entry.ratio),
    entry.goal === undefined ? undefined : `>= ${formatGoal(entry.goal)}x`,
    entry.verdict,
  ]));
}

export function renderReport(scenarios: readonly ScenarioResult[]): string {
  return `${renderTable(RESULT_HEADER, resultRows(scenarios))}\n\n${renderTable(RATIO_HEADER, ratioRows(scenarios))}`;
}

export interface MachineFacts {
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  loadAverage: number[];
  taskset: boolean;
}

export function machineFacts(taskset: boolean): MachineFacts {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
    taskset,
  };
}
