// Browser test (real runtime + Chromium): a generated 1,000-node flow opens and pans. Timing is measured in bench/, not here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, saveDocScreenshot, screenshotOnFailure } from './support/browser.js';
import { largeFlow } from './support/flows.js';

const NODE_COUNT = 1000;
let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;

beforeAll(async () => {
  runtime = await startRuntime();
  browser = await launchBrowser();
  await runtime.api('POST', '/api/flows', { flow: largeFlow('big-flow', NODE_COUNT), message: 'generated' });
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

describe('large flows', () => {
  it(`opens a ${NODE_COUNT}-node flow, renders only what is visible, and pans`, async () => {
    page = await openSignedIn(browser, runtime, '#/flows/big-flow');
    const rendered = page.locator('.react-flow__node');
    await eventually(() => rendered.count()).toBeGreaterThan(0);
    // Every node is in the document (the export holds all of them) ...
    await page.getByRole('button', { name: 'Export flow JSON' }).click();
    const exported = JSON.parse(await page.getByLabel('Flow JSON', { exact: true }).inputValue()) as { type: string }[];
    expect(exported.filter((n) => n.type === 'change')).toHaveLength(NODE_COUNT);
    await page.getByRole('button', { name: 'Close' }).click();

    // ... and zoomed in, only the visible part is rendered. (The flow opens at a readable zoom at its top-left corner;
    // fit it first so the drag below starts between nodes, as it did when flows opened fitted.)
    await page.getByRole('button', { name: 'Zoom to fit' }).click();
    await page.getByRole('button', { name: 'Zoom In' }).click({ clickCount: 6 });
    await eventually(() => rendered.count()).toBeLessThan(NODE_COUNT);
    const before = await page.locator('.react-flow__viewport').getAttribute('style');
    const pane = page.locator('.react-flow__pane');
    const box = (await pane.boundingBox())!;
    // Pan from a spot of empty canvas: pressing on a node would drag the node instead. Scan a grid from the centre out.
    const start = await page.evaluate(({ x, y, width, height }) => {
      // Runs in the page; the test's tsconfig has no DOM types, so name just what is used.
      const { document } = globalThis as unknown as { document: { elementFromPoint(px: number, py: number): { classList: { contains(name: string): boolean } } | null } };
      for (let dy = 0; dy < height / 2; dy += 15) {
        for (let dx = 0; dx < width / 2; dx += 15) {
          for (const [px, py] of [[x + width / 2 + dx, y + height / 2 + dy], [x + width / 2 - dx, y + height / 2 - dy]]) {
            if (document.elementFromPoint(px!, py!)?.classList.contains('react-flow__pane')) return { x: px!, y: py! };
          }
        }
      }
      return null;
    }, box);
    expect(start, 'an empty spot of canvas to pan from').not.toBeNull();
    await page.mouse.move(start!.x, start!.y);
    await page.mouse.down();
    await page.mouse.move(start!.x - 300, start!.y - 200, { steps: 8 });
    await page.mouse.up();
    await eventually(() => page!.locator('.react-flow__viewport').getAttribute('style')).not.toBe(before);
    await eventually(() => rendered.count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Zoom to fit' }).click();
    await saveDocScreenshot(page, 'large-flow');
    await page.context().close();
  });
});
