// Spawned runtimes run current code: the suite's global setup rebuilds a checkout whose nodes/ changed, and skips the build when nothing did.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/global-setup.js';
import { REPO_ROOT, startRuntime } from '../support/runtime-process.js';

// A copy of the server's sources (no designer: the build skips it), so editing a node never touches this checkout.
const COPIED = ['runtime', 'nodes', 'bench', 'scripts', 'flows', 'templates', 'package.json', 'tsconfig.json', 'tsconfig.base.json', 'tsconfig.build.json'];
const NODE_FILE = path.join('nodes', 'canonical', 'transform-node.ts');
const SUMMARY = 'Maps the message with a JSONata expression';

let checkout: string;

async function transformSummary(): Promise<string> {
  const runtime = await startRuntime({ cli: path.join(checkout, 'dist', 'runtime', 'cli.js') });
  try {
    const token = await runtime.login();
    const catalog = await runtime.api<{ nodes: Array<{ type: string; summary: string }> }>('GET', '/api/nodes', undefined, token);
    return catalog.body.nodes.find((node) => node.type === 'tl-transform')!.summary;
  } finally {
    await runtime.stop();
  }
}

describe('the test build is never stale', () => {
  beforeAll(() => {
    checkout = mkdtempSync(path.join(tmpdir(), 'tradelane-checkout-'));
    for (const entry of COPIED) cpSync(path.join(REPO_ROOT, entry), path.join(checkout, entry), { recursive: true });
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(checkout, 'node_modules'), 'dir');
  });

  afterAll(() => rmSync(checkout, { recursive: true, force: true }));

  it('rebuilds after a change in nodes/, and not again when nothing changed', async () => {
    expect(ensureBuilt(checkout)).toContain('building server');
    expect(await transformSummary()).toContain(SUMMARY);
    expect(ensureBuilt(checkout)).toBe('');

    const source = path.join(checkout, NODE_FILE);
    writeFileSync(source, readFileSync(source, 'utf8').replace(SUMMARY, 'Changed since the last build: maps the message'));
    expect(ensureBuilt(checkout)).toContain('building server');
    expect(await transformSummary()).toContain('Changed since the last build: maps the message');
  });
});
