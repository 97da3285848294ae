// Browser test (real runtime + Chromium): a failed message lands in the dead-letter console; edit and replay it; the list refreshes itself, the nav counts open letters, bulk replay and discard ask first with a count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, saveDocScreenshot, screenshotOnFailure, setMonacoText } from './support/browser.js';
import { postMessage, type FlowNode } from './support/flows.js';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;

function failingFlow(): FlowNode[] {
  const z = 'dl-flow';
  return [
    { id: z, type: 'tab', label: 'Dead-letter demo' },
    { id: 'dl-in', type: 'http in', z, x: 100, y: 100, name: 'Orders in', url: '/orders', method: 'post', upload: false, wires: [['dl-check']] },
    { id: 'dl-check', type: 'function', z, x: 320, y: 100, name: 'Check order', outputs: 1,
      func: "if (msg.payload.fail) { throw new Error('order rejected: fail flag set'); }\nreturn msg;", wires: [['dl-ok']] },
    { id: 'dl-ok', type: 'http response', z, x: 540, y: 100, name: 'Reply', statusCode: '', headers: {}, wires: [] },
    { id: 'dl-catch', type: 'catch', z, x: 100, y: 240, name: 'On failure', scope: ['dl-check'], uncaught: false, wires: [['dl-store']] },
    { id: 'dl-store', type: 'tl-dead-letter', z, x: 320, y: 240, name: 'Dead letter', replayNodeId: '', wires: [['dl-fail']] },
    { id: 'dl-fail', type: 'http response', z, x: 540, y: 240, name: 'Failed reply', statusCode: '503', headers: {}, wires: [] },
  ];
}

beforeAll(async () => {
  runtime = await startRuntime();
  browser = await launchBrowser();
  await runtime.api('POST', '/api/flows', { flow: failingFlow(), message: 'dead-letter demo' });
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

describe('dead-letter console', () => {
  it('shows the error chain, edits the payload and replays the message', async () => {
    await postMessage(`${runtime.url}/hooks/dl-flow/orders`, { order: 'PO-1', fail: true }, 'dl-cid-1');
    await eventually(async () => (await runtime.api<{ deadLetters: unknown[] }>('GET', '/api/deadletters')).deadLetters.length).toBe(1);

    page = await openSignedIn(browser, runtime, '#/deadletters');
    const row = page.getByRole('table', { name: 'Dead letters' }).locator('tbody tr', { hasText: 'dl-cid-1' });
    await row.click();
    const detail = page.getByRole('region', { name: 'Dead letter detail' });
    await detail.waitFor();
    expect(await detail.getByRole('list', { name: 'Error chain' }).textContent()).toContain('order rejected');

    await setMonacoText(page, 'Dead letter payload', '{"order": "PO-1", "fail": false}');
    await detail.getByRole('button', { name: 'Save payload' }).click();
    await eventually(() => page!.getByRole('status').first().textContent()).toContain('Payload saved');
    await saveDocScreenshot(page, 'dead-letters');
    // The flow has no validate node: an edited payload is replayed unvalidated only with a reason.
    await detail.getByRole('button', { name: 'Replay', exact: true }).click();
    await eventually(() => page!.getByRole('status').first().textContent()).toContain('needs a reason');
    await detail.getByRole('textbox', { name: 'Replay reason' }).fill('customer confirmed the order by phone');
    await detail.getByRole('button', { name: 'Replay', exact: true }).click();
    await eventually(() => page!.getByRole('status').first().textContent()).toContain('Replayed');

    const replayed = await runtime.api<{ deadLetters: { id: string; correlationId: string; status: string }[] }>('GET', '/api/deadletters?status=replayed');
    const summary = replayed.deadLetters.find((d) => d.correlationId === 'dl-cid-1');
    expect(summary?.status).toBe('replayed');
    const stored = await runtime.api<{ message: { payload: unknown }; replays: unknown[] }>('GET', `/api/deadletters/${summary!.id}`);
    expect(stored.message.payload).toEqual({ order: 'PO-1', fail: false });
    expect(stored.replays).toEqual([expect.objectContaining({ validation: 'unvalidated', reason: 'customer confirmed the order by phone' })]);
    await page.context().close();
  });

  it('refreshes the list by itself and counts open dead letters in the nav', async () => {
    page = await openSignedIn(browser, runtime, '#/deadletters');
    const table = page.getByRole('table', { name: 'Dead letters' });
    await table.waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await postMessage(`${runtime.url}/hooks/dl-flow/orders`, { order: 'PO-2', fail: true }, 'dl-cid-2');
    // No reload and no click: the open console shows the new letter, and the badge counts it.
    await eventually(() => table.locator('tbody tr', { hasText: 'dl-cid-2' }).count()).toBe(1);
    await eventually(() => nav.getByLabel('1 open dead letter', { exact: true }).count()).toBe(1);
    await postMessage(`${runtime.url}/hooks/dl-flow/orders`, { order: 'PO-3', fail: true }, 'dl-cid-3');
    await eventually(() => table.locator('tbody tr', { hasText: 'dl-cid-3' }).count()).toBe(1);
    await eventually(() => nav.getByLabel('2 open dead letters', { exact: true }).count()).toBe(1);
  });

  it('asks before replaying all matching, saying how many', async () => {
    await page!.getByRole('button', { name: 'Replay all matching' }).click();
    const dialog = page!.getByRole('dialog', { name: 'Replay 2 dead letters?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    const open = await runtime.api<{ deadLetters: Array<{ correlationId: string }> }>('GET', '/api/deadletters?status=open');
    expect(open.deadLetters.map((letter) => letter.correlationId).sort()).toEqual(['dl-cid-2', 'dl-cid-3']);
  });

  it('asks before discarding, then keeps the letter as discarded', async () => {
    const table = page!.getByRole('table', { name: 'Dead letters' });
    await table.locator('tbody tr', { hasText: 'dl-cid-2' }).click();
    const detail = page!.getByRole('region', { name: 'Dead letter detail' });
    await detail.getByRole('button', { name: 'Discard dead letter' }).click();
    const dialog = page!.getByRole('dialog', { name: 'Discard 1 dead letter?' });
    await dialog.waitFor();
    const letter = (await runtime.api<{ deadLetters: Array<{ id: string; correlationId: string; status: string }> }>('GET', '/api/deadletters')).deadLetters.find((letter) => letter.correlationId === 'dl-cid-2')!;
    expect(letter.status).toBe('open');
    await dialog.getByRole('button', { name: 'Discard 1 dead letter' }).click();
    await eventually(() => page!.getByRole('status').first().textContent()).toContain('Dead letter discarded');
    expect((await runtime.api<{ status: string; discarded: { by: string } }>('GET', `/api/deadletters/${letter.id}`))).toMatchObject({ status: 'discarded', discarded: { by: 'admin' } });
    await eventually(() => page!.getByRole('navigation', { name: 'Main' }).getByLabel('1 open dead letter', { exact: true }).count()).toBe(1);

    await page!.getByLabel('Filter Status').selectOption('discarded');
    await page!.getByRole('button', { name: 'Filter', exact: true }).click();
    const row = table.locator('tbody tr', { hasText: 'dl-cid-2' });
    await eventually(() => row.textContent()).toContain('discarded');
    expect(await table.locator('tbody tr', { hasText: 'dl-cid-3' }).count()).toBe(0);
    await page!.context().close();
  });
});
