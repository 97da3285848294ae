// Browser tests (real runtime + Chromium): visual diff of two versions with rollback; JSONata preview on two samples.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, saveDocScreenshot, screenshotOnFailure, setMonacoText } from './support/browser.js';
import { httpFlow, type FlowNode } from './support/flows.js';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;

function secondVersion(): FlowNode[] {
  const flow = httpFlow('ver-flow', 'versions-test', 'Versioned orders');
  const mark = flow.find((n) => n.id === 'ver-flow-mark')!;
  mark.rules = [{ t: 'set', p: 'payload.checked', pt: 'msg', to: 'yes', tot: 'str' }];
  (mark.wires as string[][])[0]!.push('ver-flow-debug');
  flow.push({ id: 'ver-flow-debug', type: 'debug', z: 'ver-flow', x: 640, y: 240, name: 'Audit', active: true, complete: 'payload', wires: [] });
  return flow;
}

function transformFlow(): FlowNode[] {
  return [
    { id: 'map-flow', type: 'tab', label: 'Mapping' },
    { id: 'map-in', type: 'http in', z: 'map-flow', x: 100, y: 100, name: 'In', url: '/partners/map-test/in', method: 'post', upload: false, wires: [['map-node']] },
    { id: 'map-node', type: 'tl-transform', z: 'map-flow', x: 340, y: 100, name: 'Map order', expression: 'payload', property: 'payload', samples: [], wires: [['map-out']] },
    { id: 'map-out', type: 'http response', z: 'map-flow', x: 580, y: 100, name: 'Reply', statusCode: '', headers: {}, wires: [] },
  ];
}

beforeAll(async () => {
  runtime = await startRuntime();
  browser = await launchBrowser();
  await runtime.api('POST', '/api/flows', { flow: httpFlow('ver-flow', 'versions-test', 'Versioned orders'), message: 'first cut' });
  await runtime.api('PUT', '/api/flows/ver-flow', { flow: secondVersion(), message: 'check orders and audit them' });
  await runtime.api('POST', '/api/flows', { flow: transformFlow(), message: 'mapping' });
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

describe('versions', () => {
  it('shows the diff of two versions on the canvas, then rolls back in one click', async () => {
    page = await openSignedIn(browser, runtime, '#/flows/ver-flow');
    await page.locator('.react-flow__node[data-id="ver-flow-debug"]').waitFor();
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByLabel('Select version 1').check();
    await page.getByLabel('Select version 2').check();
    await page.getByRole('button', { name: 'Compare selected versions' }).click();

    const diffOf = (id: string) => page!.locator(`.react-flow__node[data-id="${id}"] .tl-node`).getAttribute('data-diff');
    await eventually(() => diffOf('ver-flow-mark')).toBe('changed');
    expect(await diffOf('ver-flow-debug')).toBe('added');
    expect(await diffOf('ver-flow-in')).toBeNull();
    expect(await page.locator('.react-flow__edge.edge-diff-added').count()).toBe(1);
    const changed = page.getByRole('list', { name: 'Changed properties' });
    expect(await changed.textContent()).toContain('rules');
    expect(await changed.textContent()).toContain('payload.checked');
    await saveDocScreenshot(page, 'version-diff');

    await page.getByRole('button', { name: 'Exit diff' }).first().click();
    await page.getByRole('button', { name: 'Roll back to version 1' }).click();
    await eventually(() => page!.getByLabel('Flow state').textContent()).toContain('v3 deployed');
    await eventually(() => page!.locator('.react-flow__node[data-id="ver-flow-debug"]').count()).toBe(0);
    await eventually(() => page!.locator('.version-list li').count()).toBe(3);

    const current = await runtime.api<{ version: number; flow: FlowNode[] }>('GET', '/api/flows/ver-flow');
    expect(current.version).toBe(3);
    expect(current.flow.some((n) => n.id === 'ver-flow-debug')).toBe(false);
    expect(JSON.stringify(current.flow.find((n) => n.id === 'ver-flow-mark')?.rules)).toContain('payload.seen');
    await page.context().close();
  });
});

describe('JSONata editor', () => {
  it('previews two samples side by side and marks a syntax error inline', async () => {
    page = await openSignedIn(browser, runtime, '#/flows/map-flow');
    await page.locator('.react-flow__node[data-id="map-node"]').click();
    await page.getByRole('button', { name: 'Open JSONata editor for Expression' }).click();
    const dialog = page.getByRole('dialog', { name: /JSONata editor/ });
    await dialog.waitFor();

    await setMonacoText(page, 'Sample 1', '{"payload": {"qty": 2, "price": 10}}');
    await dialog.getByRole('button', { name: 'Add sample' }).click();
    await setMonacoText(page, 'Sample 2', '{"payload": {"qty": 5, "price": 3}}');
    await setMonacoText(page, 'JSONata expression', 'payload.qty * payload.price');
    await eventually(() => dialog.getByLabel('Result 1').textContent()).toBe('20');
    await eventually(() => dialog.getByLabel('Result 2').textContent()).toBe('15');
    // The workbench says which engine a node runs the expression on.
    await eventually(() => dialog.getByLabel('JSONata engine').textContent()).toContain('Engine: compiled');
    await saveDocScreenshot(page, 'jsonata-preview');

    await setMonacoText(page, 'JSONata expression', 'payload.qty * ');
    await eventually(() => dialog.getByLabel('Expression error').textContent()).toContain('Unexpected end of expression');
    await eventually(() => page!.getByRole('group', { name: 'JSONata expression', exact: true }).locator('.squiggly-error').count()).toBeGreaterThan(0);
    expect(await dialog.getByLabel('Result 2').textContent()).toContain('Error');
    await saveDocScreenshot(page, 'jsonata-error');

    // An expression that would freeze the server is stopped by the runtime; the result says so instead of an error.
    await setMonacoText(page, 'Sample 2', '{"payload": {"text": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"}}');
    await setMonacoText(page, 'JSONata expression', '$match(payload.text, /^(a+)+$/)');
    await eventually(() => dialog.getByLabel('Result 2').textContent()).toContain('Stopped: evaluation stopped after 1000 ms');
    await eventually(() => dialog.getByLabel('JSONata engine').textContent()).toContain('jsonata-js (interpreted): regular expressions are not compiled');
    await setMonacoText(page, 'Sample 2', '{"payload": {"qty": 5, "price": 3}}');

    // Applying keeps the expression and both samples on the node, ready to deploy.
    await setMonacoText(page, 'JSONata expression', 'payload.qty * payload.price');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByLabel('Version message').fill('price the order');
    await page.getByRole('button', { name: 'Confirm deploy' }).click();
    await eventually(() => page!.getByLabel('Flow state').textContent()).toContain('v2 deployed');
    const stored = await runtime.api<{ flow: FlowNode[] }>('GET', '/api/flows/map-flow');
    const node = stored.flow.find((n) => n.id === 'map-node')!;
    expect(node.expression).toBe('payload.qty * payload.price');
    expect(node.samples).toEqual([{ payload: { qty: 2, price: 10 } }, { payload: { qty: 5, price: 3 } }]);
    await page.context().close();
  });
});
