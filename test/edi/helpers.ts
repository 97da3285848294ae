// Shared helpers for the EDI tests: fixture loading and a seeded PRNG for deterministic fuzzing.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const fixtureDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function fixture(name: string): string {
  return readFileSync(path.join(fixtureDir, name), 'utf8');
}

/** mulberry32: small, fast and deterministic, so a failing fuzz case can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rewrites SE01 / UNT counts after a test edited a fixture's segments (fixtures use one segment per line). */
export function recount(text: string): string {
  const lines = text.split('\n');
  let start = -1;
  return lines.map((line, index) => {
    if (line.startsWith('ST*') || line.startsWith('UNH+')) start = index;
    if (start >= 0 && line.startsWith('SE*')) return line.replace(/^SE\*\d+/, `SE*${index - start + 1}`);
    if (start >= 0 && line.startsWith('UNT+')) return line.replace(/^UNT\+\d+/, `UNT+${index - start + 1}`);
    return line;
  }).join('\n');
}
