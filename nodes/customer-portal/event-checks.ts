// Located checks of availability events and reads: an invalid event is refused whole, before anything is written.
import { NodeError } from '../sdk/index.js';
import type { AvailabilityUpdate } from './availability-cache.js';

export const MAX_SKUS_PER_READ = 500;

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function positionProblems(item: unknown, at: string): Array<{ path: string; message: string }> {
  const position = (item ?? {}) as Partial<AvailabilityUpdate>;
  return [
    ...(isText(position.sku) ? [] : [{ path: `${at}.sku`, message: 'must be a non-empty string' }]),
    ...(isText(position.location) ? [] : [{ path: `${at}.location`, message: 'must be a non-empty string' }]),
    ...(isFiniteNumber(position.available) ? [] : [{ path: `${at}.available`, message: 'must be a number' }]),
    ...(position.onHand === undefined || isFiniteNumber(position.onHand) ? [] : [{ path: `${at}.onHand`, message: 'must be a number' }]),
    ...(isText(position.asOf) && !Number.isNaN(Date.parse(position.asOf)) ? [] : [{ path: `${at}.asOf`, message: 'must be an ISO date-time' }]),
  ];
}

/** The updates of msg.payload: {positions: [...]} or one position. */
export function updatesOf(payload: unknown): AvailabilityUpdate[] {
  const positions = (payload as { positions?: unknown } | null)?.positions;
  const list: unknown[] = Array.isArray(positions) ? positions : [payload];
  const problems = list.flatMap((item, index) => positionProblems(item, Array.isArray(positions) ? `$.positions[${index}]` : '$'));
  if (problems.length) throw new NodeError('AVAILABILITY_INVALID', `availability event is invalid: ${problems[0]!.path} ${problems[0]!.message}`, { retryable: false, details: problems });
  return list as AvailabilityUpdate[];
}

/** SKUs from an array or a comma-separated string; at least one, at most MAX_SKUS_PER_READ. */
export function skuListOf(value: unknown): string[] {
  const list: unknown[] = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [];
  const skus = list.map((sku) => (typeof sku === 'string' ? sku.trim() : '')).filter(Boolean);
  if (!skus.length) throw new NodeError('AVAILABILITY_NO_SKUS', 'no SKUs to read: skusExpression gave nothing', { retryable: false, details: [{ path: '$.skus', message: 'name at least one SKU' }] });
  if (skus.length > MAX_SKUS_PER_READ) throw new NodeError('AVAILABILITY_TOO_MANY_SKUS', `at most ${MAX_SKUS_PER_READ} SKUs per read, got ${skus.length}`, { retryable: false, details: [{ path: '$.skus', message: `at most ${MAX_SKUS_PER_READ} SKUs` }] });
  return skus;
}
