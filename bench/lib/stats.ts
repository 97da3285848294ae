// Pure numeric helpers for the bench: medians of repeated runs and the ratios we report against the baselines.

/** The middle value (mean of the two middle values for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return Number.NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The value below which p percent of the values fall (nearest rank); NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  return finite[Math.min(finite.length - 1, Math.max(0, Math.ceil((p / 100) * finite.length) - 1))]!;
}

/** ours / baseline, rounded to two decimals; undefined when either side is missing or the baseline is zero. */
export function ratio(ours: number | undefined, baseline: number | undefined): number | undefined {
  if (ours === undefined || baseline === undefined || !Number.isFinite(ours) || !Number.isFinite(baseline) || baseline === 0) return undefined;
  return Math.round((ours / baseline) * 100) / 100;
}

export interface Goal {
  /** What is compared, e.g. "P1 vs Node-RED core". */
  label: string;
  ratio: number | undefined;
  /** The goal, as a minimum ratio. */
  atLeast: number;
}

export type GoalVerdict = 'met' | 'missed' | 'n/a';

export function verdict(goal: Goal): GoalVerdict {
  if (goal.ratio === undefined) return 'n/a';
  return goal.ratio >= goal.atLeast ? 'met' : 'missed';
}
