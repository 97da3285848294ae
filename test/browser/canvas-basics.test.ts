// Browser tests (real runtime + Chromium) of the canvas basics Node-RED users expect: select all, cut, right-click menu, disable, find, arrange and the inject button.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, saveDocScreenshot, screenshotOnFailure } from './support/browser.js';
import { httpFlow, postMessage, type FlowNode } from './support/flows.js';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;

/** inject -> debug, so a press of the inject button shows up in the flow's debug messages. */
function injectFlow(flowId: string): FlowNode[] {
  return [
    { id: flowId, type: 'tab', label: 'Inject by hand' },
    { id: `${flowId}-inject`, type: 'inject', z: flowId, name: 'sample order', props: [{ p: 'payload' }], payload: '{"poNumber":"PO-BTN-1"}', payloadType: 'json',
      repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', x: 120, y: 120, wires: [[`${flowId}-debug`]] },
    { id: `${flowId}-debug`, type: 'debug', z: flowId, name: 'seen', active: true, tosidebar: true, console: false, complete: 'payload', targetType: 'msg', x: 380, y: 120, wires: [] },
  ];
}

beforeAll(async () => {
  runtime = await startRuntime();
  browser = await launchBrowser();
  await runtime.api('POST', '/api/flows', { flow: httpFlow('basics-flow', 'basics', 'Canvas basics'), message: 'initial version' });
  await runtime.api('POST', '/api/flows', { flow: injectFlow('inject-flow'), message: 'inject flow' });
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

const nodeById = (target: Page, id: string) => target.locator(`.react-flow__node[data-id="${id}"]`);
const selectedCount = (target: Page) => target.locator('.react-flow__node.selected').count();

describe('canvas basics', () => {
  it('selects all with Ctrl+A, cuts with Ctrl+X and pastes the nodes back with their wires', async () => {
    page = await openSignedIn(browser, runtime, '#/flows/basics-flow');
    await nodeById(page, 'basics-flow-in').waitFor();
    await page.getByRole('region', { name: 'Flow canvas' }).click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+a');
    await eventually(() => selectedCount(page!)).toBe(3);
    await page.keyboard.press('Control+x');
    await eventually(() => page!.locator('.react-flow__node').count()).toBe(0);
    expect(await page.getByLabel('Notice').textContent()).toBe('3 nodes cut');
    await page.keyboard.press('Control+v');
    await eventually(() => page!.locator('.react-flow__node').count()).toBe(3);
    // Edges render once React Flow has measured the pasted nodes.
    await eventually(() => page!.locator('.react-flow__edge').count()).toBe(2);
    // Undo twice: the paste, then the cut; the original nodes are back under their own ids.
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await eventually(() => nodeById(page!, 'basics-flow-in').count()).toBe(1);
    await page.context().close();
  });

  it('disables a node from the right-click menu; the deployed flow keeps it with d: true and its endpoint stops answering', async () => {
    page = await openSignedIn(browser, runtime, '#/flows/basics-flow');
    const httpIn = nodeById(page, 'basics-flow-in');
    await httpIn.click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Canvas menu' });
    await menu.waitFor();
    await saveDocScreenshot(page, 'canvas-context-menu');
    await menu.getByRole('menuitem', { name: 'Disable' }).click();
    await eventually(() => httpIn.locator('.tl-node').getAttribute('aria-label')).toBe('Node Orders in (disabled)');
    await httpIn.click({ button: 'right' });
    expect(await menu.getByRole('menuitem', { name: 'Enable' }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await eventually(() => menu.count()).toBe(0);

    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByLabel('Version message').fill('switch off the intake');
    await page.getByRole('button', { name: 'Confirm deploy' }).click();
    await eventually(() => page!.getByLabel('Flow state').textContent()).toContain('v2 deployed');
    const stored = await runtime.api<{ flow: FlowNode[] }>('GET', '/api/flows/basics-flow');
    expect(stored.flow.find((n) => n.id === 'basics-flow-in')?.d).toBe(true);
    const answer = await fetch(`${runtime.url}/hooks/basics-flow/partners/basics/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(answer.status).toBe(404);

    // Enable it again (pane menu on the selection), deploy, and the endpoint answers once more.
    await httpIn.click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Enable' }).click();
    await eventually(() => httpIn.locator('.tl-node').getAttribute('aria-label')).toBe('Node Orders in');
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByRole('button', { name: 'Confirm deploy' }).click();
    await eventually(() => page!.getByLabel('Flow state').textContent()).toContain('v3 deployed');
    const restored = await runtime.api<{ flow: FlowNode[] }>('GET', '/api/flows/basics-flow');
    expect(Object.keys(restored.flow.find((n) => n.id === 'basics-flow-in')!)).not.toContain('d');
    expect(await postMessage(`${runtime.url}/hooks/basics-flow/partners/basics/orders`, { po: 1 })).toBe(200);
    await page.context().close();
  });

  it('finds nodes with Ctrl+F by name or setting, steps through the matches and selects each one', async () => {
    page = await openSignedIn(browser, runtime, '#/flows/basics-flow');
    await nodeById(page, 'basics-flow-in').waitFor();
    await page.getByRole('region', { name: 'Flow canvas' }).click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+f');
    const find = page.getByRole('search', { name: 'Find nodes' });
    await find.getByLabel('Find nodes').fill('/partners/basics');
    expect(await find.getByLabel('Find matches').textContent()).toBe('0 of 1');
    await page.keyboard.press('Enter');
    expect(await find.getByLabel('Find matches').textContent()).toBe('1 of 1');
    await eventually(() => nodeById(page!, 'basics-flow-in').getAttribute('class')).toContain('selected');
    await find.getByLabel('Find nodes').fill('e'); // "Orders in", "Mark seen", "Reply" all have an e.
    expect(await find.getByLabel('Find matches').textContent()).toBe('0 of 3');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    expect(await find.getByLabel('Find matches').textContent()).toBe('2 of 3');
    await eventually(() => nodeById(page!, 'basics-flow-mark').getAttribute('class')).toContain('selected');
    expect(await selectedCount(page)).toBe(1);
    await find.getByLabel('Find nodes').fill('no such thing');
    expect(await find.getByLabel('Find matches').textContent()).toBe('no match');
    await page.keyboard.press('Escape');
    await eventually(() => find.count()).toBe(0);
    await page.context().close();
  });

  it('arranges a tangled flow left to right, and undo puts every node back', async () => {
    page = await openSignedIn(browser, runtime, '#/flows/basics-flow');
    const ids = ['basics-flow-in', 'basics-flow-mark', 'basics-flow-out'];
    await nodeById(page, ids[0]!).waitFor();
    // Tangle it: drag the reply node to the far left, below the others.
    const reply = nodeById(page, 'basics-flow-out');
    const inBox = (await nodeById(page, 'basics-flow-in').boundingBox())!;
    const replyBox = (await reply.boundingBox())!;
    await page.mouse.move(replyBox.x + 20, replyBox.y + 10);
    await page.mouse.down();
    await page.mouse.move(inBox.x - 150, inBox.y + 160, { steps: 8 });
    await page.mouse.up();
    const xOf = async (id: string) => (await nodeById(page!, id).boundingBox())!.x;
    expect(await xOf('basics-flow-out')).toBeLessThan(await xOf('basics-flow-in'));
    const tangled = await Promise.all(ids.map(xOf));

    await page.getByRole('button', { name: 'Arrange nodes' }).click();
    await eventually(async () => (await xOf('basics-flow-in')) < (await xOf('basics-flow-mark')) && (await xOf('basics-flow-mark')) < (await xOf('basics-flow-out'))).toBe(true);
    expect(await page.getByLabel('Flow state').textContent()).toContain('unsaved changes');
    await page.waitForTimeout(400); // the fit after arrange animates for 300 ms: let the picture settle
    await saveDocScreenshot(page, 'canvas-arranged');

    await page.keyboard.press('Control+z');
    // The view moved (fit after arrange), so compare the order, not the pixels: the reply is left of the intake again.
    await eventually(async () => (await xOf('basics-flow-out')) < (await xOf('basics-flow-in'))).toBe(true);
    expect(tangled[2]).toBeLessThan(tangled[0]!);
    await page.context().close();
  });

  it('fires a deployed inject node from its button; an operator sees no button', async () => {
    page = await openSignedIn(browser, runtime, '#/flows/inject-flow');
    const button = page.getByRole('button', { name: 'Inject sample order' });
    await button.click();
    await eventually(() => page!.getByLabel('Notice').textContent()).toBe('Injected "sample order" (deployed v1)');
    const debugMessages = async () => (await runtime.api<{ messages: unknown[] }>('GET', '/api/flows/inject-flow/debug')).messages;
    await eventually(async () => JSON.stringify(await debugMessages())).toContain('PO-BTN-1');
    expect((await debugMessages()).length).toBe(1);
    await page.context().close();

    await runtime.api('POST', '/api/users', { username: 'olga-basics', password: 'olga-basics-password', role: 'operator' });
    const login = await fetch(`${runtime.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'olga-basics', password: 'olga-basics-password' }) });
    const { token } = (await login.json()) as { token: string };
    page = await openSignedIn(browser, runtime, '#/flows/inject-flow', { token, user: { username: 'olga-basics', role: 'operator' } });
    await nodeById(page, 'inject-flow-inject').waitFor();
    expect(await page.getByRole('button', { name: 'Inject sample order' }).count()).toBe(0);
    await page.context().close();
  });
});
