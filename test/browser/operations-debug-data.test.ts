// Browser test (real runtime with TRADELANE_CAPTURE_DATA=all + Chromium): the canvas debug sidebar shows a debug node's output
// (loaded and live, filter, clear, click to highlight the node); the trace view shows each node's input and output; an analyst sees why not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, newContext, openSignedIn, saveDocScreenshot, screenshotOnFailure } from './support/browser.js';
import { httpFlow, postMessage } from './support/flows.js';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;

const FLOW = 'dbg-flow';
const endpoint = () => `${runtime.url}/hooks/${FLOW}/partners/dbg-test/orders`;

/** http in -> "Mark seen" -> reply, and -> a debug node "Audit" showing msg.payload. */
function debugFlow() {
  const flow = httpFlow(FLOW, 'dbg-test', 'Debug flow');
  const mark = flow.find((node) => node.id === `${FLOW}-mark`)!;
  mark.wires = [[`${FLOW}-out`, `${FLOW}-debug`]];
  flow.push({ id: `${FLOW}-debug`, type: 'debug', z: FLOW, x: 640, y: 220, name: 'Audit', active: true, tosidebar: true, complete: 'payload', targetType: 'msg', wires: [] });
  return flow;
}

async function signIn(username: string, password: string) {
  const response = await fetch(`${runtime.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(response.status).toBe(200);
  return (await response.json()) as { token: string; user: unknown };
}

async function openAs(session: { token: string; user: unknown }, hash: string): Promise<Page> {
  const context = await newContext(browser);
  const stored = JSON.stringify(JSON.stringify(session));
  await context.addInitScript({ content: `localStorage.setItem('tradelane.session', ${stored});` });
  const opened = await context.newPage();
  await opened.goto(`${runtime.url}/${hash}`);
  return opened;
}

beforeAll(async () => {
  runtime = await startRuntime({ env: { TRADELANE_CAPTURE_DATA: 'all' } });
  browser = await launchBrowser();
  await runtime.api('POST', '/api/flows', { flow: debugFlow(), message: 'debug sidebar test' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

describe('debug sidebar and per-node message data', () => {
  it('lists the debug node output of this flow, loaded and live, with a node filter, clear and node highlight', async () => {
    expect(await postMessage(endpoint(), { order: 6, buyer: 'earlier' }, 'dbg-cid-0')).toBe(200);
    page = await openSignedIn(browser, runtime, `#/flows/${FLOW}`);
    await page.locator(`.react-flow__node[data-id="${FLOW}-debug"]`).waitFor();
    await page.getByRole('tab', { name: 'Debug' }).click();
    const output = page.getByRole('list', { name: 'Debug output' });
    // Sent before the page opened: comes from GET /api/flows/:id/debug.
    await eventually(() => output.locator('li').count()).toBe(1);
    expect(await output.textContent()).toContain('earlier');
    await eventually(() => page!.locator('.debug-panel .live-state').textContent()).toContain('live');

    expect(await postMessage(endpoint(), { order: 7, buyer: 'live one' }, 'dbg-cid-1')).toBe(200);
    await eventually(() => output.locator('li').count()).toBe(2);
    const newest = output.locator('li').first();
    expect(await newest.textContent()).toContain('live one');
    expect(await newest.textContent()).toContain('dbg-cid-1');
    // msg.payload.seen was set by "Mark seen" before the debug node.
    expect(await newest.getByRole('group', { name: 'Debug value of Audit' }).textContent()).toContain('seen');

    await page.getByLabel('Filter by node').selectOption({ label: 'Audit' });
    expect(await output.locator('li').count()).toBe(2);
    await newest.getByRole('button', { name: 'Show node Audit' }).click();
    await eventually(() => page!.locator(`.react-flow__node[data-id="${FLOW}-debug"]`).getAttribute('class')).toContain('selected');
    await saveDocScreenshot(page, 'operations-debug');

    await page.getByRole('button', { name: 'Clear' }).click();
    expect(await output.locator('li').count()).toBe(0);
    expect(await postMessage(endpoint(), { order: 8, buyer: 'after clear' }, 'dbg-cid-2')).toBe(200);
    await eventually(() => output.locator('li').count()).toBe(1);
    expect(await output.textContent()).toContain('after clear');
    await page.context().close();
    page = undefined;
  }, 120_000);

  it('shows each node input and output of a message in the trace view', async () => {
    expect(await postMessage(endpoint(), { order: 9, buyer: 'traced' }, 'dbg-cid-3')).toBe(200);
    page = await openSignedIn(browser, runtime, '#/traces/dbg-cid-3');
    const nodes = page.getByRole('list', { name: 'Message data per node' });
    await eventually(() => nodes.locator('li.node-data').count()).toBeGreaterThan(1);
    const input = page.getByRole('region', { name: 'Input of Mark seen' });
    const outputPane = page.getByRole('region', { name: 'Output of Mark seen' });
    expect(await input.textContent()).toContain('traced');
    expect(await input.textContent()).not.toContain('seen');
    expect(await outputPane.textContent()).toContain('seen');
    await saveDocScreenshot(page, 'operations-node-data');
    await page.context().close();
    page = undefined;
  }, 60_000);

  it('tells an analyst without ledger.payloads why message data is hidden', async () => {
    await runtime.api('POST', '/api/users', { username: 'ann-analyst', password: 'analyst-password-1', role: 'analyst' });
    const session = await signIn('ann-analyst', 'analyst-password-1');
    page = await openAs(session, '#/traces/dbg-cid-3');
    await page.getByRole('list', { name: 'Trace timeline' }).waitFor();
    await eventually(() => page!.getByRole('alert').textContent()).toContain('lacks the ledger.payloads permission');
    expect(await page.locator('li.node-data').count()).toBe(0);
    await page.context().close();
    page = undefined;
  }, 60_000);
});
