// Browser test (real runtime with the demo flow + Chromium): real acks (valid, invalid, one with a wrong API key) and an ERP outage
// and two POs past their SLA show on the operations dashboard without a reload: received/refused counts, overdue POs and alerts, dead letters, backlog, an open circuit and a failing flow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, saveDocScreenshot, screenshotOnFailure } from './support/browser.js';
import { tempDataDir } from '../support/runtime-process.js';
import { OVERDUE_POS, sendUnacknowledgedOrders } from '../support/operator-scenario.js';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;
/** The X12 supplier's outbound 850 files go here. */
const filesRoot = tempDataDir('tradelane-ops-files-');

const DEMO_FLOW = 'demo-supplier-po-ack';
/** Long enough for queue retries (backoff up to 30 s) to reach the ERP and trip its breaker. */
const slowly = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 90_000, interval: 250 });

interface Totals { received: number; refused: number; failed: number; posted: number; deadLettered: number }

async function postAck(body: unknown, apiKey = runtime.demoApiKey, correlationId?: string): Promise<number> {
  const response = await fetch(`${runtime.url}/partners/demo-supplier/po-acks`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey, ...(correlationId ? { 'x-correlation-id': correlationId } : {}) },
    body: JSON.stringify(body), signal: AbortSignal.timeout(20_000),
  });
  await response.arrayBuffer();
  return response.status;
}

const ack = (n: number) => ({ poNumber: `PO-${1001 + (n % 20)}`, ackNumber: `OPS-${n}`, status: 'accepted', lines: [{ line: 1, status: 'accepted' }] });
const setFaults = (faults: Record<string, unknown>) => runtime.api('PUT', '/demo-erp/_faults', faults);
const tile = (label: string) => page!.locator(`[data-tile="${label}"] .ops-tile-value`);
const tileValue = async (label: string) => Number(await tile(label).textContent());
/** The scenario driver wants the raw API (status and body), not the handle's throwing one. */
const rawApi = async <T>(method: string, route: string, body?: unknown, token?: string) => {
  const response = await fetch(`${runtime.url}${route}`, {
    method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
};
const overviewTotals = async () => (await runtime.api<{ totals: Totals }>('GET', '/api/operations/overview')).totals;

beforeAll(async () => {
  // A one-second overdue sweep, so the scenario's POs are past their (~2 s) acknowledgement SLA within the test.
  runtime = await startRuntime({ demo: true, env: { TRADELANE_SLA_SWEEP_SECONDS: '1', TRADELANE_FILES_ROOT: filesRoot } });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await setFaults({ downForSeconds: 0, errorRate: 0 }).catch(() => undefined);
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

describe('operations dashboard', () => {
  it('counts received and refused acknowledgements live, without a reload', async () => {
    page = await openSignedIn(browser, runtime, '#/operations');
    await page.getByRole('heading', { name: 'Operations' }).waitFor();
    await tile('Received').waitFor();
    await eventually(() => page!.getByLabel('Live updates').textContent()).toContain('Live');
    const before = { received: await tileValue('Received'), refused: await tileValue('Refused') };
    await page.evaluate('window.__noReload = true');

    const statuses: number[] = [];
    for (let n = 0; n < 16; n++) statuses.push(await postAck(ack(n)));
    for (let n = 0; n < 3; n++) statuses.push(await postAck({ poNumber: `PO-${1001 + n}`, ackNumber: `OPS-bad-${n}`, status: 'maybe', lines: [] }));
    statuses.push(await postAck(ack(99), 'wrong-api-key', 'ops-wrong-key'));
    expect(statuses.filter((s) => s === 202)).toHaveLength(16);
    expect(statuses.filter((s) => s === 422)).toHaveLength(3);
    expect(statuses.filter((s) => s === 401)).toHaveLength(1);

    // The 3 invalid and the 1 with a wrong key were refused; the dashboard shows what the API counts, and that matches the traffic.
    await eventually(() => tileValue('Refused')).toBe(before.refused + 4);
    await eventually(() => tileValue('Received')).toBe((await overviewTotals()).received);
    // Received counts every inbound document, the refused ones included.
    expect(await tileValue('Received')).toBeGreaterThanOrEqual(before.received + 20);
    expect(await page.locator('[aria-label="Throughput per partner"] .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(await page.getByRole('table', { name: 'Scorecard' }).locator('tr[data-partner-id="demo-supplier"]').count()).toBe(1);
    expect(await page.evaluate('window.__noReload')).toBe(true);

    // Each number links to the screen that explains it.
    expect(await page.locator('[data-tile="Refused"]').getAttribute('href')).toMatch(/^#\/documents\?status=refused&/);
  }, 120_000);

  it('finds the request refused with a wrong key by its correlation id: no hops, its ledger document with the reason', async () => {
    const traces = await openSignedIn(browser, runtime, '#/traces/ops-wrong-key');
    const documents = traces.getByRole('table', { name: 'Ledger documents' });
    await eventually(() => documents.locator('tr[data-status="refused"]').count()).toBe(1);
    expect(await documents.textContent()).toContain('acknowledgement');
    expect(await traces.getByRole('list', { name: 'Trace timeline' }).count()).toBe(0);
    await traces.context().close();
  }, 60_000);

  it('shows two POs left unacknowledged past their SLA: the tile, the overdue list with links, and open alerts', async () => {
    page ??= await openSignedIn(browser, runtime, '#/operations');
    await tile('Overdue (SLA)').waitFor();
    const before = { overdue: await tileValue('Overdue (SLA)'), alerts: await tileValue('Open alerts') };
    await sendUnacknowledgedOrders({ url: runtime.url, api: rawApi }, runtime.token, filesRoot);
    await slowly(() => tileValue('Overdue (SLA)')).toBe(before.overdue + 2);
    await slowly(() => tileValue('Open alerts')).toBe(before.alerts + 2);
    const overdue = page.getByRole('table', { name: 'Overdue items' });
    for (const poNumber of OVERDUE_POS) {
      expect(await overdue.getByRole('link', { name: poNumber }).getAttribute('href')).toBe(`#/transactions/${poNumber}`);
    }
    expect(await overdue.textContent()).toContain('acknowledgement');
    expect(await page.evaluate('window.__noReload')).toBe(true);
  }, 120_000);

  it('lists this runtime as ready, with its process, the demo flow it runs and the scheduled jobs it holds', async () => {
    page ??= await openSignedIn(browser, runtime, '#/operations');
    const table = page.getByRole('table', { name: 'Runtimes sharing this store' });
    await table.waitFor();
    const row = table.locator('tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.getByLabel(/^Runtime state/).textContent()).toBe('ready');
    const text = await row.textContent();
    expect(text).toContain('(this one)');
    expect(text).toContain(`pid ${runtime.pid}`);
    expect(text).toMatch(new RegExp(`${DEMO_FLOW} v\\d+`));
    await eventually(() => row.textContent()).toContain('sla-sweep');
  });

  it('shows dead letters, backlog, an open ERP circuit and a failing flow during an ERP outage', async () => {
    page ??= await openSignedIn(browser, runtime, '#/operations');
    await tile('Open dead letters').waitFor();
    const deadBefore = await tileValue('Open dead letters');

    // A permanent ERP rejection (400) dead-letters at once.
    await setFaults({ errorRate: 1, errorStatus: 400 });
    for (let n = 100; n < 102; n++) expect(await postAck(ack(n))).toBe(202);
    await slowly(() => tileValue('Open dead letters')).toBe(deadBefore + 2);

    // Then the ERP goes down: the queue retries, the breaker opens, the flow fails.
    await setFaults({ errorRate: 0, downForSeconds: 600 });
    for (let n = 200; n < 210; n++) expect(await postAck(ack(n))).toBe(202);
    const circuits = page.getByRole('list', { name: 'ERP circuits' });
    await slowly(() => circuits.locator('li[data-circuit="open"]').count()).toBeGreaterThan(0);
    const flowRow = page.getByRole('table', { name: 'Flow health' }).locator(`tr[data-flow-id="${DEMO_FLOW}"]`);
    await slowly(() => flowRow.locator('[data-health]').getAttribute('data-health')).toBe('failing');
    expect(await flowRow.getByRole('list', { name: 'Health reasons' }).textContent()).toMatch(/circuit/i);
    await slowly(() => tileValue('Backlog')).toBeGreaterThan(0);
    expect(await page.evaluate('window.__noReload')).toBe(true);
    await saveDocScreenshot(page, 'operations-dashboard');

    // The flow list shows the same health instead of "running".
    await page.getByRole('link', { name: 'Flows', exact: true }).click();
    const listRow = page.getByRole('table', { name: 'Flows' }).locator(`tr[data-flow-id="${DEMO_FLOW}"]`);
    await eventually(() => listRow.locator('[data-health]').getAttribute('data-health')).toBe('failing');
    expect(await listRow.locator('[data-health-counts]').textContent()).toMatch(/open circuit/);
    expect(await listRow.getByRole('list', { name: 'Health reasons' }).textContent()).toMatch(/circuit/i);
    await saveDocScreenshot(page, 'operations-flow-health');

    // Dead letters link to the dead-letter console.
    await page.getByRole('link', { name: 'Operations' }).click();
    await page.locator('[data-tile="Open dead letters"]').click();
    await eventually(() => page!.evaluate('window.location.hash')).toBe('#/deadletters');
    await page.context().close();
    page = undefined;
  }, 240_000);
});
