// Browser test (real runtime + Chromium): a stored flow whose node version this build cannot run (here: a downgrade) is not started, and the flow list says so, and why.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import type { RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, screenshotOnFailure } from './support/browser.js';

let runtime: RuntimeProcess;
let browser: Browser;
let page: Page | undefined;
const dataDir = tempDataDir('tradelane-attention-');

const flow = [
  { id: 'old-flow', type: 'tab', label: 'Deployed by a newer Tradelane' },
  { id: 'old-in', type: 'http in', z: 'old-flow', url: '/old', method: 'post', x: 100, y: 80, wires: [['old-out']] },
  { id: 'old-out', type: 'http response', z: 'old-flow', x: 300, y: 80, wires: [] },
];

/** What a later Tradelane would have stored: the same flow, deployed with version 99 of the http in node. */
function pretendNewerNodeVersion(): void {
  const file = path.join(dataDir, 'flow-versions.db');
  const lines = readFileSync(file, 'utf8').split('\n').map((line) => (line.includes('old-flow') ? line.replace(/(\\"http in\\":)1\b/, '$199') : line));
  expect(lines.join('\n')).toContain('\\"http in\\":99');
  writeFileSync(file, lines.join('\n'));
}

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, args: ['--no-demo'] });
  const token = await runtime.login();
  expect((await runtime.api('PUT', '/api/flows/old-flow', { flow, message: 'v1' }, token)).status).toBe(201);
  await runtime.stop();
  pretendNewerNodeVersion();
  runtime = await startRuntime({ dataDir, args: ['--no-demo'] });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

describe('a flow that needs attention after a start', () => {
  it('shows "needs attention" in the flow list with the node and the versions, while the rest of the runtime runs', async () => {
    const token = await runtime.login();
    const handle = { url: runtime.url, token, user: { username: 'admin', role: 'admin' } } as RuntimeHandle;
    page = await openSignedIn(browser, handle, '#/flows');
    const row = page.locator('tr[data-flow-id="old-flow"]');
    await eventually(() => row.locator('.status-pill').textContent()).toBe('needs attention');
    const reasons = row.getByRole('list', { name: 'Why Deployed by a newer Tradelane was not started' });
    expect(await reasons.textContent()).toMatch(/http in.*99/);
    // Not started: its endpoint does not answer; the runtime itself does.
    expect((await fetch(`${runtime.url}/hooks/old-flow/old`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${runtime.url}/api/health`)).status).toBe(200);
    await page.context().close();
  });
});
