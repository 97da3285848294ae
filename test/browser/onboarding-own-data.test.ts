// Browser tests (real runtime + Chromium): the wizard onboards a supplier on its own data only. The cross-reference
// starts empty with the example as a placeholder, an empty SKU cell is marked at its row and column, the sample test
// document fails the dry run until its items are in the entered cross-reference, and a taken partner id blocks step 1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, saveDocScreenshot, screenshotOnFailure, setMonacoText } from './support/browser.js';

const CSV_LABEL = 'Item cross-reference (CSV)';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;

beforeAll(async () => {
  runtime = await startRuntime({ demo: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

describe('onboarding on the new supplier\'s own data', () => {
  it('starts the cross-reference empty, marks an empty SKU cell, and fails the dry run on an item the supplier never sent', async () => {
    page = await openSignedIn(browser, runtime, '#/onboard/supplier-po-ack-rest');
    const p = page;
    await p.getByRole('form', { name: 'Partner details' }).waitFor();
    const csv = p.getByLabel(CSV_LABEL, { exact: true });
    // The example partner's rows are a placeholder, not data.
    expect(await csv.inputValue()).toBe('');
    expect(await csv.getAttribute('placeholder')).toContain('supplierItem,sku');
    expect(await p.getByLabel(`${CSV_LABEL} hint`).textContent()).toContain('not data');
    expect(await p.getByRole('table', { name: `${CSV_LABEL} preview` }).count()).toBe(0);

    await p.getByLabel('Partner id', { exact: true }).fill('own-data-co');
    await csv.fill('supplierItem,sku\nOD-1,SKU-10001\nOD-2,\n');
    const csvField = p.locator('[data-param="itemMapCsv"]');
    await eventually(() => csvField.getByRole('alert').textContent().catch(() => '')).toContain('line 3, column 2');
    expect(await csvField.getByRole('alert').textContent()).toContain('sku is empty');
    expect(await csvField.locator('tr[data-line="3"] td[data-column="2"]').getAttribute('class')).toContain('csv-cell-error');
    await saveDocScreenshot(p, 'onboarding-empty-sku');
    await p.getByRole('button', { name: 'Next: preview flow' }).click();
    await eventually(() => p.getByRole('heading', { name: 'Partner details' }).count()).toBe(1);

    await csv.fill('supplierItem,sku\nOD-1,SKU-10001\n');
    await eventually(() => csvField.getByRole('alert').count()).toBe(0);
    await p.getByRole('button', { name: 'Next: preview flow' }).click();
    await p.getByRole('button', { name: 'Next: test document' }).click();

    // The sample is marked as the example partner's; its item AC-8812 is not in the entered cross-reference.
    expect(await p.getByRole('note', { name: 'Sample document' }).textContent()).toContain('not from your supplier');
    await p.getByRole('button', { name: 'Send test document' }).click();
    const outcome = p.getByLabel('Dry run outcome');
    await outcome.waitFor({ timeout: 20_000 });
    expect(await outcome.getAttribute('class')).toBe('outcome-error');
    expect(await outcome.textContent()).toContain('"AC-8812" is not in the Item cross-reference (CSV) you entered');
    await saveDocScreenshot(p, 'onboarding-dry-run-unknown-item');

    // With the supplier's own item in the document, the same dry run passes.
    const document = { poNumber: 'PO-1001', ackNumber: 'OD-A1', status: 'accepted', lines: [{ line: 1, supplierItem: 'OD-1', qty: 100, unitPrice: 0.18, promisedDate: '2026-12-01', status: 'accepted' }] };
    await setMonacoText(p, 'Test document', JSON.stringify(document));
    await p.getByRole('button', { name: 'Send test document' }).click();
    await eventually(() => outcome.textContent()).toContain('The test document went through');
    expect(await outcome.getAttribute('class')).toBe('outcome-ok');
    await p.context().close();
  });

  it('catches a taken partner id on the first step, in the officer\'s words, and blocks Next until it is changed', async () => {
    const created = await runtime.api<unknown>('POST', '/api/partners', { id: 'taken-supplier', name: 'Taken Supplier' });
    expect(created).toBeTruthy();
    page = await openSignedIn(browser, runtime, '#/onboard/supplier-x12');
    const p = page;
    await p.getByRole('form', { name: 'Partner details' }).waitFor();
    const partnerId = p.getByLabel('Partner id', { exact: true });
    const next = p.getByRole('button', { name: 'Next: preview flow' });
    await partnerId.fill('taken-supplier');
    const problems = p.getByRole('alert', { name: 'Partner id problems' });
    await eventually(() => problems.textContent().catch(() => '')).toBe('A partner with id taken-supplier already exists — choose another id, or upgrade that partner\'s flow instead');
    expect(await partnerId.getAttribute('aria-invalid')).toBe('true');
    expect(await next.isDisabled()).toBe(true);
    await saveDocScreenshot(p, 'onboarding-partner-taken');

    await partnerId.fill('fresh-supplier');
    await eventually(() => problems.count()).toBe(0);
    expect(await next.isDisabled()).toBe(false);
    await p.context().close();
  });
});
