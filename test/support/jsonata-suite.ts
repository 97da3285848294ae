// Locates and loads the official JSONata test suite (jsonata-js v2.2.2 test/test-suite), shared beside the project, never copied into it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export type SuiteExpectation =
  | { kind: 'result'; value: unknown; unordered: boolean }
  | { kind: 'undefined' }
  | { kind: 'error'; code: string; token?: string };

export interface SuiteCase {
  id: string;
  expr: string;
  data: unknown;
  bindings: Record<string, unknown>;
  expected: SuiteExpectation;
  timelimit?: number;
  depth?: number;
}

/**
 * JSONATA_TEST_SUITE wins; otherwise `../shared/jsonata-test-suite` from the repository root, then from each ancestor
 * (a git worktree or a CI checkout may sit one level deeper than the main clone). Lists every place it looked.
 */
export function locateJsonataSuite(): { dir?: string; searched: string[] } {
  const searched: string[] = [];
  const fromEnv = process.env.JSONATA_TEST_SUITE;
  if (fromEnv) {
    searched.push(path.resolve(fromEnv));
    return existsSync(path.join(fromEnv, 'groups')) ? { dir: path.resolve(fromEnv), searched } : { searched };
  }
  for (let dir = path.dirname(REPO_ROOT); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'jsonata-test-suite');
    searched.push(candidate);
    if (existsSync(path.join(candidate, 'groups'))) return { dir: candidate, searched };
    if (path.dirname(dir) === dir) return { searched };
  }
}

interface RawCase {
  expr?: string;
  'expr-file'?: string;
  data?: unknown;
  dataset?: string | null;
  bindings?: Record<string, unknown>;
  result?: unknown;
  undefinedResult?: boolean;
  code?: string;
  token?: string;
  error?: { code: string };
  unordered?: boolean;
  timelimit?: number;
  depth?: number;
}

function expectation(raw: RawCase): SuiteExpectation {
  if ('result' in raw) return { kind: 'result', value: raw.result, unordered: raw.unordered === true };
  if (raw.undefinedResult) return { kind: 'undefined' };
  const code = raw.code ?? raw.error?.code;
  if (code) return raw.token === undefined ? { kind: 'error', code } : { kind: 'error', code, token: raw.token };
  return { kind: 'undefined' };
}

/** Every case, in group and file order, with datasets resolved; datasets are shared, so runners should clone the data before each evaluation. */
export function loadSuiteCases(dir: string): SuiteCase[] {
  const datasets = new Map<string, unknown>();
  const dataset = (name: string): unknown => {
    if (!datasets.has(name)) datasets.set(name, JSON.parse(readFileSync(path.join(dir, 'datasets', `${name}.json`), 'utf8')));
    return datasets.get(name);
  };
  const cases: SuiteCase[] = [];
  for (const group of readdirSync(path.join(dir, 'groups')).sort()) {
    const groupDir = path.join(dir, 'groups', group);
    for (const file of readdirSync(groupDir).filter((name) => name.endsWith('.json')).sort()) {
      const parsed = JSON.parse(readFileSync(path.join(groupDir, file), 'utf8')) as RawCase | RawCase[];
      const list = Array.isArray(parsed) ? parsed : [parsed];
      list.forEach((raw, index) => {
        const expr = raw['expr-file'] ? readFileSync(path.join(groupDir, raw['expr-file']), 'utf8') : raw.expr ?? '';
        const data = 'data' in raw ? raw.data : typeof raw.dataset === 'string' ? dataset(raw.dataset) : undefined;
        const entry: SuiteCase = { id: `${group}/${file}${list.length > 1 ? `#${index}` : ''}`, expr, data, bindings: raw.bindings ?? {}, expected: expectation(raw) };
        if (raw.timelimit !== undefined) entry.timelimit = raw.timelimit;
        if (raw.depth !== undefined) entry.depth = raw.depth;
        cases.push(entry);
      });
    }
  }
  return cases;
}
