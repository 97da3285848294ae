// P3 EDI: delegates to runEdiBench() in bench/edi/parse-bench.ts (owned by the EDI engineer) and reports its MB/s and ratios.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchOptions } from '../lib/options.js';
import { ratioResult, type ScenarioResult, type VariantResult } from '../lib/report.js';
import { ratio } from '../lib/stats.js';

export const P3_GOALS = { vsNodeX12: 5 } as const;

const EDI_BENCH = new URL('../edi/parse-bench.js', import.meta.url);

type EdiBench = (options: { quick: boolean }) => Promise<unknown>;

interface ParserFigure {
  name: string;
  mbPerSec: number;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Finds {name, MB/s} entries in whatever shape runEdiBench returns: an array, or an object holding one. */
export function parserFigures(result: unknown): ParserFigure[] {
  const candidates: unknown[] = Array.isArray(result) ? result : Object.values(asRecord(result) ?? {}).filter(Array.isArray).flat();
  const figures: ParserFigure[] = [];
  for (const candidate of candidates) {
    const entry = asRecord(candidate);
    if (!entry) continue;
    const name = [entry.name, entry.parser, entry.variant, entry.label].find((value) => typeof value === 'string');
    const speedKey = Object.keys(entry).find((key) => /^(mb_?per_?s(ec)?|mbps|mbPerSecond|throughput)$/i.test(key) && typeof entry[key] === 'number');
    if (typeof name === 'string' && speedKey) figures.push({ name, mbPerSec: entry[speedKey] as number });
  }
  return figures;
}

function find(figures: ParserFigure[], pattern: RegExp): ParserFigure | undefined {
  return figures.find((figure) => pattern.test(figure.name));
}

export async function runP3(options: BenchOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const base = { id: 'P3', title: 'EDI X12 parse (MB/s)', variants: [], ratios: [] };
  if (!existsSync(fileURLToPath(EDI_BENCH))) return { ...base, status: 'skipped', reason: 'bench/edi/parse-bench.ts not available yet', seconds: 0 };
  const module = (await import(EDI_BENCH.href)) as { runEdiBench?: EdiBench };
  if (typeof module.runEdiBench !== 'function') return { ...base, status: 'skipped', reason: 'bench/edi/parse-bench.ts does not export runEdiBench', seconds: 0 };
  const result = await module.runEdiBench({ quick: options.quick });
  const figures = parserFigures(result);
  if (figures.length === 0) return { ...base, status: 'failed', reason: `runEdiBench returned no {name, MB/s} figures: ${JSON.stringify(result).slice(0, 200)}`, seconds: (performance.now() - started) / 1000 };
  const variants: VariantResult[] = figures.map((figure) => ({ name: figure.name, throughput: figure.mbPerSec, unit: 'MB/s' }));
  const nodeX12 = find(figures, /node-x12/i);
  const x12Parser = find(figures, /x12-parser/i);
  const ours = figures.find((figure) => figure !== nodeX12 && figure !== x12Parser);
  return {
    ...base,
    status: 'ok',
    variants,
    ratios: [
      ratioResult(`${ours?.name ?? 'ours'} vs node-x12 (MB/s)`, ratio(ours?.mbPerSec, nodeX12?.mbPerSec), P3_GOALS.vsNodeX12),
      ratioResult(`${ours?.name ?? 'ours'} vs x12-parser (MB/s)`, ratio(ours?.mbPerSec, x12Parser?.mbPerSec)),
    ],
    seconds: (performance.now() - started) / 1000,
  };
}
