// Builds the server once before the suite when dist/ is missing, so `npx vitest` works from a fresh clone too.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { CLI, REPO_ROOT } from './runtime-process.js';

export default function setup(): void {
  if (!existsSync(CLI)) {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: REPO_ROOT });
  }
}
