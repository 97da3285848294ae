// Before the suite, rebuilds dist/ (server, bench) and dist/designer when any source is newer, so spawned runtimes run the current code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { CLI, REPO_ROOT } from './runtime-process.js';

const SERVER_SOURCES = ['runtime', 'nodes', 'bench'];
const DESIGNER_SOURCES = ['designer'];
const DESIGNER_INDEX = path.join(REPO_ROOT, 'dist', 'designer', 'index.html');

/** Newest modification time of any file below the given folders (0 when none exist). */
function newestSource(folders: string[]): number {
  let newest = 0;
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const folder of folders) {
    const full = path.join(REPO_ROOT, folder);
    if (existsSync(full)) visit(full);
  }
  return newest;
}

function builtAt(file: string): number {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

export default function setup(): void {
  // The build script compiles the server and then the designer; it is the one way to build, also here.
  const stale = builtAt(CLI) < newestSource(SERVER_SOURCES) || builtAt(DESIGNER_INDEX) < newestSource(DESIGNER_SOURCES);
  if (stale) execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: REPO_ROOT });
}
