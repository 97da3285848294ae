// A throwaway copy of this checkout's server sources (node_modules linked, no designer), for tests that change code and rebuild it.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureBuilt } from './global-setup.js';
import { REPO_ROOT } from './runtime-process.js';
import { BUILD_PARTS } from '../../scripts/source-stamp.mjs';

/** The server build's own sources (so a new tsconfig is never forgotten here), plus the build scripts and what the runtime reads at start. */
const COPIED = [...new Set([...BUILD_PARTS.server.sources, 'scripts', 'flows', 'templates'])];

export interface CheckoutCopy {
  root: string;
  /** The copy's built CLI, for startRuntime({ cli }). */
  cli: string;
  /** Replaces one exact passage of a source file; fails when the passage is not there (the test would prove nothing). */
  edit(file: string, passage: string, replacement: string): void;
  /** Builds what changed, as the suite's global setup does; returns the build's output (empty when nothing was stale). */
  build(): string;
  remove(): void;
}

export function copyCheckout(): CheckoutCopy {
  const root = mkdtempSync(path.join(tmpdir(), 'tradelane-checkout-'));
  for (const entry of COPIED) cpSync(path.join(REPO_ROOT, entry), path.join(root, entry), { recursive: true });
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return {
    root,
    cli: path.join(root, 'dist', 'runtime', 'cli.js'),
    edit(file, passage, replacement) {
      const full = path.join(root, file);
      const source = readFileSync(full, 'utf8');
      if (!source.includes(passage)) throw new Error(`${file} does not contain ${JSON.stringify(passage)}`);
      writeFileSync(full, source.split(passage).join(replacement));
    },
    build: () => ensureBuilt(root),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
