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
  /** runEdiBench's parser key ("tradelane", "node-x12", ...) and document size, when it reports them. */
  parser?: string;
  lines?: number;
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
    const name = [entry.name, entry.label, entry.parser, entry.variant].find((value) => typeof value === 'string');
    const speedKey = Object.keys(entry).find((key) => /^(mb_?per_?s(ec)?|mbps|mbPerSecond|throughput)$/i.test(key) && typeof entry[key] === 'number');
    if (typeof name !== 'string' || !speedKey) continue;
    const figure: ParserFigure = { name, mbPerSec: entry[speedKey] as number };
    if (typeof entry.parser === 'string' && entry.parser !== name) figure.parser = entry.parser;
    if (typeof entry.lines === 'number') figure.lines = entry.lines;
    figures.push(figure);
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
  // One ratio pair per document size when the figures say which parser and size they are; otherwise guess by name.
  const sizes = [...new Set(figures.map((figure) => figure.lines))];
  const ratios = sizes.flatMap((lines) => {
    const ofSize = figures.filter((figure) => figure.lines === lines);
    const nodeX12 = ofSize.find((figure) => figure.parser === 'node-x12') ?? find(ofSize, /node-x12/i);
    const x12Parser = ofSize.find((figure) => figure.parser === 'x12-parser') ?? find(ofSize, /x12-parser/i);
    const ours = ofSize.find((figure) => figure.parser === 'tradelane') ?? ofSize.find((figure) => figure !== nodeX12 && figure !== x12Parser);
    const size = lines === undefined ? '' : `, ${lines.toLocaleString('en-US')}-line 850`;
    return [
      ratioResult(`X12 reader vs node-x12${size}`, ratio(ours?.mbPerSec, nodeX12?.mbPerSec), P3_GOALS.vsNodeX12),
      ratioResult(`X12 reader vs x12-parser${size}`, ratio(ours?.mbPerSec, x12Parser?.mbPerSec)),
    ];
  });
  return { ...base, status: 'ok', variants, ratios, seconds: (performance.now() - started) / 1000 };
}
