// Browser tests (real runtime + Chromium): live counters and recent messages update without reload; trace path highlighting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, saveDocScreenshot, screenshotOnFailure } from './support/browser.js';
import { httpFlow, postMessage } from './support/flows.js';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;
const endpoint = () => `${runtime.url}/hooks/live-flow/partners/live-test/orders`;

beforeAll(async () => {
  runtime = await startRuntime();
  browser = await launchBrowser();
  await runtime.api('POST', '/api/flows', { flow: httpFlow('live-flow', 'live-test', 'Live orders'), message: 'live test' });
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

describe('live overlay and traces', () => {
  it('updates node counters and shows recent messages when a message is posted, without a reload', async () => {
    page = await openSignedIn(browser, runtime, '#/flows/live-flow');
    const mark = page.locator('.react-flow__node[data-id="live-flow-mark"]');
    await mark.waitFor();
    await page.getByRole('tab', { name: 'Live' }).click();
    await eventually(() => page!.locator('.live-state').textContent()).toContain('connected to the runtime');
    await page.evaluate('window.__noReload = true');

    void postMessage(endpoint(), { order: 1 }, 'live-cid-1');
    await eventually(() => mark.locator('[data-counter="in"]').textContent()).toBe('in 1');
    expect(await mark.locator('[data-counter="out"]').textContent()).toBe('out 1');

    void postMessage(endpoint(), { order: 2 }, 'live-cid-2');
    await eventually(() => mark.locator('[data-counter="in"]').textContent()).toBe('in 2');
    await eventually(() => page!.locator('.react-flow__edge.edge-active').count()).toBeGreaterThan(0);

    await mark.click();
    const recent = page.getByRole('list', { name: 'Recent messages' });
    await eventually(() => recent.textContent()).toContain('live-cid-2');
    expect(await recent.textContent()).toContain('live-cid-1');
    expect(await page.evaluate('window.__noReload')).toBe(true);
    await saveDocScreenshot(page, 'live-overlay');
    await page.context().close();
  });

  it('finds a trace by correlation id and highlights its path on the canvas', async () => {
    await postMessage(endpoint(), { order: 3 }, 'trace-cid-42');
    page = await openSignedIn(browser, runtime, '#/flows/live-flow');
    await page.locator('.react-flow__node[data-id="live-flow-mark"]').waitFor();
    await page.getByRole('tab', { name: 'Trace' }).click();
    await page.getByLabel('Correlation id').fill('trace-cid-42');
    await page.getByRole('button', { name: 'Find trace' }).click();

    const timeline = page.getByRole('list', { name: 'Trace timeline' });
    await eventually(() => timeline.locator('li').count()).toBeGreaterThan(1);
    expect(await timeline.textContent()).toContain('Mark seen');
    await eventually(() => page!.locator('.react-flow__node [data-traced="true"]').count()).toBeGreaterThan(1);
    expect(await page.locator('.react-flow__node[data-id="live-flow-mark"] [data-traced="true"]').count()).toBe(1);
    expect(await page.locator('.react-flow__edge.edge-traced').count()).toBeGreaterThan(0);
    await saveDocScreenshot(page, 'trace-path');

    // The same trace from the Traces page links back to the flow with the path highlighted.
    await page.getByRole('link', { name: 'Traces' }).click();
    await page.getByLabel('Correlation id').fill('trace-cid-42');
    await page.getByRole('button', { name: 'Find trace' }).click();
    await page.getByRole('link', { name: /Show path on flow live-flow/ }).click();
    await eventually(() => page!.locator('.react-flow__node[data-id="live-flow-mark"] [data-traced="true"]').count()).toBe(1);
    await page.context().close();
  });
});
