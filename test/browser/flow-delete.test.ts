// Browser test (real runtime + Chromium): an admin deletes a flow from the flow list after a confirmation naming it;
// the flow stops answering and the deletion is audited. An operator sees no delete action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, saveDocScreenshot, screenshotOnFailure } from './support/browser.js';
import { httpFlow, postMessage } from './support/flows.js';
import { createSession } from './support/ledger-data.js';

const FLOW_ID = 'del-flow';
const LABEL = 'Orders to retire';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;

beforeAll(async () => {
  runtime = await startRuntime();
  browser = await launchBrowser();
  await runtime.api('PUT', `/api/flows/${FLOW_ID}`, { flow: httpFlow(FLOW_ID, 'retire', LABEL), message: 'v1' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

const endpoint = () => `${runtime.url}/hooks/${FLOW_ID}/partners/retire/orders`;

describe('flow delete from the flow list', () => {
  it('an operator sees the flow but no delete action', async () => {
    const operator = await createSession(runtime, 'olga.ops', 'operator');
    page = await openSignedIn(browser, runtime, '#/flows', operator);
    const row = page.locator(`tr[data-flow-id="${FLOW_ID}"]`);
    await row.waitFor();
    expect(await row.getByRole('button', { name: `Delete flow ${LABEL}` }).count()).toBe(0);
    // The API refuses the operator too, so hiding the button is not the only guard.
    const refused = await fetch(`${runtime.url}/api/flows/${FLOW_ID}`, { method: 'DELETE', headers: { authorization: `Bearer ${operator.token}` } });
    expect(refused.status).toBe(403);
    await page.close();
  });

  it('the admin cancels, then confirms a dialog naming the flow; the flow stops and the deletion is audited', async () => {
    expect(await postMessage(endpoint(), { po: '1' })).toBe(200);
    page = await openSignedIn(browser, runtime, '#/flows');
    const row = page.locator(`tr[data-flow-id="${FLOW_ID}"]`);
    await row.getByRole('button', { name: `Delete flow ${LABEL}` }).click();
    const dialog = page.getByRole('dialog', { name: `Delete flow “${LABEL}”?` });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('version history and audit entries are kept');
    await saveDocScreenshot(page, 'flow-delete-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await row.count()).toBe(1);

    await row.getByRole('button', { name: `Delete flow ${LABEL}` }).click();
    await dialog.getByRole('button', { name: `Delete ${LABEL}` }).click();
    await row.waitFor({ state: 'detached' });
    const gone = await fetch(`${runtime.url}/api/flows/${FLOW_ID}`, { headers: { authorization: `Bearer ${runtime.token}` } });
    expect(gone.status).toBe(404);
    await eventually(async () => (await fetch(endpoint(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
    const audit = await runtime.api<{ entries: { action: string; target: string }[] }>('GET', '/api/audit?action=flow.delete');
    expect(audit.entries.some((entry) => entry.action === 'flow.delete' && entry.target === `flow:${FLOW_ID}`)).toBe(true);

    // The history is reachable from the same page: the deleted flow is listed with its versions.
    const deleted = page.locator(`li[data-deleted-flow-id="${FLOW_ID}"]`);
    await deleted.getByRole('button', { name: `Versions of ${LABEL}` }).click();
    const versions = deleted.getByRole('table', { name: `Versions of deleted flow ${FLOW_ID}` });
    await eventually(() => versions.textContent()).toContain('v1');
    await saveDocScreenshot(page, 'flow-deleted-history');
    await page.close();
  });

  it('an operator sees the deleted flow\'s history but cannot deploy it again; the admin can, and it answers again', async () => {
    const operator = await createSession(runtime, 'otto.ops', 'operator');
    page = await openSignedIn(browser, runtime, '#/flows', operator);
    const deletedForOperator = page.locator(`li[data-deleted-flow-id="${FLOW_ID}"]`);
    await deletedForOperator.getByRole('button', { name: `Versions of ${LABEL}` }).click();
    await eventually(() => deletedForOperator.getByRole('table').textContent()).toContain('v1');
    expect(await deletedForOperator.getByRole('button', { name: 'Deploy v1 again' }).count()).toBe(0);
    await page.close();

    page = await openSignedIn(browser, runtime, '#/flows');
    const deleted = page.locator(`li[data-deleted-flow-id="${FLOW_ID}"]`);
    await deleted.getByRole('button', { name: `Versions of ${LABEL}` }).click();
    await deleted.getByRole('button', { name: 'Deploy v1 again' }).click();
    // Numbering continues over the whole history: the restored flow is v2, and it leaves the deleted list.
    await eventually(() => page!.locator(`tr[data-flow-id="${FLOW_ID}"]`).getByLabel('Deployed version').textContent()).toBe('v2');
    await deleted.waitFor({ state: 'detached' });
    expect(await postMessage(endpoint(), { po: '2' })).toBe(200);
  });
});
