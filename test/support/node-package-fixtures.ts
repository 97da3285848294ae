// Writes node packages for the loader tests: a generated package made buildable offline, and broken ones of each kind.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './runtime-process.js';

/**
 * Gives a generated package what `npm install` would, without the network: this checkout as `tradelane` (the peer
 * dependency that provides the SDK) and its TypeScript, vitest and Node types, with their bin links.
 */
export function linkToolchain(packageDir: string): void {
  const modules = path.join(packageDir, 'node_modules');
  mkdirSync(path.join(modules, '@types'), { recursive: true });
  mkdirSync(path.join(modules, '.bin'), { recursive: true });
  symlinkSync(REPO_ROOT, path.join(modules, 'tradelane'), 'dir');
  for (const name of ['typescript', 'vitest', '@types/node']) symlinkSync(path.join(REPO_ROOT, 'node_modules', name), path.join(modules, name), 'dir');
  symlinkSync('../typescript/bin/tsc', path.join(modules, '.bin', 'tsc'));
  symlinkSync('../vitest/vitest.mjs', path.join(modules, '.bin', 'vitest'));
}

/** A plain-JS descriptor (what defineNode() returns), for packages that need no SDK import. */
export function plainDescriptorSource(type: string, extra = ''): string {
  return `{ type: '${type}', category: 'custom', label: '${type}', summary: 'A test node.', inputs: 1, outputs: [{ label: 'out' }],
    sideEffects: 'none', configSchema: { type: 'object', properties: {} }, docs: 'Test.', origin: 'tradelane',
    create: () => ({ onInput: (msg) => msg })${extra} }`;
}

export const BROKEN_IMPORT_LINE = 3;

/** Three broken packages: one whose import throws, one with an invalid descriptor, one that redefines a built-in type. */
export function writeBrokenPackages(nodesDir: string): void {
  writeFileSync(path.join(nodesDir, 'throws-on-import.mjs'), `// Fails while it is imported.\nexport const fine = 1;\nthrow new Error('cannot reach the license server');\n`);
  writeFileSync(path.join(nodesDir, 'invalid-descriptor.cjs'), `module.exports = { bad: ${plainDescriptorSource('Not A Type')} };\n`);
  const duplicate = path.join(nodesDir, 'duplicate-type');
  mkdirSync(duplicate);
  writeFileSync(path.join(duplicate, 'package.json'), JSON.stringify({ name: 'tradelane-node-duplicate', version: '2.0.0', type: 'module', main: 'index.js' }));
  writeFileSync(path.join(duplicate, 'index.js'), `export const change = ${plainDescriptorSource('change')};\n`);
}
