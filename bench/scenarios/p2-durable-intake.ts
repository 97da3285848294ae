// P2 durable intake: accepted 202/s and delivered/s through the tl-queue node vs a bare durable-log relay; skipped until tl-queue exists.
import { builtInNodes } from '../../nodes/catalog.js';
import type { CorePlan } from '../lib/cores.js';
import type { BenchOptions } from '../lib/options.js';
import type { ScenarioResult } from '../lib/report.js';
import type { Log } from './log.js';

export const P2_GOALS = { vsBare: 0.6 } as const;

export function queueNodeAvailable(): boolean {
  return builtInNodes.some((descriptor) => descriptor.type === 'tl-queue');
}

export async function runP2(_options: BenchOptions, _cores: CorePlan, _log: Log): Promise<ScenarioResult> {
  return { id: 'P2', title: 'durable intake (202 accepted/s, delivered/s)', status: 'skipped', reason: 'queue node not available', variants: [], ratios: [], seconds: 0 };
}
