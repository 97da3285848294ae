// Installed node packages: tradelane-node-* and packages with a "tradelane" key are found and loaded (ESM and CJS); others are left alone.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInNodes } from '../../nodes/catalog.js';
import { discoverNodesDir, discoverNpmPackages } from '../../runtime/node-packages/discover.js';
import { loadNodePackages } from '../../runtime/node-packages/load-node-packages.js';
import { plainDescriptorSource } from '../support/node-package-fixtures.js';

function writePackage(nodeModules: string, dir: string, manifest: Record<string, unknown>, files: Record<string, string>): void {
  const root = path.join(nodeModules, dir);
  mkdirSync(root, { recursive: true });
  writeFileSync(path.join(root, 'package.json'), JSON.stringify(manifest));
  for (const [file, content] of Object.entries(files)) writeFileSync(path.join(root, file), content);
}

describe('installed node packages', () => {
  const nodeModules = mkdtempSync(path.join(tmpdir(), 'tradelane-modules-'));
  writePackage(nodeModules, 'tradelane-node-esm', { name: 'tradelane-node-esm', version: '1.2.3', type: 'module', main: 'main.js' }, { 'main.js': `export default [${plainDescriptorSource('acme-esm')}];\n` });
  writePackage(nodeModules, '@acme/edi-extras', { name: '@acme/edi-extras', version: '0.4.0', tradelane: { nodes: ['lib/nodes.cjs'] } }, {});
  mkdirSync(path.join(nodeModules, '@acme/edi-extras/lib'));
  writeFileSync(path.join(nodeModules, '@acme/edi-extras/lib/nodes.cjs'), `exports.one = ${plainDescriptorSource('acme-cjs')};\n`);
  writePackage(nodeModules, 'left-pad', { name: 'left-pad', version: '1.0.0' }, { 'index.js': 'module.exports = () => {};' });
  writePackage(nodeModules, 'tradelane-node-unbuilt', { name: 'tradelane-node-unbuilt', version: '0.1.0', tradelane: { nodes: ['dist/index.js'] } }, {});

  it('finds packages by name prefix or "tradelane" key, scoped ones included, and nothing else', () => {
    const names = discoverNpmPackages([nodeModules]).map((candidate) => candidate.name);
    expect(names.sort()).toEqual(['@acme/edi-extras', 'tradelane-node-esm', 'tradelane-node-unbuilt']);
  });

  it('loads ESM and CJS modules and reports an unbuilt package without loading it', async () => {
    const loaded = await loadNodePackages(discoverNpmPackages([nodeModules]), builtInNodes);
    expect(loaded.nodes.map((node) => [node.descriptor.type, node.package.name, node.package.version]).sort()).toEqual([['acme-cjs', '@acme/edi-extras', '0.4.0'], ['acme-esm', 'tradelane-node-esm', '1.2.3']]);
    const unbuilt = loaded.packages.find((report) => report.name === 'tradelane-node-unbuilt');
    expect(unbuilt).toMatchObject({ status: 'broken', nodes: [] });
    expect(unbuilt!.error).toContain(path.join('tradelane-node-unbuilt', 'dist', 'index.js'));
    expect(unbuilt!.error).toContain('no such file');
  });

  it('reports a missing TRADELANE_NODES_DIR instead of failing', () => {
    const missing = path.join(nodeModules, 'no-such-dir');
    expect(discoverNodesDir(missing)).toEqual([expect.objectContaining({ problem: `TRADELANE_NODES_DIR ${missing}: no such directory` })]);
  });
});
