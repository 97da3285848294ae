// Browser test (real runtime + Chromium): an admin manages an analyst on the Users screen, the analyst changes their own
// password on My account, the admin finds it all in the audit log, and a deleted user's open session ends at the sign-in form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, newContext, openSignedIn, saveDocScreenshot, screenshotOnFailure } from './support/browser.js';

const ANALYST = 'nina.berg';
const INITIAL_PASSWORD = 'nina-initial-pw';
const RESET_PASSWORD = 'nina-reset-pw-1';
const OWN_PASSWORD = 'nina-chosen-pw-2';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;
let admin: Page;
let analyst: Page;

interface ListedUser { username: string; role: string; disabled: boolean; grants: string[] }

beforeAll(async () => {
  runtime = await startRuntime();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

const listedUser = async (username: string) =>
  (await runtime.api<{ users: ListedUser[] }>('GET', '/api/users')).users.find((u) => u.username === username);

const loginStatus = async (username: string, password: string) =>
  (await fetch(`${runtime.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })).status;

const userRow = (target: Page, username: string) => target.locator(`tr[data-username="${username}"]`);

describe('users, my account and audit log screens', () => {
  it('the admin creates an analyst, grants deploy.code, disables and enables them and resets the password', async () => {
    admin = page = await openSignedIn(browser, runtime, '#/users');
    const form = admin.getByRole('form', { name: 'Create user' });
    await form.getByLabel('New username').fill(ANALYST);
    await form.getByLabel('New user role').selectOption('analyst');
    await form.getByLabel('Initial password').fill(INITIAL_PASSWORD);
    await form.getByRole('button', { name: 'Create user' }).click();
    await eventually(() => admin.getByRole('status').first().textContent()).toContain(`User ${ANALYST} created`);
    const row = userRow(admin, ANALYST);
    await row.waitFor();
    expect(await listedUser(ANALYST)).toMatchObject({ role: 'analyst', disabled: false, grants: [] });

    // The same name again: the server's 409 appears next to the username field, not as a generic banner.
    await form.getByLabel('New username').fill(ANALYST);
    await form.getByLabel('Initial password').fill(INITIAL_PASSWORD);
    await form.getByRole('button', { name: 'Create user' }).click();
    await eventually(() => admin.locator('#new-username-error').textContent()).toContain('is taken');

    await row.getByRole('checkbox', { name: `deploy.code for ${ANALYST}` }).check();
    await eventually(async () => (await listedUser(ANALYST))?.grants).toEqual(['deploy.code']);
    expect(await row.getByRole('group', { name: `Permissions of ${ANALYST}` }).textContent()).toContain('deploy function nodes, which run code on the server');

    await row.getByRole('combobox', { name: `Role of ${ANALYST}` }).selectOption('operator');
    await eventually(async () => (await listedUser(ANALYST))?.role).toBe('operator');
    await row.getByRole('combobox', { name: `Role of ${ANALYST}` }).selectOption('analyst');
    await eventually(async () => (await listedUser(ANALYST))?.role).toBe('analyst');

    await row.getByRole('button', { name: `Disable ${ANALYST}` }).click();
    await eventually(() => row.getByLabel(`Status of ${ANALYST}`).textContent()).toBe('disabled');
    expect((await listedUser(ANALYST))?.disabled).toBe(true);
    expect(await loginStatus(ANALYST, INITIAL_PASSWORD)).toBe(401);
    await row.getByRole('button', { name: `Enable ${ANALYST}` }).click();
    await eventually(() => row.getByLabel(`Status of ${ANALYST}`).textContent()).toBe('active');
    expect((await listedUser(ANALYST))?.disabled).toBe(false);

    // A password the server refuses (too short) is reported at the reset form.
    await row.getByRole('button', { name: `Reset password of ${ANALYST}` }).click();
    await row.getByLabel(`New password for ${ANALYST}`).fill('short');
    await row.getByRole('button', { name: 'Set password' }).click();
    await eventually(() => row.locator(`[id="reset-error-${ANALYST}"]`).textContent()).toMatch(/8/);
    await row.getByLabel(`New password for ${ANALYST}`).fill(RESET_PASSWORD);
    await row.getByRole('button', { name: 'Set password' }).click();
    await eventually(() => row.getByRole('status').textContent()).toContain('Password reset');
    expect(await loginStatus(ANALYST, INITIAL_PASSWORD)).toBe(401);

    // The admin's own row offers nothing the server refuses: no role choice, no disable, no delete.
    const own = userRow(admin, runtime.user.username);
    expect(await own.getByRole('combobox').count()).toBe(0);
    expect(await own.getByRole('button', { name: /Disable|Delete/ }).count()).toBe(0);
    expect(await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).count()).toBe(1);
    await saveDocScreenshot(admin, 'users');
  });

  it('the analyst signs in with the reset password, changes it, and sees neither Users nor Audit log', async () => {
    analyst = page = await (await newContext(browser)).newPage();
    await analyst.goto(runtime.url);
    await analyst.getByLabel('Username').fill(ANALYST);
    await analyst.getByLabel('Password').fill(RESET_PASSWORD);
    await analyst.getByRole('button', { name: 'Sign in' }).click();
    await analyst.getByRole('button', { name: 'Log out' }).waitFor();
    const nav = analyst.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);

    await analyst.getByRole('link', { name: `My account (${ANALYST})` }).click();
    const form = analyst.getByRole('form', { name: 'Change password' });
    await form.waitFor();
    expect(await analyst.getByRole('region', { name: 'Account' }).textContent()).toContain('deploy.code');

    await form.getByLabel('Current password').fill('not-my-password');
    await form.getByLabel('New password', { exact: true }).fill(OWN_PASSWORD);
    await form.getByLabel('Repeat new password').fill(OWN_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await eventually(() => analyst.locator('#current-password-error').textContent()).toContain('current password is wrong');

    await form.getByLabel('Current password').fill(RESET_PASSWORD);
    await form.getByLabel('Repeat new password').fill(`${OWN_PASSWORD}x`);
    await form.getByRole('button', { name: 'Change password' }).click();
    await eventually(() => analyst.locator('#repeat-password-error').textContent()).toContain('does not match');
    expect(await loginStatus(ANALYST, RESET_PASSWORD)).toBe(200);

    await form.getByLabel('Repeat new password').fill(OWN_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await eventually(() => form.getByRole('status').textContent()).toContain('Password changed');
    expect(await loginStatus(ANALYST, RESET_PASSWORD)).toBe(401);
    expect(await loginStatus(ANALYST, OWN_PASSWORD)).toBe(200);

    // This session continues on the new token the server issued: after a reload it still lists flows.
    await analyst.goto(`${runtime.url}/#/flows`);
    await analyst.reload();
    await analyst.getByText('No flows deployed yet').waitFor();
    expect(await analyst.getByRole('form', { name: 'Sign in' }).count()).toBe(0);

    // Going around the designer does not help either: the runtime refuses, and the audit log will show it as denied.
    const token = JSON.parse(String(await analyst.evaluate('localStorage.getItem("tradelane.session")'))) as { token: string };
    const forged = await fetch(`${runtime.url}/api/users`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token.token}` },
      body: JSON.stringify({ username: 'evil.admin', password: 'evil-password', role: 'admin' }),
    });
    expect(forged.status).toBe(403);

    // Opening the admin routes directly says who may use them instead of an empty table.
    await analyst.goto(`${runtime.url}/#/audit`);
    await eventually(() => analyst.getByRole('alert').textContent()).toContain('Only admins and operators can open the audit log');
    await analyst.goto(`${runtime.url}/#/users`);
    await eventually(() => analyst.getByRole('alert').textContent()).toContain('Only admins can open Users');
    expect(await analyst.getByRole('table', { name: 'Users' }).count()).toBe(0);
  });

  it('an operator sees the Audit log link but not Users', async () => {
    await runtime.api('POST', '/api/users', { username: 'otto.ops', password: 'otto-password', role: 'operator' });
    const operator = page = await (await newContext(browser)).newPage();
    await operator.goto(runtime.url);
    await operator.getByLabel('Username').fill('otto.ops');
    await operator.getByLabel('Password').fill('otto-password');
    await operator.getByRole('button', { name: 'Sign in' }).click();
    const nav = operator.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Audit log' }).click();
    await operator.getByRole('table', { name: 'Audit log' }).locator('tbody tr[data-action]').first().waitFor();
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await operator.context().close();
  });

  it('the admin filters the audit log by user.* and sees each action with its outcome and details', async () => {
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    const table = admin.getByRole('table', { name: 'Audit log' });
    await admin.getByLabel('Filter Action').fill('user.*');
    await admin.getByRole('button', { name: 'Filter' }).click();
    const actions = () => table.locator('tbody tr[data-action]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    await eventually(actions).toEqual(expect.arrayContaining(['user.create', 'user.permissions.change', 'user.update', 'user.password.reset', 'user.password.change']));
    expect((await actions()).every((action) => action?.startsWith('user.'))).toBe(true);

    const outcomeOf = (action: string, nth = 0) =>
      table.locator(`tr[data-action="${action}"]`, { hasText: `user:${ANALYST}` }).nth(nth).locator('.status-pill').textContent();
    // Newest first: the analyst's successful change is above the refused attempt with the wrong current password.
    expect(await outcomeOf('user.password.change', 0)).toBe('ok');
    expect(await outcomeOf('user.password.change', 1)).toBe('failed 400');
    expect(await outcomeOf('user.create', 0)).toBe('failed 409');
    expect(await outcomeOf('user.create', 1)).toBe('ok');
    const forged = table.locator('tr[data-action="user.create"]', { hasText: 'user:evil.admin' });
    expect(await forged.locator('.status-pill').textContent()).toBe('denied 403');
    expect(await forged.textContent()).toContain(ANALYST);
    expect(await table.locator('tr[data-action="user.password.change"]').first().textContent()).toContain(ANALYST);

    await table.getByRole('button', { name: `Show details of user.permissions.change on user:${ANALYST}` }).click();
    const details = JSON.parse((await admin.getByLabel('Details of user.permissions.change', { exact: true }).textContent())!) as unknown;
    expect(details).toEqual({ changes: { grants: { before: [], after: ['deploy.code'] } } });
    await saveDocScreenshot(admin, 'audit-log');
  });

  it('loads older entries with the cursor until the log for the filter ends', async () => {
    for (let i = 0; i < 55; i++) await runtime.api('PUT', `/api/users/${ANALYST}`, { disabled: false });
    await admin.getByLabel('Filter Action').fill('user.update');
    await admin.getByRole('button', { name: 'Filter' }).click();
    const rows = admin.getByRole('table', { name: 'Audit log' }).locator('tbody tr[data-action="user.update"]');
    await eventually(() => rows.count()).toBe(50);
    await admin.getByRole('button', { name: 'Load more' }).click();
    // 55 here, plus the two role changes, the disable and the enable from the first test.
    await eventually(() => rows.count()).toBe(59);
    const ids = await rows.evaluateAll((list) => list.map((r) => r.getAttribute('data-audit-id')));
    expect(new Set(ids).size).toBe(59);
    expect(await admin.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    // A time range that starts tomorrow matches nothing; the local time of the field is sent as an ISO instant.
    const tomorrow = new Date(Date.now() + 86_400_000);
    const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await admin.getByLabel('Filter From').fill(local);
    await admin.getByRole('button', { name: 'Filter' }).click();
    await admin.getByText('No entries match.').waitFor();
    await admin.getByLabel('Filter From').fill('');
    await admin.getByRole('button', { name: 'Filter' }).click();
    await eventually(() => rows.count()).toBe(50);
  });

  it('deleting a user from the Users screen returns their open session to the sign-in form', async () => {
    // The analyst's session still works before the delete (the updates above did not end it).
    await analyst.goto(`${runtime.url}/#/flows`);
    await analyst.reload();
    await analyst.getByText('No flows deployed yet').waitFor();
    await analyst.getByRole('link', { name: `My account (${ANALYST})` }).click();
    await analyst.getByRole('form', { name: 'Change password' }).waitFor();

    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await userRow(admin, ANALYST).getByRole('button', { name: `Delete ${ANALYST}` }).click();
    const dialog = admin.getByRole('dialog', { name: `Delete user “${ANALYST}”?` });
    await dialog.getByRole('button', { name: `Delete ${ANALYST}` }).click();
    await eventually(() => userRow(admin, ANALYST).count()).toBe(0);
    expect(await listedUser(ANALYST)).toBeUndefined();

    page = analyst;
    await analyst.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    await analyst.getByRole('form', { name: 'Sign in' }).waitFor();
    expect(await analyst.evaluate('localStorage.getItem("tradelane.session")')).toBeNull();
  });
});
