// Build everything a user runs: the server (tsc -> dist/) and the designer (vite -> dist/designer); `build.mjs server` or `build.mjs designer` builds one part.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { BUILD_PARTS, sourceStamp, writeStamp } from './source-stamp.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TS_BUILD_INFO = path.join(root, 'dist', '.tsbuildinfo');
const SDK_BUILD_INFO = path.join(root, 'dist', '.tsbuildinfo-sdk');

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: false });
  if (result.status !== 0) {
    console.error(`build: "${cmd} ${args.join(' ')}" failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function buildServer() {
  // Incremental: tsc re-emits only what changed. Its info file does not notice deleted outputs, so a missing output starts over.
  if (BUILD_PARTS.server.outputs.some((output) => !existsSync(path.join(root, output)))) rmSync(TS_BUILD_INFO, { force: true });
  if (!existsSync(path.join(root, 'dist', 'nodes', 'sdk', 'index.d.ts'))) rmSync(SDK_BUILD_INFO, { force: true });
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  run(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', TS_BUILD_INFO]);
  // The SDK's type declarations, so node packages outside this tree type-check against `tradelane/sdk` (decision 76).
  run(process.execPath, [tsc, '-p', 'tsconfig.sdk.json', '--incremental', '--tsBuildInfoFile', SDK_BUILD_INFO]);
  // The package's bin: executable so `npx tradelane` works on every platform npm supports.
  chmodSync(path.join(root, 'dist', 'runtime', 'cli.js'), 0o755);
}

function buildDesigner() {
  run(bin('vite'), ['build', '--config', 'designer/vite.config.ts', '--logLevel', 'warn']);
}

const builders = { server: buildServer, designer: buildDesigner };
const requested = process.argv.slice(2);
const unknown = requested.filter((part) => !(part in builders));
if (unknown.length) {
  console.error(`build: unknown part ${unknown.join(', ')} (parts: ${Object.keys(builders).join(', ')})`);
  process.exit(2);
}
const parts = (requested.length ? requested : Object.keys(builders)).filter((part) => part !== 'designer' || existsSync(path.join(root, 'designer', 'index.html')));
for (const part of parts) {
  // Stamped with the sources as they were when the build began, so an edit during the build is rebuilt next time.
  const stamp = sourceStamp(root, part);
  builders[part]();
  writeStamp(root, part, stamp);
}
