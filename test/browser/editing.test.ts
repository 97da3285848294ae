// Browser tests (real runtime + Chromium): sign in, drag nodes from the palette, wire them, edit a property, deploy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_PASSWORD, startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, newContext, openSignedIn, saveDocScreenshot, screenshotOnFailure } from './support/browser.js';
import { httpFlow } from './support/flows.js';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;

beforeAll(async () => {
  runtime = await startRuntime();
  browser = await launchBrowser();
  await runtime.api('POST', '/api/flows', { flow: httpFlow('edit-flow', 'edit-test', 'Order intake'), message: 'initial version' });
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

async function dragPaletteNode(target: Page, label: string, x: number, y: number): Promise<void> {
  const canvas = target.locator('.react-flow__pane');
  await target.getByRole('button', { name: `Palette node ${label}`, exact: true }).dragTo(canvas, { targetPosition: { x, y } });
}

describe('designer editing', () => {
  it('signs in through the login form and lists the deployed flow', async () => {
    const context = await newContext(browser);
    page = await context.newPage();
    await page.goto(runtime.url);
    await saveDocScreenshot(page, 'login');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page!.getByRole('alert').textContent()).toBeTruthy();

    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('table', { name: 'Flows' }).waitFor();
    expect(await page.getByLabel('Signed in user').textContent()).toBe('admin');
    expect(await page.getByLabel('Role').textContent()).toBe('admin');
    const row = page.locator('tr[data-flow-id="edit-flow"]');
    expect(await row.getByRole('link').textContent()).toBe('Order intake');
    expect(await row.getByLabel('Deployed version').textContent()).toBe('v1');
    await saveDocScreenshot(page, 'flow-list');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('form', { name: 'Sign in' }).waitFor();
    await context.close();
  });

  it('drags two nodes from the palette and wires them together', async () => {
    page = await openSignedIn(browser, runtime, '#/flows/new');
    await page.getByRole('region', { name: 'Flow canvas' }).waitFor();
    await page.getByLabel('Search nodes').fill('http');
    expect(await page.getByRole('button', { name: 'Palette node change', exact: true }).count()).toBe(0);
    await page.getByLabel('Search nodes').fill('');

    await dragPaletteNode(page, 'http in', 200, 200);
    await dragPaletteNode(page, 'change', 520, 260);
    const nodes = page.locator('.react-flow__node');
    await expect.poll(() => nodes.count()).toBe(2);

    const source = page.locator('.react-flow__node[data-node-type="http in"], .react-flow__node:has([data-node-type="http in"])').locator('.react-flow__handle.source').first();
    const target = page.locator('.react-flow__node:has([data-node-type="change"])').locator('.react-flow__handle.target').first();
    await source.dragTo(target);
    await expect.poll(() => page!.locator('.react-flow__edge').count()).toBe(1);

    // Undo removes the wire, redo brings it back.
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page!.locator('.react-flow__edge').count()).toBe(0);
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(() => page!.locator('.react-flow__edge').count()).toBe(1);

    // The new http-in node lacks its required url: the problem shows on the node before any deploy.
    const httpNode = page.locator('.react-flow__node:has([data-node-type="http in"])');
    const problems = httpNode.getByRole('note');
    expect(await problems.getAttribute('aria-label')).toContain('URL is required');
    await saveDocScreenshot(page, 'canvas-wiring');

    // Copy and paste both nodes (with the wire between them), then delete the copies again.
    await page.getByRole('region', { name: 'Flow canvas' }).click({ position: { x: 20, y: 20 } });
    await page.locator('.react-flow__node:has([data-node-type="http in"])').click();
    await page.locator('.react-flow__node:has([data-node-type="change"])').click({ modifiers: ['Shift'] });
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await page.getByRole('button', { name: 'Paste', exact: true }).click();
    await eventually(() => nodes.count()).toBe(4);
    await eventually(() => page!.locator('.react-flow__edge').count()).toBe(2);
    await page.getByRole('button', { name: 'Delete selected' }).click();
    await eventually(() => nodes.count()).toBe(2);
    expect(await page.locator('.react-flow__edge').count()).toBe(1);
    await page.context().close();
  });

  it('edits a property, deploys with a message and lists the new version', async () => {
    page = await openSignedIn(browser, runtime, '#/flows/edit-flow');
    const node = page.locator('.react-flow__node[data-id="edit-flow-mark"]');
    await node.click();
    const nameField = page.getByRole('form', { name: 'Node properties' }).getByLabel('Name', { exact: true });
    await nameField.fill('Mark as received');
    expect(await node.textContent()).toContain('Mark as received');
    await saveDocScreenshot(page, 'property-panel');

    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByLabel('Version message').fill('rename the marker node');
    await page.getByRole('button', { name: 'Confirm deploy' }).click();
    await expect.poll(() => page!.getByLabel('Flow state').textContent()).toContain('v2 deployed');
    // The deploy answer says where the http in is served and warns that anyone may call it; the node keeps the warning.
    expect(await page.getByLabel('Notice').textContent()).toBe('Deployed version 2 · serves POST /hooks/edit-flow/partners/edit-test/orders · 1 warning on the canvas');
    const warning = page.locator('.react-flow__node[data-id="edit-flow-in"]').getByRole('note');
    expect(await warning.getAttribute('aria-label')).toContain('without partner authentication');
    expect(await page.getByLabel('Validation summary').textContent()).toContain('1 warning');

    await page.getByRole('tab', { name: 'Versions' }).click();
    const latest = page.locator('.version-list li[data-version="2"]');
    await latest.waitFor();
    expect(await latest.textContent()).toContain('rename the marker node');
    const stored = await runtime.api<{ flow: { id: string; name?: string }[] }>('GET', '/api/flows/edit-flow');
    expect(stored.flow.find((n) => n.id === 'edit-flow-mark')?.name).toBe('Mark as received');
    await page.context().close();
  });

  it('shows schema problems on a node while editing', async () => {
    page = await openSignedIn(browser, runtime, '#/flows/edit-flow');
    await page.locator('.react-flow__node[data-id="edit-flow-in"]').click();
    const url = page.getByRole('form', { name: 'Node properties' }).getByLabel('URL', { exact: true });
    await url.fill('no-leading-slash');
    const problems = page.locator('.react-flow__node[data-id="edit-flow-in"]').getByRole('note');
    await expect.poll(() => problems.getAttribute('aria-label')).toContain('URL must match');
    expect(await page.getByLabel('Validation summary').textContent()).toContain('1 error');
    await page.context().close();
  });

  it('imports Node-RED JSON and maps the server\'s 400 details onto the offending nodes', async () => {
    page = await openSignedIn(browser, runtime, '#/flows/new');
    await page.getByRole('region', { name: 'Flow canvas' }).waitFor();
    // The same node ids as the deployed flow: only the server knows they are taken.
    const copy = httpFlow('edit-flow', 'edit-test-copy', 'Copy').filter((n) => n.type !== 'tab');
    await page.getByRole('button', { name: 'Import flow JSON' }).click();
    await page.getByLabel('Flow JSON', { exact: true }).fill(JSON.stringify(copy));
    await page.getByRole('button', { name: 'Import nodes' }).click();
    await expect.poll(() => page!.locator('.react-flow__node').count()).toBe(3);
    await expect.poll(() => page!.locator('.react-flow__edge').count()).toBe(2);

    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByLabel('Version message').fill('copy of order intake');
    await page.getByRole('button', { name: 'Confirm deploy' }).click();
    await expect.poll(() => page!.getByLabel('Deploy error').textContent()).toContain('invalid flow');
    await page.getByRole('button', { name: 'Cancel' }).click();
    const problems = page.locator('.react-flow__node[data-id="edit-flow-mark"]').getByRole('note');
    await expect.poll(() => problems.getAttribute('aria-label')).toContain('already used');
    await saveDocScreenshot(page, 'server-validation');
    await page.context().close();
  });
});
