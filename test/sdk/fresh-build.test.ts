// Spawned runtimes run current code: the suite's global setup rebuilds a checkout whose nodes/ changed, and skips the build when nothing did.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyCheckout, type CheckoutCopy } from '../support/checkout-copy.js';
import { startRuntime } from '../support/runtime-process.js';

const NODE_FILE = path.join('nodes', 'canonical', 'transform-node.ts');
const SUMMARY = 'Maps the message with a JSONata expression';

/** Two full server builds on a shared machine: far above a unit test's budget. */
const BUILDS_TIMEOUT_MS = 300_000;

let checkout: CheckoutCopy;

async function transformSummary(): Promise<string> {
  const runtime = await startRuntime({ cli: checkout.cli });
  try {
    const token = await runtime.login();
    const catalog = await runtime.api<{ nodes: Array<{ type: string; summary: string }> }>('GET', '/api/nodes', undefined, token);
    return catalog.body.nodes.find((node) => node.type === 'tl-transform')!.summary;
  } finally {
    await runtime.stop();
  }
}

describe('the test build is never stale', () => {
  // A copy, so editing a node never touches this checkout.
  beforeAll(() => { checkout = copyCheckout(); });
  afterAll(() => checkout.remove());

  it('rebuilds after a change in nodes/, and not again when nothing changed', async () => {
    expect(checkout.build()).toContain('building server');
    expect(await transformSummary()).toContain(SUMMARY);
    expect(checkout.build()).toBe('');

    checkout.edit(NODE_FILE, SUMMARY, 'Changed since the last build: maps the message');
    expect(checkout.build()).toContain('building server');
    expect(await transformSummary()).toContain('Changed since the last build: maps the message');
  }, BUILDS_TIMEOUT_MS);
});
