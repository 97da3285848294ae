// A revoked session in the browser: the designer returns to the sign-in form on the 401, and its Log out revokes the token on the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from '../browser/support/runtime.js';
import { launchBrowser, newContext, screenshotOnFailure } from '../browser/support/browser.js';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;

beforeAll(async () => {
  runtime = await startRuntime();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

async function loginAs(username: string): Promise<string> {
  await runtime.api('POST', '/api/users', { username, password: `${username}-password`, role: 'analyst' });
  const response = await fetch(`${runtime.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: `${username}-password` }) });
  return ((await response.json()) as { token: string }).token;
}

async function openWithSession(username: string, token: string): Promise<Page> {
  const opened = await (await newContext(browser)).newPage();
  await opened.goto(`${runtime.url}/#/flows`);
  const session = JSON.stringify({ token, user: { username, role: 'analyst' } });
  await opened.evaluate(`localStorage.setItem('tradelane.session', ${JSON.stringify(session)})`);
  await opened.reload();
  await opened.getByRole('button', { name: 'Log out' }).waitFor();
  return opened;
}

const meStatus = async (token: string) => (await fetch(`${runtime.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status;

describe('designer session revocation', () => {
  it('goes back to the sign-in form when an admin deletes the signed-in user', async () => {
    const token = await loginAs('browser-ann');
    page = await openWithSession('browser-ann', token);
    await runtime.api('DELETE', '/api/users/browser-ann');
    await page.reload();
    await page.getByRole('form', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate('localStorage.getItem("tradelane.session")')).toBeNull();
  });

  it('Log out revokes the token on the server, not only in the browser', async () => {
    const token = await loginAs('browser-bert');
    page = await openWithSession('browser-bert', token);
    expect(await meStatus(token)).toBe(200);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('form', { name: 'Sign in' }).waitFor();
    await expect.poll(() => meStatus(token)).toBe(401);
  });
});
