// Browser test (real runtime + Chromium): acknowledgements sent to the demo partner intake are found on the Documents screen by a partial
// PO key and by correlation id (a 422 and a 401 with their located reasons), a document opens with its payloads, links to its PO's lifecycle
// in order, and an analyst sees the payloads withheld.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, saveDocScreenshot, screenshotOnFailure, type BrowserSession } from './support/browser.js';
import { createSession, DEMO_INTAKE, RuntimeLedger, sendToIntake } from './support/ledger-data.js';
import { isDefined, waitFor } from '../support/wait-for.js';

interface Listed { id: string; status: string; documentType: string; parentId?: string }

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;
let ledger: RuntimeLedger;
let analyst: BrowserSession;
let ackId: string;

const GOOD_ACK = { poNumber: 'PO-1001', ackNumber: 'A-UI-1', status: 'accepted', lines: [{ line: 1, status: 'accepted' }] };

const intakeDocument = async (correlationId: string) =>
  (await runtime.api<{ documents: Listed[] }>('GET', `/api/documents?correlationId=${correlationId}`)).documents.find((document) => !document.parentId);

beforeAll(async () => {
  runtime = await startRuntime({ demo: true });
  browser = await launchBrowser();
  const partner = await runtime.api<Record<string, unknown>>('GET', '/api/partners/demo-supplier');
  const { name, identifiers, tolerance, rateLimit, authMethod } = partner;
  await runtime.api('PUT', '/api/partners/demo-supplier', { name, identifiers, tolerance, rateLimit, authMethod, sla: { ackWithinHours: 24 } });
  ledger = await RuntimeLedger.open(runtime.dataDir);
  await ledger.recordPurchaseOrder('demo-supplier', 'PO-1001', { poNumber: 'PO-1001', lines: [{ line: 1, sku: 'SKU-1', qty: 10 }] });
  expect(await sendToIntake(runtime, DEMO_INTAKE, runtime.demoApiKey, JSON.stringify(GOOD_ACK), 'ui-good')).toBe(202);
  expect(await sendToIntake(runtime, DEMO_INTAKE, runtime.demoApiKey, JSON.stringify({ ...GOOD_ACK, poNumber: 'XX-1', ackNumber: 'A-UI-2' }), 'ui-422')).toBe(422);
  expect(await sendToIntake(runtime, DEMO_INTAKE, 'tlk_wrong-key-0000', JSON.stringify(GOOD_ACK), 'ui-401')).toBe(401);
  ackId = (await waitFor(async () => { const document = await intakeDocument('ui-good'); return document?.status === 'posted' ? document : undefined; }, isDefined, 30_000, 'the posted acknowledgement')).id;
  analyst = await createSession(runtime, 'ana', 'analyst');
}, 150_000);

afterAll(async () => {
  await ledger?.close();
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

const documentsTable = (target: Page) => target.getByRole('table', { name: 'Documents', exact: true });

describe('documents screen', () => {
  it('finds every document of PO-1001 by a partial key, with the search kept in the link', async () => {
    page = await openSignedIn(browser, runtime, '#/documents');
    await page.getByLabel('Search Business key').fill('1001');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await eventually(() => page!.evaluate('window.location.hash')).toBe('#/documents?key=1001');
    const rows = documentsTable(page).locator('tbody tr');
    await eventually(() => rows.count()).toBe(3);
    const texts = await rows.allTextContents();
    expect(texts.every((text) => text.includes('PO-1001'))).toBe(true);
    expect(texts.filter((text) => text.includes('acknowledgement'))).toHaveLength(2);
    expect(texts.filter((text) => text.includes('purchaseOrder'))).toHaveLength(1);
    await saveDocScreenshot(page, 'operations-documents');

    // The link is the search: a fresh page on it shows the same documents and the filled form.
    await page.reload();
    await eventually(() => documentsTable(page!).locator('tbody tr').count()).toBe(3);
    expect(await page.getByLabel('Search Business key').inputValue()).toBe('1001');
    await page.context().close();
  });

  it('finds the 422 and the 401 by their correlation ids, with their located reasons', async () => {
    page = await openSignedIn(browser, runtime, '#/documents');
    await page.getByLabel('Search Correlation id').fill('ui-422');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const row = documentsTable(page).locator('tbody tr');
    await eventually(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('refused');
    expect(await row.textContent()).toContain('422');
    await row.getByRole('link').click();
    const errors = page.getByRole('table', { name: 'Document errors' });
    await errors.waitFor();
    expect(await errors.textContent()).toMatch(/\$\.poNumber.*pattern/);
    expect(await page.getByRole('link', { name: 'Trace ui-422' }).getAttribute('href')).toBe('#/traces/ui-422');
    expect(await page.getByRole('region', { name: 'Raw payload (as it arrived or left)' }).textContent()).toContain('"poNumber": "XX-1"');

    await page.goto(`${runtime.url}/#/documents?correlationId=ui-401`);
    await eventually(() => documentsTable(page!).locator('tbody tr').textContent()).toContain('401');
    await documentsTable(page).locator('tbody tr').getByRole('link').click();
    await eventually(() => page!.getByRole('table', { name: 'Document errors' }).textContent()).toContain('header.X-Api-Key');
    expect(await page.getByRole('table', { name: 'Document errors' }).textContent()).toContain('API key is not valid for this partner');
    await page.context().close();
  });

  it('opens the acknowledgement with its payloads and ERP post, and its PO lifecycle in order', async () => {
    page = await openSignedIn(browser, runtime, `#/documents/${ackId}`);
    const raw = page.getByRole('region', { name: 'Raw payload (as it arrived or left)' });
    await raw.waitFor();
    expect(await raw.textContent()).toContain('"ackNumber": "A-UI-1"');
    expect(await page.getByRole('table', { name: 'Related documents' }).textContent()).toContain('posted');
    await page.getByRole('link', { name: 'Lifecycle of PO-1001' }).click();
    const steps = page.getByRole('list', { name: 'Lifecycle steps' });
    await steps.waitFor();
    const titles = await steps.locator('h3').allTextContents();
    expect(titles.map((title) => title.replace(/\s*(done|pending|failed|overdue)$/, ''))).toEqual(['PO issued', '997 / CONTRL', 'Acknowledgement', 'Advance ship notice', 'Invoice', 'Goods receipt']);
    expect(await page.getByLabel('PO issued state').textContent()).toBe('done');
    expect(await page.getByLabel('Acknowledgement state').textContent()).toBe('done');
    expect(await page.getByLabel('Advance ship notice state').textContent()).toBe('pending');
    const ackStep = steps.locator('li[data-step="acknowledgement"]');
    expect(await ackStep.textContent()).toContain('after the step before');
    expect(await ackStep.textContent()).toContain('due');
    await eventually(() => ackStep.textContent()).toContain('Every line accepted as ordered');
    // The demo flow keeps no canonical form: the comparison says it used the acknowledgement as the partner sent it.
    expect(await ackStep.getByLabel('Acknowledgement changes').textContent()).toContain('compared as the partner sent it');
    expect(await ackStep.getByRole('link').first().getAttribute('href')).toBe(`#/documents/${ackId}`);
    await saveDocScreenshot(page, 'operations-lifecycle');
    await page.context().close();
  });

  it('withholds the payloads from an analyst, saying which permission is needed', async () => {
    page = await openSignedIn(browser, runtime, `#/documents/${ackId}`, analyst);
    const note = page.getByRole('note', { name: 'Payloads withheld' });
    await note.waitFor();
    expect(await note.textContent()).toContain('ledger.payloads');
    expect(await page.getByRole('region', { name: 'Raw payload (as it arrived or left)' }).count()).toBe(0);
    expect(await page.getByLabel('Document metadata').textContent()).toContain('A-UI-1');
    await page.context().close();
  });
});
