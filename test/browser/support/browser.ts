// Chromium for browser tests (Debian's /usr/bin/chromium via playwright-core), signed-in pages and screenshots.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { repoRoot, type RuntimeHandle } from './runtime.js';

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
}

/** A signed-in session as the login form stores it. */
export interface BrowserSession {
  token: string;
  user: { username: string; role: string };
}

/** A page already signed in (as admin unless another session is given: the session the login form would store), opened at `hash`. */
export async function openSignedIn(browser: Browser, runtime: RuntimeHandle, hash = '#/flows', as: BrowserSession = { token: runtime.token, user: runtime.user }): Promise<Page> {
  const context = await newContext(browser);
  // A script string: this file is type-checked without DOM types.
  const session = JSON.stringify(JSON.stringify(as));
  await context.addInitScript({ content: `if (!localStorage.getItem('tradelane.session')) localStorage.setItem('tradelane.session', ${session});` });
  const page = await context.newPage();
  await page.goto(`${runtime.url}/${hash}`);
  return page;
}

/** Saves a screenshot for docs/designer.md. */
/**
 * Screenshots for docs/designer.md. They go to docs/images only with TRADELANE_DOC_SCREENSHOTS=1, so an ordinary
 * test run leaves the work tree clean; otherwise they land in test-results/screenshots for inspection.
 */
export async function saveDocScreenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.TRADELANE_DOC_SCREENSHOTS === '1' ? path.join(repoRoot, 'docs', 'images') : path.join(repoRoot, 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** Registers an afterEach that saves a screenshot of the current page to test-results/ when a test fails. */
export function screenshotOnFailure(currentPage: () => Page | undefined): void {
  afterEach(async (context) => {
    const page = currentPage();
    if (!page || page.isClosed() || context.task.result?.state !== 'fail') return;
    const dir = path.join(repoRoot, 'test-results');
    mkdirSync(dir, { recursive: true });
    const name = context.task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true }).catch(() => undefined);
  });
}

/** Replaces the text of the Monaco editor inside the labelled group (keyboard.type drops spaces in Monaco). */
export async function setMonacoText(page: Page, label: string, text: string): Promise<void> {
  const editor = page.getByRole('group', { name: label, exact: true }).locator('.monaco-editor');
  await editor.waitFor();
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** expect.poll with a timeout long enough for a live runtime (stats arrive every second). */
export function eventually<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 15_000, interval: 100 });
}
