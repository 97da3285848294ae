// Builds what is stale before start, bench and the test suite: each part whose sources differ from its stamp (or that was never built).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { BUILD_PARTS, isFresh } from './source-stamp.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const parts = Object.keys(BUILD_PARTS).filter((part) => part !== 'designer' || existsSync(path.join(root, 'designer', 'index.html')));
const stale = parts.filter((part) => !isFresh(root, part));

if (stale.length) {
  console.error(`tradelane: building ${stale.join(' and ')} (sources changed since the last build)…`);
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), ...stale], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
