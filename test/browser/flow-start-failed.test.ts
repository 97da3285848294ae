// Browser test (real runtime + Chromium): a flow whose node failed to start at a restart shows as failed in the flow list and on its canvas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import { eventually, launchBrowser, openSignedIn, screenshotOnFailure } from './support/browser.js';
import type { RuntimeHandle } from './support/runtime.js';

const FLOW_ENV = { TRADELANE_FLOW_ENV: 'XREF_TARGET' };
const dataDir = tempDataDir();
let runtime: RuntimeProcess | undefined;
let browser: Browser;
let page: Page | undefined;

/** A lookup whose target comes from XREF_TARGET: when the variable is empty, its config is invalid and its start fails. */
function envLookupFlow() {
  const z = 'env-lookup';
  return [
    { id: z, type: 'tab', label: 'Env lookup' },
    { id: 'env-lookup-xref', type: 'tl-xref', z, x: 200, y: 120, name: 'Item lookup', table: 'supplier-items', key: 'supplierItem', mode: 'lookup', target: '${XREF_TARGET}', wires: [] },
  ];
}

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, args: ['--no-demo'], env: { ...FLOW_ENV, XREF_TARGET: 'sku' }, timeoutMs: 90_000 });
  const deployed = await runtime.api('POST', '/api/flows', { flow: envLookupFlow() }, await runtime.login());
  expect(deployed.status).toBe(201);
  await runtime.stop();
  runtime = await startRuntime({ dataDir, args: ['--no-demo'], env: { ...FLOW_ENV, XREF_TARGET: '' }, timeoutMs: 90_000 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

describe('a flow whose nodes failed to start', () => {
  it('is failed in the flow list and names the node on its canvas', async () => {
    const token = await runtime!.login();
    // openSignedIn needs only the runtime's url and the session it stores.
    page = await openSignedIn(browser, { url: runtime!.url } as RuntimeHandle, '#/flows', { token, user: { username: 'admin', role: 'admin' } });
    const row = page.locator('tr[data-flow-id="env-lookup"]');
    await eventually(() => row.locator('td[aria-label="Health"]').textContent()).toContain('failed');
    expect(await row.locator('td[aria-label="Health"]').textContent()).toContain("node 'Item lookup' (tl-xref) did not start");

    await row.getByRole('link', { name: 'Env lookup' }).click();
    const banner = page.getByRole('alert', { name: 'Failed nodes' });
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/Item lookup \(tl-xref\): node failed to start: invalid config: \$\.target/);
    await page.context().close();
  });
});
