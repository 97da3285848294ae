// Command-line options of `npm run bench`: --quick, --only P1,P4 and --cpu-prof, turned into load plans.
import { parseArgs } from 'node:util';
import type { LoadPlan } from './load.js';

export const SCENARIO_IDS = ['P1', 'P2', 'P3', 'P4', 'D1', 'L1'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export interface BenchOptions {
  quick: boolean;
  only: ScenarioId[];
  /** Write a V8 CPU profile of each server under test into this directory. */
  cpuProfDir: string | undefined;
  http: LoadPlan;
  /** Seconds each in-process micro benchmark (P4) runs per measured round. */
  microSeconds: number;
  microRounds: number;
}

export const USAGE = `Usage: npm run bench -- [--quick] [--only P1,P2,P3,P4,D1,L1] [--cpu-prof DIR]

  --quick        short run (under 3 minutes): 1 s warm-up, 2 x 4 s measured runs
  --only LIST    run only these scenarios
  --cpu-prof DIR write a V8 CPU profile of every server under test into DIR`;

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, 'cpu-prof': { type: 'string' }, help: { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.help) throw new UsageRequest();
  const only = values.only
    ? values.only.split(',').map((id) => id.trim().toUpperCase()).filter(Boolean)
    : [...SCENARIO_IDS];
  for (const id of only) if (!(SCENARIO_IDS as readonly string[]).includes(id)) throw new Error(`--only: unknown scenario "${id}" (known: ${SCENARIO_IDS.join(', ')})`);
  const quick = values.quick;
  return {
    quick,
    only: only as ScenarioId[],
    cpuProfDir: values['cpu-prof'],
    http: quick ? { connections: 50, warmupSeconds: 2, runSeconds: 4, runs: 2 } : { connections: 50, warmupSeconds: 10, runSeconds: 20, runs: 3 },
    microSeconds: quick ? 1 : 3,
    microRounds: quick ? 2 : 3,
  };
}

/** Thrown for --help: the caller prints USAGE and exits 0. */
export class UsageRequest extends Error {
  constructor() {
    super('help requested');
  }
}
