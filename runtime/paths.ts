// Locates the installed Tradelane package root, whether code runs from dist/ (built) or from sources (tests).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'tradelane') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the tradelane package root above ${start}`);
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

export const paths = {
  nodeRedBridge: path.join(PACKAGE_ROOT, 'runtime', 'engine', 'node-red-bridge'),
  designerDist: path.join(PACKAGE_ROOT, 'dist', 'designer'),
  demoFlows: path.join(PACKAGE_ROOT, 'flows'),
  templates: path.join(PACKAGE_ROOT, 'templates'),
};

export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
