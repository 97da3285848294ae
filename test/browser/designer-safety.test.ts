// Browser tests (real runtime + Chromium): unsaved edits are guarded and kept as a local draft; the JSONata workbench
// keeps its expression in view, blocks invalid samples and removes any sample; every dialog closes on Escape and traps Tab.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, saveDocScreenshot, screenshotOnFailure, setMonacoText } from './support/browser.js';
import { httpFlow, postMessage, type FlowNode } from './support/flows.js';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;

function transformFlow(): FlowNode[] {
  return [
    { id: 'wb-flow', type: 'tab', label: 'Workbench' },
    { id: 'wb-in', type: 'http in', z: 'wb-flow', x: 100, y: 100, name: 'In', url: '/partners/wb-test/in', method: 'post', upload: false, wires: [['wb-map']] },
    { id: 'wb-map', type: 'tl-transform', z: 'wb-flow', x: 340, y: 100, name: 'Map order', expression: 'payload', property: 'payload', samples: [], wires: [['wb-out']] },
    { id: 'wb-out', type: 'http response', z: 'wb-flow', x: 580, y: 100, name: 'Reply', statusCode: '', headers: {}, wires: [] },
  ];
}

/** A message with `fail` set throws and lands in the dead letters. */
function failingFlow(): FlowNode[] {
  const z = 'esc-dl-flow';
  return [
    { id: z, type: 'tab', label: 'Dead letters for dialogs' },
    { id: 'esc-in', type: 'http in', z, x: 100, y: 100, name: 'In', url: '/orders', method: 'post', upload: false, wires: [['esc-check']] },
    { id: 'esc-check', type: 'function', z, x: 320, y: 100, name: 'Check', outputs: 1, func: "throw new Error('rejected');", wires: [['esc-ok']] },
    { id: 'esc-ok', type: 'http response', z, x: 540, y: 100, name: 'Reply', statusCode: '', headers: {}, wires: [] },
    { id: 'esc-catch', type: 'catch', z, x: 100, y: 240, name: 'On failure', scope: ['esc-check'], uncaught: false, wires: [['esc-store']] },
    { id: 'esc-store', type: 'tl-dead-letter', z, x: 320, y: 240, name: 'Dead letter', replayNodeId: '', wires: [['esc-fail']] },
    { id: 'esc-fail', type: 'http response', z, x: 540, y: 240, name: 'Failed reply', statusCode: '503', headers: {}, wires: [] },
  ];
}

beforeAll(async () => {
  runtime = await startRuntime();
  browser = await launchBrowser();
  await runtime.api('POST', '/api/flows', { flow: httpFlow('guard-flow', 'guard-test', 'Guarded orders'), message: 'initial' });
  await runtime.api('POST', '/api/flows', { flow: transformFlow(), message: 'initial' });
  await runtime.api('POST', '/api/flows', { flow: failingFlow(), message: 'initial' });
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

/** Whether focus is inside the open dialog (script string: tests are type-checked without DOM types). */
function focusInDialog(target: Page): Promise<unknown> {
  return target.evaluate('document.activeElement?.closest("[role=dialog]") !== null && document.activeElement?.closest("[role=dialog]") !== undefined');
}

function draftKeys(target: Page): Promise<unknown> {
  return target.evaluate('Object.keys(localStorage).filter((k) => k.startsWith("tradelane.draft:"))');
}

async function renameMarker(target: Page, name: string): Promise<void> {
  await target.locator('.react-flow__node[data-id="guard-flow-mark"]').click();
  await target.getByRole('form', { name: 'Node properties' }).getByLabel('Name', { exact: true }).fill(name);
  await eventually(() => target.getByLabel('Flow state').textContent()).toContain('unsaved changes');
}

/** Monaco's text of a labelled editor (its rendered lines, non-breaking spaces normalised). */
async function monacoText(target: Page, label: string): Promise<string> {
  const text = await target.getByRole('group', { name: label, exact: true }).locator('.view-lines').textContent();
  return (text ?? '').replace(/\u00a0/g, ' ');
}

describe('unsaved work', () => {
  it('asks before leaving the canvas, keeps a draft, offers it on reopen and drops it after deploy', async () => {
    // Opened from the flow list, so the back button has somewhere to go inside the app.
    page = await openSignedIn(browser, runtime, '#/flows');
    await page.locator('tr[data-flow-id="guard-flow"]').getByRole('link').click();
    await renameMarker(page, 'Edited marker');

    // Flows link: the in-app dialog holds the navigation; Stay keeps the edit and the address.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    const leave = page.getByRole('dialog', { name: 'Leave with unsaved changes?' });
    await leave.waitFor();
    await page.getByRole('button', { name: 'Stay' }).click();
    await eventually(() => leave.count()).toBe(0);
    expect(page.url()).toContain('#/flows/guard-flow');
    expect(await page.locator('.react-flow__node[data-id="guard-flow-mark"]').textContent()).toContain('Edited marker');

    // The back button is held the same way.
    await page.goBack();
    await leave.waitFor();
    await page.keyboard.press('Escape');
    await eventually(() => leave.count()).toBe(0);
    expect(page.url()).toContain('#/flows/guard-flow');

    // Dead letters, then Leave: the page changes and the edit waits as a local draft.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Dead letters/ }).click();
    await leave.waitFor();
    await page.getByRole('button', { name: 'Leave' }).click();
    await eventually(() => page!.url()).toContain('#/deadletters');
    await page.getByRole('heading', { name: 'Dead letters' }).waitFor();
    expect(await draftKeys(page)).toEqual(['tradelane.draft:admin:guard-flow:v1']);

    // Reopening the flow offers the draft; restoring it brings the edit back, still undeployed.
    await page.goto(`${runtime.url}/#/flows/guard-flow`);
    const banner = page.getByRole('status', { name: 'Unsaved draft' });
    await banner.waitFor();
    expect(await page.locator('.react-flow__node[data-id="guard-flow-mark"]').textContent()).toContain('Mark seen');
    await page.getByRole('button', { name: 'Restore draft' }).click();
    await eventually(() => page!.locator('.react-flow__node[data-id="guard-flow-mark"]').textContent()).toContain('Edited marker');
    expect(await page.getByLabel('Flow state').textContent()).toContain('unsaved changes');

    // Deploying settles it: no draft left, and leaving no longer asks.
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByRole('button', { name: 'Confirm deploy' }).click();
    await eventually(() => page!.getByLabel('Flow state').textContent()).toBe('v2 deployed');
    expect(await draftKeys(page)).toEqual([]);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Traces' }).click();
    await eventually(() => page!.url()).toContain('#/traces');
    expect(await leave.count()).toBe(0);
    await page.context().close();
  });

  it('prompts before a reload or close with unsaved edits, and a discarded draft is gone', async () => {
    page = await openSignedIn(browser, runtime, '#/flows/guard-flow');
    const context = page.context();
    await renameMarker(page, 'Edited before close');
    const prompted = new Promise<string>((resolve) => page!.once('dialog', (dialog) => { resolve(dialog.type()); void dialog.accept(); }));
    await page.close({ runBeforeUnload: true });
    expect(await prompted).toBe('beforeunload');

    page = await context.newPage();
    await page.goto(`${runtime.url}/#/flows/guard-flow`);
    await page.getByRole('status', { name: 'Unsaved draft' }).waitFor();
    await page.getByRole('button', { name: 'Discard draft' }).click();
    expect(await draftKeys(page)).toEqual([]);
    expect(await page.locator('.react-flow__node[data-id="guard-flow-mark"]').textContent()).not.toContain('Edited before close');
    await context.close();
  });
});

describe('JSONata workbench', () => {
  it('keeps the expression in view with many samples, blocks Apply on invalid JSON and removes a middle sample', async () => {
    page = await openSignedIn(browser, runtime, '#/flows/wb-flow');
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.locator('.react-flow__node[data-id="wb-map"]').click();
    await page.getByRole('button', { name: 'Open JSONata editor for Expression' }).click();
    const dialog = page.getByRole('dialog', { name: /JSONata editor/ });
    await dialog.waitFor();
    await setMonacoText(page, 'Sample 1', '{"payload": {"qty": 1}}');
    for (let n = 2; n <= 4; n++) {
      await dialog.getByRole('button', { name: 'Add sample' }).click();
      await setMonacoText(page, `Sample ${n}`, `{"payload": {"qty": ${n}}}`);
    }
    await setMonacoText(page, 'JSONata expression', 'payload.qty * 10');
    await eventually(() => dialog.getByLabel('Result 4').textContent()).toBe('40');

    // The expression editor and the actions stay on screen; the samples list scrolls by itself.
    const viewport = page.viewportSize()!;
    const expression = (await page.getByRole('group', { name: 'JSONata expression', exact: true }).boundingBox())!;
    expect(expression.y).toBeGreaterThanOrEqual(0);
    expect(expression.y + expression.height).toBeLessThanOrEqual(viewport.height);
    const apply = dialog.getByRole('button', { name: 'Apply' });
    const applyBox = (await apply.boundingBox())!;
    expect(applyBox.y + applyBox.height).toBeLessThanOrEqual(viewport.height);
    const grid = dialog.getByLabel('Samples and results');
    expect(await grid.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);

    // An invalid sample is pointed at (line and column) and Apply waits for it.
    await setMonacoText(page, 'Sample 3', '{"payload": {qty: 3}}');
    await eventually(() => dialog.getByLabel('Sample 3 error').textContent()).toContain('line 1, column 14');
    expect(await apply.isDisabled()).toBe(true);
    await eventually(() => dialog.getByLabel('Result 3').textContent()).toContain('not valid JSON');
    await saveDocScreenshot(page, 'jsonata-invalid-sample');
    expect(await dialog.getByLabel('Apply blocked').textContent()).toContain('sample 3');
    await setMonacoText(page, 'Sample 3', '{"payload": {"qty": 3}}');
    await eventually(() => apply.isDisabled()).toBe(false);

    // Removing a sample in the middle keeps the others (and their editors) intact.
    await dialog.getByRole('button', { name: 'Remove sample 2' }).click();
    await eventually(() => dialog.locator('.sample-row').count()).toBe(3);
    await eventually(() => monacoText(page!, 'Sample 2')).toContain('"qty": 3');
    expect(await monacoText(page, 'Sample 1')).toContain('"qty": 1');
    expect(await monacoText(page, 'Sample 3')).toContain('"qty": 4');
    await eventually(() => dialog.getByLabel('Result 2').textContent()).toBe('30');
    expect(errors).toEqual([]);

    await apply.click();
    await eventually(() => dialog.count()).toBe(0);
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByRole('button', { name: 'Confirm deploy' }).click();
    await eventually(() => page!.getByLabel('Flow state').textContent()).toBe('v2 deployed');
    const stored = await runtime.api<{ flow: FlowNode[] }>('GET', '/api/flows/wb-flow');
    expect(stored.flow.find((n) => n.id === 'wb-map')?.samples).toEqual([{ payload: { qty: 1 } }, { payload: { qty: 3 } }, { payload: { qty: 4 } }]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('dialogs', () => {
  it('Deploy, Import, Export and the JSONata workbench close on Escape, trap Tab and give focus back', async () => {
    page = await openSignedIn(browser, runtime, '#/flows/guard-flow');
    await page.locator('.react-flow__node[data-id="guard-flow-mark"]').waitFor();
    const cases = [
      { open: 'Deploy', dialog: 'Deploy flow' },
      { open: 'Import flow JSON', dialog: 'Import flow' },
      { open: 'Export flow JSON', dialog: 'Export flow' },
    ];
    for (const { open, dialog: name } of cases) {
      const opener = page.getByRole('button', { name: open, exact: true });
      await opener.click();
      const dialog = page.getByRole('dialog', { name });
      await dialog.waitFor();
      await eventually(() => focusInDialog(page!)).toBe(true);
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
        expect(await focusInDialog(page), `${name}: focus after Tab ${i + 1}`).toBe(true);
      }
      await page.keyboard.press('Escape');
      await eventually(() => dialog.count()).toBe(0);
      expect(await opener.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    }

    await page.goto(`${runtime.url}/#/flows/wb-flow`);
    await page.locator('.react-flow__node[data-id="wb-map"]').click();
    await page.getByRole('button', { name: 'Open JSONata editor for Expression' }).click();
    const workbench = page.getByRole('dialog', { name: /JSONata editor/ });
    await workbench.getByRole('group', { name: 'Sample 1', exact: true }).locator('.monaco-editor').waitFor();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInDialog(page), `workbench: focus after Tab ${i + 1}`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await eventually(() => workbench.count()).toBe(0);
    await page.context().close();
  });

  it('the delete-user confirmation closes on Escape too', async () => {
    await runtime.api('POST', '/api/users', { username: 'escape-test', password: 'escape-test-password-1', role: 'operator' });
    page = await openSignedIn(browser, runtime, '#/users');
    await page.getByRole('button', { name: 'Delete escape-test' }).click();
    const dialog = page.getByRole('dialog', { name: /Delete user/ });
    await dialog.waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusInDialog(page)).toBe(true);
    await page.keyboard.press('Escape');
    await eventually(() => dialog.count()).toBe(0);
    await page.context().close();
  });

  it('the dead-letter "replay all" confirmation closes on Escape and keeps Tab inside', async () => {
    await postMessage(`${runtime.url}/hooks/esc-dl-flow/orders`, { order: 'PO-ESC' }, 'esc-cid-1');
    await eventually(async () => (await runtime.api<{ deadLetters: unknown[] }>('GET', '/api/deadletters')).deadLetters.length).toBe(1);
    page = await openSignedIn(browser, runtime, '#/deadletters');
    await page.getByRole('table', { name: 'Dead letters' }).locator('tbody tr', { hasText: 'esc-cid-1' }).waitFor();
    const opener = page.getByRole('button', { name: 'Replay all matching' });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Replay 1 dead letter?' });
    await dialog.waitFor();
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInDialog(page)).toBe(true);
    }
    await page.keyboard.press('Escape');
    await eventually(() => dialog.count()).toBe(0);
    expect(await opener.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.context().close();
  });
});
