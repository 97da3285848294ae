// Browser test (real runtime + Chromium): a failed message lands in the dead-letter console; edit its payload and replay it.
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
});
