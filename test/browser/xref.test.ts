// Browser test (real runtime + Chromium): the Cross-reference tables screen lists a table with its versions; the admin
// restores an older version (a new version with the old rows); an operator sees the history but no restore action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, saveDocScreenshot, screenshotOnFailure } from './support/browser.js';
import { createSession } from './support/ledger-data.js';

const TABLE = 'ui-items';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;

beforeAll(async () => {
  runtime = await startRuntime();
  browser = await launchBrowser();
  await runtime.api('PUT', `/api/xref/${TABLE}`, { keyColumn: 'supplierItem', rows: [{ supplierItem: 'A-1', ourSku: 'SKU-1' }] });
  await runtime.api('PUT', `/api/xref/${TABLE}`, { keyColumn: 'supplierItem', rows: [{ supplierItem: 'A-1', ourSku: 'SKU-9' }, { supplierItem: 'B-2', ourSku: 'SKU-2' }] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

describe('cross-reference tables screen', () => {
  it('an operator sees the table and its versions but no restore action', async () => {
    page = await openSignedIn(browser, runtime, '#/xref', await createSession(runtime, 'ivo.ops', 'operator'));
    const section = page.locator(`section[data-xref-table="${TABLE}"]`);
    await section.getByRole('button', { name: `Versions of ${TABLE}` }).click();
    await eventually(() => section.getByRole('table').textContent()).toContain('v1');
    expect(await section.getByRole('button', { name: /Restore/ }).count()).toBe(0);
    await page.close();
  });

  it('the admin restores version 1: a new version 3 holds the old rows', async () => {
    page = await openSignedIn(browser, runtime, '#/xref');
    const section = page.locator(`section[data-xref-table="${TABLE}"]`);
    expect(await section.getByLabel(`Current version of ${TABLE}`).textContent()).toContain('v2 · 2 rows');
    await section.getByRole('button', { name: `Versions of ${TABLE}` }).click();
    await saveDocScreenshot(page, 'xref-versions');
    await section.getByRole('button', { name: 'Restore v1' }).click();
    await eventually(() => section.getByLabel(`Current version of ${TABLE}`).textContent()).toContain('v3 · 1 rows');
    const stored = await runtime.api<{ version: number; rows: Array<Record<string, string>> }>('GET', `/api/xref/${TABLE}`);
    expect(stored.version).toBe(3);
    expect(stored.rows).toEqual([{ supplierItem: 'A-1', ourSku: 'SKU-1' }]);
  });

  it('the CSV export downloads the current rows', async () => {
    const section = page!.locator(`section[data-xref-table="${TABLE}"]`);
    const [download] = await Promise.all([page!.waitForEvent('download'), section.getByRole('button', { name: `Export ${TABLE} as CSV` }).click()]);
    expect(download.suggestedFilename()).toBe(`${TABLE}.csv`);
    const text = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((stream) => {
        let data = '';
        stream.on('data', (chunk: Buffer) => { data += chunk.toString('utf8'); });
        stream.on('end', () => resolve(data));
        stream.on('error', reject);
      }, reject);
    });
    expect(text).toContain('supplierItem');
    expect(text).toContain('SKU-1');
    expect(text).not.toContain('SKU-9');
  });
});
