// Browser test (real runtime + Chromium + a real OpenSSH server): an analyst sets up an SFTP pick-up in the designer, pastes the key, deploys, and the partner's file is taken.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, saveDocScreenshot, screenshotOnFailure } from './support/browser.js';
import { startSshd, type SshdProcess } from '../transport/sshd-server.js';

let runtime: RuntimeHandle;
let browser: Browser;
let sshd: SshdProcess;
let page: Page | undefined;

beforeAll(async () => {
  sshd = await startSshd();
  for (const folder of ['outbound', 'outbound/archive', 'outbound/error']) mkdirSync(path.join(sshd.root, folder), { recursive: true });
  runtime = await startRuntime();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  await sshd?.stop();
});

screenshotOnFailure(() => page);

describe('an SFTP pick-up built in the designer', () => {
  it('shows the transport nodes, asks for the pinned host key, keeps the pasted key masked and sealed, and takes the file once deployed', async () => {
    page = await openSignedIn(browser, runtime, '#/flows/new');
    await page.getByRole('region', { name: 'Flow canvas' }).waitFor();
    await page.getByLabel('Search nodes').fill('sftp');
    await page.getByRole('button', { name: 'Palette node sftp out', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Palette node sftp in', exact: true }).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 300, y: 200 } });
    const node = page.locator('.react-flow__node:has([data-node-type="tl-sftp-in"])');
    await node.click();
    // Before it is filled in, the node names what it lacks.
    await eventually(() => node.getByRole('note').getAttribute('aria-label')).toContain('Host key fingerprint is required');

    const form = page.getByRole('form', { name: 'Node properties' });
    await form.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await form.getByLabel('Port', { exact: true }).fill(String(sshd.port));
    await form.getByLabel('Username', { exact: true }).fill(sshd.username);
    await form.getByLabel('Host key fingerprint', { exact: true }).fill(sshd.hostKeySha256);
    await form.getByLabel('Pick-up folder', { exact: true }).fill(path.join(sshd.root, 'outbound'));
    await form.getByLabel('Poll every (ms)', { exact: true }).fill('1000');
    const key = form.getByLabel('Private key (OpenSSH or PEM)', { exact: true });
    await key.fill(sshd.privateKey);
    // A text area keeps the key's line breaks (an input would drop them), masked on screen like a password.
    expect((await key.inputValue()).split('\n').length).toBeGreaterThan(3);
    // This file is type-checked without DOM types: the page's getComputedStyle is reached through globalThis.
    const textSecurity = await key.evaluate((element) => (globalThis as unknown as { getComputedStyle(target: unknown): { getPropertyValue(name: string): string } })
      .getComputedStyle(element).getPropertyValue('-webkit-text-security'));
    expect(textSecurity).toBe('disc');
    await eventually(() => node.getByRole('note').count()).toBe(0);
    await saveDocScreenshot(page, 'sftp-pickup-form');

    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByLabel('Version message').fill('pick up the partner\'s files');
    await page.getByRole('button', { name: 'Confirm deploy' }).click();
    await eventually(() => page!.getByLabel('Flow state').textContent()).toContain('v1 deployed');

    writeFileSync(path.join(sshd.root, 'outbound', 'ORDERS-42.edi'), 'ISA*00*ORDERS-42~');
    await eventually(() => readdirSync(path.join(sshd.root, 'outbound', 'archive'))).toEqual(['ORDERS-42.edi']);
    const documents = await runtime.api<{ documents: Array<{ channel: string; status: string; direction: string }> }>('GET', '/api/documents?channel=file');
    expect(documents.documents).toEqual([expect.objectContaining({ direction: 'in', status: 'accepted' })]);

    // Opened again, the key is set but never shown.
    await page.reload();
    await page.locator('.react-flow__node:has([data-node-type="tl-sftp-in"])').click();
    const stored = page.getByRole('form', { name: 'Node properties' }).getByLabel('Private key (OpenSSH or PEM)', { exact: true });
    expect(await stored.inputValue()).toBe('');
    expect(await stored.getAttribute('placeholder')).toContain('set; type to replace');
    await page.context().close();
  });
});
