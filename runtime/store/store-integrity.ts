// Checks an nedb data file line by line before nedb loads it: refuses a corrupt line (file, line, remedy), drops only a torn last line, quarantines on request.
import { appendFileSync, chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../logger.js';

/** The environment variable that lets a start move unreadable lines aside instead of refusing. */
export const QUARANTINE_SETTING = 'TRADELANE_STORE_QUARANTINE';

export interface StoreIntegrityPolicy {
  /** Move unreadable lines to FILE.quarantine and start; off by default, because that hides records until someone looks. */
  quarantine: boolean;
  logger?: Pick<Logger, 'warn' | 'error'>;
}

let policy: StoreIntegrityPolicy = { quarantine: false };
let quarantinedLines = 0;

/** Set once by the composition root, before the first store opens. */
export function setStoreIntegrityPolicy(next: StoreIntegrityPolicy): void {
  policy = next;
}

/** Exposes the number of quarantined lines since start, so an alert can fire on anything above zero. */
export function registerStoreIntegrityMetrics(registry: Registry): void {
  new Gauge({
    name: 'tradelane_store_quarantined_lines',
    help: `Unreadable store lines moved to <file>.quarantine at this start (${QUARANTINE_SETTING}=1)`,
    registers: [registry],
    collect() { this.set(quarantinedLines); },
  });
}

export class CorruptStoreError extends Error {
  constructor(readonly filename: string, readonly lineNumber: number, reason: string) {
    const name = path.basename(filename);
    super(`${name} line ${lineNumber} is not a readable record (${reason}). Tradelane refuses to start rather than drop it silently. `
      + `Fix or remove that line in ${filename}, restore the file from a backup, or start once with ${QUARANTINE_SETTING}=1 `
      + `to move every unreadable line to ${name}.quarantine and start without them.`);
    this.name = 'CorruptStoreError';
  }
}

/** Why a line is not a record nedb would load, or undefined when it is one. nedb itself skips such lines without a word. */
function unreadable(line: string): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch (error) {
    return `not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'not a JSON object';
  const record = doc as Record<string, unknown>;
  if (record._id !== undefined && record._id !== null && record._id !== '') return undefined;
  if (typeof record.$$indexCreated === 'object' || typeof record.$$indexRemoved === 'string') return undefined;
  return 'no "_id"';
}

interface BadLine {
  lineNumber: number;
  text: string;
  reason: string;
}

/** nedb writes FILE~ and renames it over FILE; when FILE is missing, FILE~ is what nedb will read. */
function fileNedbReads(filename: string): string | undefined {
  if (existsSync(filename)) return filename;
  return existsSync(`${filename}~`) ? `${filename}~` : undefined;
}

/**
 * Reads the whole file (nedb holds it in memory anyway). An unterminated last line that does not parse is a write a
 * crash cut short, never acknowledged: it is cut off with a warning. Any other unreadable line throws CorruptStoreError,
 * or with the quarantine setting is moved to FILE.quarantine with an error log and the metric.
 */
export function checkStoreFile(filename: string): void {
  const target = fileNedbReads(filename);
  if (!target) return;
  const text = readFileSync(target, 'utf8');
  const lines = text.split('\n');
  const last = lines.length - 1;
  const bad: BadLine[] = [];
  let tornTail = false;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const reason = unreadable(line);
    if (!reason) return;
    // split() leaves the text after the final "\n" as the last element: non-empty means the last line has no newline.
    if (index === last) tornTail = true;
    else bad.push({ lineNumber: index + 1, text: line, reason });
  });
  if (bad.length && !policy.quarantine) throw new CorruptStoreError(target, bad[0]!.lineNumber, bad[0]!.reason);
  if (!bad.length && !tornTail) return;
  if (tornTail) policy.logger?.warn({ file: target, line: last + 1 }, 'store ends in a torn line (a write cut short by a crash, never acknowledged); dropped it');
  if (bad.length) quarantine(target, bad);
  const badNumbers = new Set(bad.map((line) => line.lineNumber));
  const kept = lines.slice(0, tornTail ? last : lines.length).filter((_line, index) => !badNumbers.has(index + 1));
  writeFileSync(target, kept.join('\n') + (tornTail ? '\n' : ''), { mode: 0o600 });
}

function quarantine(filename: string, bad: BadLine[]): void {
  const aside = `${filename}.quarantine`;
  appendFileSync(aside, bad.map((line) => `${JSON.stringify({ line: line.lineNumber, reason: line.reason, at: new Date().toISOString(), text: line.text })}\n`).join(''), { mode: 0o600 });
  chmodSync(aside, 0o600);
  quarantinedLines += bad.length;
  policy.logger?.error({ file: filename, quarantine: aside, lines: bad.map((line) => line.lineNumber) },
    `moved ${bad.length} unreadable line(s) of ${path.basename(filename)} to ${path.basename(aside)} (${QUARANTINE_SETTING} is set); those records are not loaded until restored`);
}
