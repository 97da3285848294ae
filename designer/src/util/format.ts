// Display formats shared by every screen: timestamps and message rates.

export function formatRate(rate: number | undefined): string {
  if (!rate) return '0';
  return rate >= 10 ? rate.toFixed(0) : rate.toFixed(2);
}

export function formatWhen(value: string | number | undefined): string {
  if (value === undefined || value === '') return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}
