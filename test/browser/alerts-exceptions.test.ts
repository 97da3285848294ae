// Browser test (real runtime + Chromium): a PO left unacknowledged past a short SLA raises an alert that an analyst may not work (the
// server's refusal is shown) and an operator acknowledges, comments on and resolves; an acknowledgement beyond the partner's tolerance opens
// an exception that the operator assigns (an unknown user refused, located), comments on and resolves, with the history shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, saveDocScreenshot, screenshotOnFailure, type BrowserSession } from './support/browser.js';
import { createSession, RuntimeLedger, sendToIntake } from './support/ledger-data.js';
import { isDefined, waitFor } from '../support/wait-for.js';

interface AlertAnswer { id: string; status: string; poNumber?: string; acknowledgedBy?: string; resolvedBy?: string; resolution?: string }
interface ExceptionAnswer { id: string; kind: string; status: string; assignee?: string; resolvedBy?: string; resolution?: string }
interface ErpLine { line: number; sku: string; qty: number; unitPrice: number }

const SLA_PARTNER = 'acme';
const TOLERANCE_PARTNER = 'portal-co';
const TOLERANCE_PO = 'PO-1007';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;
let ledger: RuntimeLedger;
let operator: BrowserSession;
let analyst: BrowserSession;
let alertId: string;
let exceptionId: string;

/** The supplier REST template with the tolerance onboarding collects; an ack 10% short of the PO is held as a tolerance exception. */
async function openToleranceException(): Promise<string> {
  const line = (await runtime.api<{ lines: ErpLine[] }>('GET', `/demo-erp/purchase-orders/${TOLERANCE_PO}`)).lines[0]!;
  const created = await runtime.api<{ credentials: { apiKey: string } }>('POST', '/api/templates/supplier-po-ack-rest/instantiate', {
    partnerId: TOLERANCE_PARTNER, params: { authMethod: 'api-key', itemMapCsv: `supplierItem,sku\nP-1,${line.sku}\n`, tolerance: { quantityPct: 5, pricePct: 2, dateDays: 3 } },
  });
  await runtime.api('PUT', `/demo-erp/purchase-orders/${TOLERANCE_PO}/supplier`, { partnerId: TOLERANCE_PARTNER });
  const ack = { poNumber: TOLERANCE_PO, ackNumber: 'PC-UI-1', status: 'accepted', lines: [{ line: 1, supplierItem: 'P-1', qty: Math.round(line.qty * 0.9), unitPrice: line.unitPrice, status: 'accepted' }] };
  const status = await waitFor(async () => {
    const answer = await sendToIntake(runtime, `/partners/${TOLERANCE_PARTNER}/po-acks`, created.credentials.apiKey, JSON.stringify(ack), 'ui-tolerance');
    return answer === 404 ? undefined : answer;
  }, isDefined, 30_000, 'the template flow\'s intake');
  expect(status).toBe(202);
  return waitFor(async () => (await runtime.api<{ exceptions: ExceptionAnswer[] }>('GET', `/api/exceptions?partner=${TOLERANCE_PARTNER}`)).exceptions[0]?.id, isDefined, 30_000, 'the tolerance exception');
}

beforeAll(async () => {
  runtime = await startRuntime({ demo: true, env: { TRADELANE_SLA_SWEEP_SECONDS: '1' } });
  browser = await launchBrowser();
  await runtime.api('POST', '/api/partners', { id: SLA_PARTNER, name: 'Acme Supply', sla: { ackWithinHours: 0.0005 } });
  ledger = await RuntimeLedger.open(runtime.dataDir);
  await ledger.recordPurchaseOrder(SLA_PARTNER, 'PO-9001', { poNumber: 'PO-9001', lines: [{ line: 1, sku: 'SKU-9', qty: 4 }] });
  alertId = await waitFor(async () => (await runtime.api<{ alerts: AlertAnswer[] }>('GET', `/api/alerts?partner=${SLA_PARTNER}`)).alerts[0]?.id, isDefined, 30_000, 'the SLA alert');
  exceptionId = await openToleranceException();
  operator = await createSession(runtime, 'otto', 'operator');
  analyst = await createSession(runtime, 'ana', 'analyst');
}, 150_000);

afterAll(async () => {
  await ledger?.close();
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

const alertDetail = (target: Page) => target.getByRole('region', { name: 'Alert detail' });
const exceptionDetail = (target: Page) => target.getByRole('region', { name: 'Exception detail' });
const alertNow = async () => (await runtime.api<{ alert: AlertAnswer }>('GET', `/api/alerts/${alertId}`)).alert;
const exceptionNow = async () => (await runtime.api<{ exception: ExceptionAnswer }>('GET', `/api/exceptions/${exceptionId}`)).exception;

describe('alerts screen', () => {
  it('leads the analyst from the overdue lifecycle step to its alert, and shows the server\'s refusal when they try to acknowledge', async () => {
    // The PO's lifecycle shows the acknowledgement overdue and links its open alert.
    page = await openSignedIn(browser, runtime, '#/transactions/PO-9001', analyst);
    await eventually(() => page!.getByLabel('Acknowledgement state').textContent()).toBe('overdue');
    expect(await page.getByLabel('Acknowledgement overdue').textContent()).toContain('overdue since');
    await page.getByRole('region', { name: 'Open alerts' }).getByRole('link', { name: /PO-9001/ }).click();
    await eventually(() => page!.evaluate('window.location.hash')).toBe(`#/alerts?status=all&id=${alertId}`);
    await eventually(() => page!.getByRole('navigation', { name: 'Main' }).getByLabel('1 open alerts').count()).toBe(1);
    await alertDetail(page).waitFor();
    await alertDetail(page).getByRole('button', { name: 'Acknowledge' }).click();
    await eventually(() => page!.locator('#alert-action-error').textContent()).toContain('role "analyst" may not do this');
    expect((await alertNow()).status).toBe('open');
    await page.context().close();
  });

  it('lets an operator acknowledge, comment and resolve, with the trail shown', async () => {
    page = await openSignedIn(browser, runtime, '#/alerts', operator);
    const row = page.locator(`tr[data-alert-id="${alertId}"]`);
    expect(await row.textContent()).toContain('PO-9001');
    await row.click();
    const detail = alertDetail(page);
    await detail.getByLabel('Alert comment').fill('calling Acme');
    await detail.getByRole('button', { name: 'Acknowledge' }).click();
    await eventually(() => detail.getByLabel('Alert status').textContent()).toBe('acknowledged');
    expect(await detail.getByRole('list', { name: 'Alert trail' }).textContent()).toMatch(/acknowledged by otto.*calling Acme/);
    expect(await alertNow()).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'otto' });

    // Resolving needs a comment saying what was done: the server's located refusal shows at the form.
    await detail.getByRole('button', { name: 'Resolve' }).click();
    await eventually(() => page!.locator('#alert-action-error').textContent()).toContain('comment must NOT have fewer than 1 characters');
    expect(await detail.getByLabel('Alert comment').getAttribute('aria-invalid')).toBe('true');
    expect((await alertNow()).status).toBe('acknowledged');

    await detail.getByLabel('Alert comment').fill('supplier will send the 855 today');
    await detail.getByRole('button', { name: 'Comment' }).click();
    await eventually(() => detail.getByRole('list', { name: 'Alert trail' }).textContent()).toContain('commented by otto');
    await detail.getByLabel('Alert comment').fill('Acme confirmed the order by phone');
    await detail.getByRole('button', { name: 'Resolve' }).click();
    await eventually(() => detail.getByLabel('Alert status').textContent()).toBe('resolved');
    expect(await alertNow()).toMatchObject({ status: 'resolved', resolvedBy: 'otto', resolution: 'Acme confirmed the order by phone' });
    const trail = await detail.getByRole('list', { name: 'Alert trail' }).locator('li').evaluateAll((items) => items.map((item) => item.getAttribute('data-event')));
    expect(trail.filter((type) => type !== 'delivered' && type !== 'delivery-failed')).toEqual(['raised', 'acknowledged', 'commented', 'resolved']);
    // The header badge follows at once, not only at the next 30 s poll.
    await eventually(() => page!.getByRole('navigation', { name: 'Main' }).getByLabel('1 open alerts').count()).toBe(0);

    await page.getByRole('navigation', { name: 'Alert status' }).getByRole('link', { name: /^resolved/ }).click();
    await page.locator(`tr[data-alert-id="${alertId}"]`).click();
    await alertDetail(page).waitFor();
    await saveDocScreenshot(page, 'operations-alerts');
    await page.context().close();
  });
});

describe('exceptions screen', () => {
  it('lets an operator assign (an unknown user refused), comment and resolve, with the history shown', async () => {
    page = await openSignedIn(browser, runtime, '#/exceptions', operator);
    await eventually(() => page!.getByRole('navigation', { name: 'Main' }).getByLabel('1 open exceptions').count()).toBe(1);
    const row = page.locator(`tr[data-exception-id="${exceptionId}"]`);
    expect(await row.textContent()).toContain(TOLERANCE_PO);
    await row.click();
    const detail = exceptionDetail(page);
    expect(await detail.getByRole('table', { name: 'Exception deviations' }).textContent()).toContain('promisedQty');

    await detail.getByLabel('Assignee').fill('nobody');
    await detail.getByRole('button', { name: 'Assign' }).click();
    await eventually(() => page!.locator('#exception-assign-error').textContent()).toContain('no enabled user "nobody"');
    await detail.getByLabel('Assignee').fill('otto');
    await detail.getByRole('button', { name: 'Assign' }).click();
    await eventually(() => detail.getByLabel('Exception status').textContent()).toBe('assigned');
    expect(await exceptionNow()).toMatchObject({ status: 'assigned', assignee: 'otto' });

    await detail.getByLabel('Exception comment').fill('asked the supplier why 10% short');
    await detail.getByRole('button', { name: 'Comment' }).click();
    await eventually(() => detail.getByRole('list', { name: 'Exception history' }).textContent()).toContain('otto commented');
    await detail.getByLabel('Resolution', { exact: true }).fill('short shipment accepted, PO reduced in the ERP');
    await detail.getByRole('button', { name: 'Resolve' }).click();
    await eventually(() => detail.getByLabel('Exception status').textContent()).toBe('resolved');
    expect(await exceptionNow()).toMatchObject({ status: 'resolved', resolvedBy: 'otto', resolution: 'short shipment accepted, PO reduced in the ERP' });
    const history = await detail.getByRole('list', { name: 'Exception history' }).textContent();
    expect(history).toMatch(/opened by .*otto commented.*asked the supplier why 10% short.*resolved by otto.*short shipment accepted/);
    await eventually(() => page!.getByRole('navigation', { name: 'Main' }).getByLabel('1 open exceptions').count()).toBe(0);

    // Resolved work leaves the to-do list and stays under "all" with its history.
    expect(await page.locator(`tr[data-exception-id="${exceptionId}"]`).count()).toBe(0);
    await page.getByRole('navigation', { name: 'Exception status' }).getByRole('link', { name: 'all' }).click();
    await page.locator(`tr[data-exception-id="${exceptionId}"]`).click();
    await exceptionDetail(page).getByRole('list', { name: 'Exception history' }).waitFor();
    await saveDocScreenshot(page, 'operations-exceptions');
    await page.context().close();
  });
});
