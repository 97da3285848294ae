// Fingerprints of the sources each build part is made from, so a build is redone exactly when its sources changed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SKIPPED = new Set(['node_modules', 'dist']);

/** The build parts: what each is made from, what it produces, and where its stamp lives (inside dist/, so a clean wipes it). */
export const BUILD_PARTS = {
  server: {
    sources: ['runtime', 'nodes', 'bench', 'tsconfig.json', 'tsconfig.base.json', 'tsconfig.build.json', 'tsconfig.sdk.json', 'package.json'],
    outputs: ['dist/runtime/cli.js', 'dist/bench/run.js', 'dist/nodes/sdk/index.d.ts'],
    stamp: 'dist/.stamp-server',
  },
  designer: {
    // The designer imports SDK types only, which vite strips, so nodes/ changes do not rebuild it.
    sources: ['designer', 'package.json'],
    outputs: ['dist/designer/index.html'],
    stamp: 'dist/.stamp-designer',
  },
};

function listFiles(root, relative, files) {
  const full = path.join(root, relative);
  if (!existsSync(full)) return;
  if (!statSync(full).isDirectory()) {
    files.push(relative);
    return;
  }
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || entry.name.startsWith('.')) continue;
    listFiles(root, path.join(relative, entry.name), files);
  }
}

/** A hash of every source file's path and content: edits, added and deleted files all change it; touching a file does not. */
export function sourceStamp(root, part) {
  const files = [];
  for (const source of BUILD_PARTS[part].sources) listFiles(root, source, files);
  const hash = createHash('sha256');
  for (const file of files.sort()) hash.update(`${file}\0`).update(readFileSync(path.join(root, file))).update('\0');
  return hash.digest('hex');
}

/** Whether the part's outputs exist and were built from exactly the current sources. */
export function isFresh(root, part, stamp = sourceStamp(root, part)) {
  const { outputs, stamp: stampFile } = BUILD_PARTS[part];
  if (outputs.some((output) => !existsSync(path.join(root, output)))) return false;
  const stampPath = path.join(root, stampFile);
  return existsSync(stampPath) && readFileSync(stampPath, 'utf8').trim() === stamp;
}

export function writeStamp(root, part, stamp) {
  writeFileSync(path.join(root, BUILD_PARTS[part].stamp), `${stamp}\n`);
}
