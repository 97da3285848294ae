// Build everything a user runs: the server (tsc -> dist/) and the designer (vite -> dist/designer).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: false });
  if (result.status !== 0) {
    console.error(`build: "${cmd} ${args.join(' ')}" failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);
// The package's bin: executable so `npx tradelane` works on every platform npm supports.
chmodSync(path.join(root, 'dist', 'runtime', 'cli.js'), 0o755);
if (existsSync(path.join(root, 'designer', 'index.html'))) {
  run(bin('vite'), ['build', '--config', 'designer/vite.config.ts', '--logLevel', 'warn']);
}
