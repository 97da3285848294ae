// Build on first use: `npm start` must work even when install scripts were skipped.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const needed = [path.join(root, 'dist', 'runtime', 'cli.js'), path.join(root, 'dist', 'bench', 'run.js')];
if (existsSync(path.join(root, 'designer', 'index.html'))) needed.push(path.join(root, 'dist', 'designer', 'index.html'));

if (needed.some((file) => !existsSync(file))) {
  console.log('tradelane: first run, building server and designer…');
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
