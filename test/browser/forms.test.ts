// Browser tests of the generated property forms: Markdown help, core-node labels, problems by label, conditional fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, saveDocScreenshot, screenshotOnFailure } from './support/browser.js';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;

beforeAll(async () => {
  runtime = await startRuntime();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

/** Drops a palette node on a new canvas, selects it and returns the node and the property form. */
async function dropAndSelect(target: Page, search: string, label: string, type: string, x: number, y: number): Promise<{ node: Locator; form: Locator }> {
  await target.getByLabel('Search nodes').fill(search);
  await target.getByRole('button', { name: `Palette node ${label}`, exact: true }).dragTo(target.locator('.react-flow__pane'), { targetPosition: { x, y } });
  const node = target.locator(`.react-flow__node:has([data-node-type="${type}"])`);
  await node.click();
  const form = target.getByRole('form', { name: 'Node properties' });
  await eventually(() => form.locator('.panel-title').textContent()).toContain(type);
  return { node, form };
}

async function newCanvas(): Promise<Page> {
  const opened = await openSignedIn(browser, runtime, '#/flows/new');
  await opened.getByRole('region', { name: 'Flow canvas' }).waitFor();
  return opened;
}

describe('property forms', () => {
  it('renders node help as Markdown: tables as tables, wrapped numbered items as one list', async () => {
    page = await newCanvas();
    await dropAndSelect(page, 'as2', 'as2 in', 'tl-as2-in', 300, 200);
    const help = page.getByRole('region', { name: 'Node help' });
    await help.waitFor();
    // tl-as2-in's help: four numbered steps, each wrapping onto indented lines, and two tables.
    expect(await help.locator('ol > li').count()).toBe(4);
    expect(await help.locator('ol > li').first().textContent()).toContain('A suspended partner gets 403');
    expect(await help.locator('table').count()).toBeGreaterThanOrEqual(2);
    expect(await help.locator('table').first().locator('th').allTextContents()).toEqual(['The partner asked for', 'It gets']);
    expect(await help.textContent()).not.toContain('|---|');
    await page.context().close();
  });

  it('labels core-node fields by title and keeps the Node-RED key beside it', async () => {
    page = await newCanvas();
    const { form } = await dropAndSelect(page, 'debug', 'debug', 'debug', 300, 200);
    const sidebar = form.getByLabel('Debug window', { exact: true });
    expect(await sidebar.getAttribute('type')).toBe('checkbox');
    const field = form.locator('label.field:has(input[aria-label="Debug window"])');
    expect(await field.locator('.field-key').textContent()).toBe('tosidebar');
    expect(await field.locator('.field-label').getAttribute('title')).toBe('tosidebar');
    expect(await form.getByLabel('System console', { exact: true }).count()).toBe(1);
    await page.context().close();
  });

  it('names a missing field by its title on the node and in the panel', async () => {
    page = await newCanvas();
    const { node, form } = await dropAndSelect(page, 'intake', 'partner intake', 'tl-intake', 300, 200);
    await eventually(() => node.getByRole('note').getAttribute('aria-label')).toContain('Partner id is required');
    const problems = form.getByRole('list', { name: 'Node problems' });
    expect(await problems.textContent()).toContain('Partner id is required');
    expect(await problems.textContent()).not.toContain('partnerId is required');
    await page.context().close();
  });

  it('shows tl-intake auth fields for the chosen method only, keeping hidden values', async () => {
    page = await newCanvas();
    const { form } = await dropAndSelect(page, 'intake', 'partner intake', 'tl-intake', 300, 200);
    const keyHeader = form.getByLabel('API key header', { exact: true });
    const signature = form.getByLabel('HMAC signature header', { exact: true });
    // The default, api-key: the key header, no HMAC fields.
    await keyHeader.fill('X-Partner-Key');
    expect(await signature.count()).toBe(0);
    expect(await form.getByLabel('Replay window (s)', { exact: true }).count()).toBe(0);

    await form.getByLabel('Authentication', { exact: true }).selectOption('hmac');
    await signature.waitFor();
    expect(await form.getByLabel('HMAC timestamp header', { exact: true }).count()).toBe(1);
    expect(await form.getByLabel('Replay window (s)', { exact: true }).count()).toBe(1);
    expect(await keyHeader.count()).toBe(0);
    await saveDocScreenshot(page, 'property-form-conditional');

    await form.getByLabel('Authentication', { exact: true }).selectOption('none');
    expect(await signature.count()).toBe(0);
    expect(await keyHeader.count()).toBe(0);
    // Hiding is display only: the value typed before comes back with the field.
    await form.getByLabel('Authentication', { exact: true }).selectOption('api-key');
    expect(await keyHeader.inputValue()).toBe('X-Partner-Key');
    await page.context().close();
  });

  it('shows the ERP connection\'s SOAP fields only for the SOAP adapter, the API key header only for api-key', async () => {
    page = await newCanvas();
    const { form } = await dropAndSelect(page, 'ERP post', 'ERP post', 'tl-erp-post', 300, 200);
    const operation = form.getByLabel('SOAP operation', { exact: true });
    expect(await operation.count()).toBe(0);
    expect(await form.getByLabel('API key header', { exact: true }).count()).toBe(0);
    await form.getByLabel('Adapter', { exact: true }).selectOption('soap');
    await operation.waitFor();
    expect(await form.getByLabel('SOAP namespace', { exact: true }).count()).toBe(1);
    expect(await form.getByLabel('SOAPAction', { exact: true }).count()).toBe(1);
    await form.getByLabel('Authentication', { exact: true }).selectOption('api-key');
    await form.getByLabel('API key header', { exact: true }).waitFor();
    await page.context().close();
  });
});
