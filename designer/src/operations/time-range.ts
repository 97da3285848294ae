// The dashboard's time ranges (last hour, 24 h, 7 days) and the from/to window each one means right now.
import type { TimeWindow } from './operations-api';

export type RangeId = '1h' | '24h' | '7d';

export const RANGES: ReadonlyArray<{ id: RangeId; label: string; ms: number }> = [
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '24h', label: 'Last 24 h', ms: 86_400_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
];

export function windowOf(range: RangeId, now = Date.now()): TimeWindow {
  const ms = RANGES.find((r) => r.id === range)?.ms ?? RANGES[1]!.ms;
  return { from: new Date(now - ms).toISOString(), to: new Date(now).toISOString() };
}

/** Axis label for a bucket start: time of day for short ranges, day and hour for a week. */
export function bucketLabel(at: string, range: RangeId): string {
  const date = new Date(at);
  if (range === '7d') return date.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
