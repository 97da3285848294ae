// Several sample messages per node and field, kept in the browser (localStorage) so they survive reloads
// without touching the flow's config (which the runtime validates strictly).
const PREFIX = 'tradelane.samples:';

export const DEFAULT_SAMPLE = '{\n  "payload": {}\n}';

export function loadSamples(key: string): string[] {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (Array.isArray(parsed) && parsed.every((s) => typeof s === 'string') && parsed.length) return parsed;
  } catch {
    // unreadable storage: start fresh
  }
  return [DEFAULT_SAMPLE];
}

export function saveSamples(key: string, samples: string[]): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(samples));
  } catch {
    // storage full or disabled: samples then live for this session only
  }
}
