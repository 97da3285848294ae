// Browser test (real runtime + Chromium): on the Partners screen the admin rotates the demo supplier's key (shown once,
// gone after reload; the old key is refused at intake, the new one accepted), suspends and reactivates it (intake
// refuses it meanwhile); an operator sees the partners but no edit actions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, saveDocScreenshot, screenshotOnFailure } from './support/browser.js';
import { DEMO_INTAKE, createSession, sendToIntake } from './support/ledger-data.js';

const PARTNER = 'demo-supplier';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;
let newKey = '';

beforeAll(async () => {
  runtime = await startRuntime({ demo: true });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

const refused = (status: number) => status === 401 || status === 403;
const intakeStatus = (key: string, id: string) => sendToIntake(runtime, DEMO_INTAKE, key, '{}', id);

describe('partners screen', () => {
  it('an operator sees the partner but no rotate or suspend action', async () => {
    const operator = await createSession(runtime, 'pia.ops', 'operator');
    page = await openSignedIn(browser, runtime, '#/partners', operator);
    const row = page.locator(`tr[data-partner-id="${PARTNER}"]`);
    await row.waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
    await page.close();
  });

  it('the admin rotates the key: the new one is shown once, works at intake, and is gone after reload', async () => {
    expect(refused(await intakeStatus(runtime.demoApiKey, 'p-before'))).toBe(false);
    page = await openSignedIn(browser, runtime, '#/partners');
    const row = page.locator(`tr[data-partner-id="${PARTNER}"]`);
    await row.getByRole('button', { name: `Rotate key of ${PARTNER}` }).click();
    const secret = row.getByRole('region', { name: `New api-key of ${PARTNER}` });
    await secret.waitFor();
    expect(await secret.textContent()).toContain('will not be shown again');
    newKey = (await secret.getByLabel('New secret').textContent()) ?? '';
    expect(newKey.length).toBeGreaterThan(15);
    await saveDocScreenshot(page, 'partners-key-rotated');
    expect(refused(await intakeStatus(runtime.demoApiKey, 'p-old-key'))).toBe(true);
    expect(refused(await intakeStatus(newKey, 'p-new-key'))).toBe(false);

    await page.reload();
    await row.waitFor();
    expect(await page.getByLabel('New secret').count()).toBe(0);
    expect(await page.content()).not.toContain(newKey);
    const listed = JSON.stringify(await runtime.api('GET', `/api/partners/${PARTNER}`));
    expect(listed).not.toContain(newKey);
  });

  it('the admin suspends the partner (intake refuses it) and reactivates it', async () => {
    const row = page!.locator(`tr[data-partner-id="${PARTNER}"]`);
    await row.getByRole('button', { name: `Suspend ${PARTNER}` }).click();
    await eventually(() => row.getByLabel(`Status of ${PARTNER}`).textContent()).toBe('suspended');
    await eventually(async () => refused(await intakeStatus(newKey, 'p-suspended'))).toBe(true);
    await row.getByRole('button', { name: `Reactivate ${PARTNER}` }).click();
    await eventually(() => row.getByLabel(`Status of ${PARTNER}`).textContent()).toBe('active');
    await eventually(async () => refused(await intakeStatus(newKey, 'p-active'))).toBe(false);
    const audit = await runtime.api<{ entries: { action: string }[] }>('GET', '/api/audit?action=partner.*');
    expect(audit.entries.map((entry) => entry.action)).toEqual(expect.arrayContaining(['partner.rotate-key', 'partner.suspend', 'partner.update']));
  });

  it('the admin edits the SLA: a refused value is shown at the form, a valid one is saved', async () => {
    const row = page!.locator(`tr[data-partner-id="${PARTNER}"]`);
    await row.getByRole('button', { name: `Edit SLA of ${PARTNER}` }).click();
    const form = row.getByRole('form', { name: `SLA of ${PARTNER}` });
    await form.getByLabel('Ack within hours').fill('-2');
    await form.getByRole('button', { name: 'Save SLA' }).click();
    await eventually(() => page!.locator(`#sla-ackWithinHours-error-${PARTNER}`).textContent()).toContain('must be > 0');
    await form.getByLabel('Ack within hours').fill('24');
    await saveDocScreenshot(page!, 'partners-sla-edit');
    await form.getByRole('button', { name: 'Save SLA' }).click();
    await eventually(() => row.getByLabel(`SLA of ${PARTNER}`).first().textContent()).toContain('ack ≤ 24 h');
    const stored = await runtime.api<{ sla: { ackWithinHours?: number } }>('GET', `/api/partners/${PARTNER}`);
    expect(stored.sla.ackWithinHours).toBe(24);
    await saveDocScreenshot(page!, 'partners-list');
  });
});
