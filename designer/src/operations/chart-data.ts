// Turns the overview's (bucket, partner) rows into chart rows: one row per bucket with a column per partner.
import type { OperationsOverview, ThroughputPoint } from '../api/operations-types';

export const NO_PARTNER = '(no partner)';

export interface SeriesKey {
  /** Column name in the chart rows (a partner id, or NO_PARTNER). */
  key: string;
  label: string;
  color: string;
}

export type ChartRow = { at: string } & Record<string, number | string | null>;

const PALETTE = ['#1f5fbf', '#067647', '#a15c07', '#7a5af8', '#d92d20', '#0e9384', '#c11574', '#5a6475'];

/** Partners that have traffic in the range, named from the overview's legend, each with a stable colour. */
export function partnerSeries(overview: OperationsOverview): SeriesKey[] {
  const names = new Map(overview.partners.map((p) => [p.id, p.name]));
  const ids = [...new Set(overview.throughput.map((p) => p.partnerId))].sort();
  return ids.map((id, index) => ({ key: id || NO_PARTNER, label: id ? names.get(id) ?? id : NO_PARTNER, color: PALETTE[index % PALETTE.length]! }));
}

/** Documents that reached the platform in a bucket: `received` counts every inbound one, the refused included. */
export function arrived(point: Pick<ThroughputPoint, 'received'>): number {
  return point.received;
}

/** What went wrong: refused at intake, failed in a flow, or parked as a dead letter. */
export function errored(point: Pick<ThroughputPoint, 'refused' | 'failed' | 'deadLettered'>): number {
  return point.refused + point.failed + point.deadLettered;
}

/** Every bucket of the range (also empty ones, so the time axis is even), in time order. */
function bucketStarts(overview: OperationsOverview): string[] {
  const from = Date.parse(overview.from);
  const to = Date.parse(overview.to);
  const seen = new Set(overview.throughput.map((p) => p.at));
  if (overview.bucketMs > 0 && Number.isFinite(from) && Number.isFinite(to)) {
    const first = overview.throughput.length ? Math.min(...overview.throughput.map((p) => Date.parse(p.at))) : from;
    // Walk from the first bucket the server used, back to the range start and on to its end.
    let at = first;
    while (at - overview.bucketMs >= from) at -= overview.bucketMs;
    for (; at < to; at += overview.bucketMs) seen.add(new Date(at).toISOString());
  }
  return [...seen].sort((a, b) => Date.parse(a) - Date.parse(b));
}

function rows(overview: OperationsOverview, value: (points: ThroughputPoint[]) => number | null): ChartRow[] {
  const byBucket = new Map<number, ThroughputPoint[]>();
  for (const point of overview.throughput) {
    const at = Date.parse(point.at);
    byBucket.set(at, [...(byBucket.get(at) ?? []), point]);
  }
  const series = partnerSeries(overview);
  return bucketStarts(overview).map((at) => {
    const points = byBucket.get(Date.parse(at)) ?? [];
    const row: ChartRow = { at };
    for (const s of series) row[s.key] = value(points.filter((p) => (p.partnerId || NO_PARTNER) === s.key));
    return row;
  });
}

/** Documents arrived per bucket and partner. */
export function throughputRows(overview: OperationsOverview): ChartRow[] {
  return rows(overview, (points) => points.reduce((sum, p) => sum + arrived(p), 0));
}

/** Errors as a percentage of what arrived, per bucket and partner; null where nothing arrived (a gap, not 0 %). */
export function errorRateRows(overview: OperationsOverview): ChartRow[] {
  return rows(overview, (points) => {
    const total = points.reduce((sum, p) => sum + arrived(p), 0);
    const errors = points.reduce((sum, p) => sum + errored(p), 0);
    if (!total) return errors ? 100 : null;
    return Math.min(100, Math.round((errors / total) * 1000) / 10);
  });
}
