// Browser test (real runtime + Chromium): the Tests tab creates a case from a dry run, sees it pass, breaks the mapping, sees it fail with a diff, has the deploy blocked, forces it, deletes the case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, saveDocScreenshot, screenshotOnFailure, setMonacoText } from './support/browser.js';
import { BROKEN_MAPPING, orderFlow } from '../support/flow-test-fixtures.js';

const FLOW = 'tab-orders';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;

beforeAll(async () => {
  runtime = await startRuntime({ demo: true });
  browser = await launchBrowser();
  await runtime.api('POST', '/api/flows', { flow: orderFlow(FLOW), message: 'orders' });
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

describe('Tests tab', () => {
  it('create from dry run -> pass -> break the mapping -> fail with a diff -> deploy blocked, then forced', async () => {
    page = await openSignedIn(browser, runtime, `#/flows/${FLOW}`);
    await page.locator(`.react-flow__node[data-id="${FLOW}-map"]`).waitFor();
    await page.getByRole('tab', { name: 'Tests' }).click();
    const panel = page.getByRole('region', { name: 'Tests' });
    await eventually(() => panel.textContent()).toContain('No test cases yet');

    // Create from a dry run: the request's answer and the ERP call become the case.
    await panel.getByRole('button', { name: 'Create from dry run' }).click();
    await panel.getByLabel('Case name').fill('order PO-5');
    await panel.getByLabel('Request body').fill('{"po": "PO-5", "qty": 6}');
    await panel.getByRole('button', { name: 'Run and save case' }).click();
    const item = panel.getByRole('listitem', { name: 'Test case order PO-5' });
    await eventually(() => item.getAttribute('data-status')).toBe('passed');
    const stored = await runtime.api<{ cases: Array<{ assertions: Array<{ kind: string; expected?: unknown; bodies?: unknown[] }> }> }>('GET', `/api/flows/${FLOW}/tests`);
    expect(stored.cases[0]!.assertions.find((assertion) => assertion.kind === 'calls')!.bodies).toEqual([{ order: 'PO-5', qty: 6 }]);

    // Run: passes against the canvas as it is. Switch the deploy gate on.
    await panel.getByRole('button', { name: 'Run tests' }).click();
    await eventually(() => panel.getByLabel('Test summary').textContent()).toBe('1 passed, 0 failed');
    await panel.getByLabel('Run tests before deploy').check();
    await eventually(async () => (await runtime.api<{ runBeforeDeploy: boolean }>('GET', `/api/flows/${FLOW}/tests`)).runBeforeDeploy).toBe(true);

    // Break the mapping on the canvas (not deployed) and run again: it fails, with expected and actual per path.
    await page.locator(`.react-flow__node[data-id="${FLOW}-map"]`).click();
    await page.getByRole('tab', { name: 'Properties' }).click();
    await page.getByRole('button', { name: 'Open JSONata editor for Expression' }).click();
    const workbench = page.getByRole('dialog', { name: /JSONata editor/ });
    await workbench.waitFor();
    await setMonacoText(page, 'JSONata expression', BROKEN_MAPPING);
    await workbench.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('tab', { name: 'Tests' }).click();
    await panel.getByRole('button', { name: 'Run tests' }).click();
    await eventually(() => panel.getByLabel('Test summary').textContent()).toBe('0 passed, 1 failed');
    await eventually(() => item.getAttribute('data-status')).toBe('failed');
    const bodyDiff = panel.getByRole('table', { name: 'Differences of response body' });
    await eventually(() => bodyDiff.locator('tbody tr').first().textContent()).toBe('$.qty660');
    expect(await panel.getByRole('table', { name: 'Differences of calls to tab-orders-erp' }).locator('tbody tr').first().textContent()).toBe('$.bodies[0].qty660');
    await saveDocScreenshot(page, 'flow-tests-diff');

    // Deploy is blocked by the failing case, which the dialog names.
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByLabel('Version message').fill('qty times ten');
    await page.getByRole('button', { name: 'Confirm deploy' }).click();
    await eventually(() => page!.getByLabel('Deploy error').textContent()).toContain('1 of 1 test case of flow "tab-orders" fails');
    expect(await page.getByLabel('Failing test cases').textContent()).toContain('order PO-5');
    expect((await runtime.api<{ version: number }>('GET', `/api/flows/${FLOW}`)).version).toBe(1);

    // Forcing is possible, and audited.
    await page.getByLabel('Deploy despite failing tests').check();
    await page.getByRole('button', { name: 'Confirm deploy' }).click();
    await eventually(() => page!.getByLabel('Flow state').textContent()).toContain('v2 deployed');
    const audit = await runtime.api<{ entries: Array<{ action: string; details?: { failingTests?: string[] } }> }>('GET', '/api/audit?action=flow.deploy.forced');
    expect(audit.entries.map((entry) => entry.details?.failingTests)).toEqual([['order PO-5']]);

    // A case can be deleted; the suite saved for version 2 has none, version 1 keeps its case.
    await page.getByRole('tab', { name: 'Tests' }).click();
    await panel.getByRole('button', { name: 'Delete test case order PO-5' }).click();
    await eventually(() => panel.getByRole('listitem', { name: 'Test case order PO-5' }).count()).toBe(0);
    expect((await runtime.api<{ cases: unknown[] }>('GET', `/api/flows/${FLOW}/tests`)).cases).toEqual([]);
    expect((await runtime.api<{ cases: unknown[] }>('GET', `/api/flows/${FLOW}/versions/1/tests`)).cases).toHaveLength(1);

    // A case can also start with a message sent into a chosen node instead of a request.
    await panel.getByRole('button', { name: 'Create from dry run' }).click();
    await panel.getByLabel('Case name').fill('mapping alone');
    await panel.getByLabel('Enters at').selectOption({ label: 'Message into map order' });
    await panel.getByLabel('Message', { exact: true }).fill('{"payload": {"po": "PO-6", "qty": 2}}');
    await panel.getByRole('button', { name: 'Run and save case' }).click();
    await eventually(() => panel.getByRole('listitem', { name: 'Test case mapping alone' }).getAttribute('data-status')).toBe('passed');
    const direct = await runtime.api<{ cases: Array<{ input: unknown; assertions: Array<{ kind: string; bodies?: unknown[] }> }> }>('GET', `/api/flows/${FLOW}/tests`);
    expect(direct.cases[0]!.input).toEqual({ kind: 'message', node: `${FLOW}-map`, message: { payload: { po: 'PO-6', qty: 2 } } });
    expect(direct.cases[0]!.assertions.find((assertion) => assertion.kind === 'calls')!.bodies).toEqual([{ order: 'PO-6', qty: 20 }]);
    await page.context().close();
  });
});
