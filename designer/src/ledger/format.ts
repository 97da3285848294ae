// Text for operator screens: business keys in one line, durations between steps, and datetime-local <-> ISO for time filters.
import type { BusinessKeys } from '../api/ledger-types';

const KEY_LABELS: Record<keyof BusinessKeys, string> = {
  poNumber: 'PO', ackNumber: 'ack', shipmentId: 'ASN', invoiceNumber: 'invoice', customerOrderNumber: 'order',
};

export function keyEntries(keys: BusinessKeys): Array<[string, string]> {
  return (Object.keys(KEY_LABELS) as Array<keyof BusinessKeys>).filter((name) => keys[name]).map((name) => [KEY_LABELS[name], keys[name]!]);
}

/** 90_000 -> "1 min 30 s"; 26 h -> "1 d 2 h". Two units are enough to compare steps. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.round(Math.abs(ms) / 1000);
  if (rest < 1) return `${sign}${Math.abs(ms)} ms`;
  const units: Array<[string, number]> = [['d', 86_400], ['h', 3600], ['min', 60], ['s', 1]];
  const parts: string[] = [];
  for (const [label, size] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)} ${label}`);
      rest %= size;
    } else if (parts.length) break;
  }
  return sign + parts.join(' ');
}

/** An ISO date-time as a datetime-local input shows it (local time, minutes). */
export function isoToLocalInput(iso: string | undefined): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value as the ISO date-time the API takes; empty stays empty. */
export function localInputToIso(value: string): string {
  return value && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : '';
}
