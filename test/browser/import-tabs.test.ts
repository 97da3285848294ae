// Browser test (real runtime + Chromium): a Node-RED export of several tabs, pasted into the designer's import dialog, becomes one flow per tab, never one flattened canvas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, screenshotOnFailure } from './support/browser.js';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;

/** Two tabs, the second disabled, each with a node of its own: what Node-RED's "Export all flows" writes. */
const EXPORT = [
  { id: 'tab-orders', type: 'tab', label: 'Orders', disabled: false },
  { id: 'tab-returns', type: 'tab', label: 'Returns', disabled: true },
  { id: 'orders-in', type: 'http in', z: 'tab-orders', name: '', url: '/orders', method: 'post', x: 120, y: 80, wires: [['orders-out']] },
  { id: 'orders-out', type: 'http response', z: 'tab-orders', name: '', statusCode: '', x: 320, y: 80, wires: [] },
  { id: 'returns-in', type: 'http in', z: 'tab-returns', name: '', url: '/returns', method: 'post', x: 120, y: 80, wires: [['returns-out']] },
  { id: 'returns-out', type: 'http response', z: 'tab-returns', name: '', statusCode: '', x: 320, y: 80, wires: [] },
];

beforeAll(async () => {
  runtime = await startRuntime();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

describe('importing a Node-RED export of several tabs', () => {
  it('offers one flow per tab instead of putting both on the canvas, and lists the flows it created', async () => {
    page = await openSignedIn(browser, runtime, '#/flows/new');
    await page.getByRole('region', { name: 'Flow canvas' }).waitFor();
    await page.getByRole('button', { name: 'Import flow JSON' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import flow' });
    await dialog.getByLabel('Flow JSON').fill(JSON.stringify(EXPORT));
    await eventually(() => dialog.getByRole('note').textContent()).toContain('This file holds 2 flows (Orders, Returns)');
    // The one-canvas import is not offered for it.
    expect(await dialog.getByRole('button', { name: 'Import nodes' }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Import as 2 flows' }).click();

    const result = page.getByRole('list', { name: 'Imported flows' });
    await eventually(() => result.locator(':scope > li').allTextContents()).toEqual([
      expect.stringMatching(/^Orders created, deployed as v1/), expect.stringMatching(/^Returns created, deployed as v1/),
    ]);
    // The deploy's warnings (a core http in has no partner authentication) are shown in words, per flow.
    expect(await result.getByRole('list', { name: 'Warnings for Orders' }).textContent()).toMatch(/\w{8,}/);
    const flows = await runtime.api<Array<{ id: string; label: string }> | { flows: Array<{ id: string; label: string }> }>('GET', '/api/flows');
    const list = Array.isArray(flows) ? flows : flows.flows;
    expect(list.map((flow) => flow.id).sort()).toEqual(['tab-orders', 'tab-returns']);
    // Nothing landed on the canvas we imported from.
    expect(await page.locator('.react-flow__node').count()).toBe(0);

    await result.getByRole('link', { name: 'Orders' }).click();
    await eventually(() => page!.locator('.react-flow__node').count()).toBe(2);
    await page.context().close();
  });
});
