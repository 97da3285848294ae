// Test runner configuration: two projects, unit (in-process) and integration (spawns the runtime, a browser or a server); every file runs in its own forked process because Node-RED can be initialised once per process.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/** A test is an integration test when it lives with them or starts something outside its own process. */
const INTEGRATION_FOLDERS = ['test/integration/', 'test/browser/'];
const STARTS_OUTSIDE = /runtime-process\.js|browser\/support\/|support\/browser\.js|postgres-server\.js|redis-server|child_process/;

function testFiles(): string[] {
  return (readdirSync('test', { recursive: true }) as string[])
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => path.posix.join('test', file.split(path.sep).join('/')))
    .sort();
}

const RELATIVE_IMPORT = /from '(\.{1,2}\/[^']+)'/g;

/** Whether the file, or a test helper it imports (transitively), starts something outside the test process. */
function startsOutside(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file) || !file.startsWith('test/') || !existsSync(file)) return false;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  if (STARTS_OUTSIDE.test(source)) return true;
  for (const [, specifier] of source.matchAll(RELATIVE_IMPORT)) {
    if (startsOutside(path.posix.join(path.posix.dirname(file), specifier!.replace(/\.js$/, '.ts')), seen)) return true;
  }
  return false;
}

function isIntegration(file: string): boolean {
  return INTEGRATION_FOLDERS.some((folder) => file.startsWith(folder)) || startsOutside(file);
}

const files = testFiles();

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: files.filter((file) => !isIntegration(file)) } },
      // Only the integration project builds: spawned runtimes must run the current code (see test/support/global-setup.ts).
      { extends: true, test: { name: 'integration', include: files.filter(isIntegration), globalSetup: ['test/support/global-setup.ts'] } },
    ],
  },
});
