// The V8/node flags `npm start` gives the runtime (read from package.json), so the bench measures what users run.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The `--flags` between `node` and `dist/runtime/cli.js` in a start script; [] when there are none. */
export function startFlags(startScript: string | undefined): string[] {
  const match = /\bnode((?:\s+--\S+)*)\s+\S*dist\/runtime\/cli\.js/.exec(startScript ?? '');
  return match?.[1]?.trim() ? match[1].trim().split(/\s+/) : [];
}

export function runtimeStartFlags(repoRoot: string): string[] {
  try {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    return startFlags(manifest.scripts?.start);
  } catch {
    return [];
  }
}
