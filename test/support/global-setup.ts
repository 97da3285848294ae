// Before the integration tests, rebuilds each part of dist/ whose sources changed (scripts/ensure-built.mjs), so spawned runtimes run the current code.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './runtime-process.js';

/** Builds the stale parts of a checkout; returns what the build printed (empty when everything was fresh). */
export function ensureBuilt(root: string): string {
  // The same check `npm start` uses: a hash of the sources per part, so nothing is rebuilt when nothing changed.
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'ensure-built.mjs')], { cwd: root, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`build of ${root} failed (${result.status}):\n${output}`);
  return output;
}

export default function setup(): void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'ensure-built.mjs')], { stdio: 'inherit', cwd: REPO_ROOT });
}
