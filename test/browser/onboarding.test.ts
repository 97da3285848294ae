// Browser tests (real runtime with the demo ERP + Chromium): onboarding an X12 supplier through the wizard end to end,
// counting the user actions; field errors from the API next to their fields; a template upgrade from the flow list.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { repoRoot, startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, saveDocScreenshot, screenshotOnFailure } from './support/browser.js';
import { UserActions } from './support/user-actions.js';

interface PurchaseOrder { lines: { ackStatus: string }[]; history: { type: string; correlationId: string | null }[] }
interface X12Template { example: { documents: { 'x12-in': string } } }

const PARTNER = 'globex-x12';
const ISA_ID = 'GLOBEXEDI';
const PO = 'PO-1004';
/** The wizard's goal (issue #7): onboarding needs 10 user actions or fewer. */
const ACTION_BUDGET = 10;

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;
let ediDirectory: string;

beforeAll(async () => {
  runtime = await startRuntime({ demo: true });
  browser = await launchBrowser();
  // File nodes may only touch files below the files root (TRADELANE_FILES_ROOT, default <data>/files).
  ediDirectory = path.join(runtime.dataDir, 'files', 'wizard-edi');
  mkdirSync(ediDirectory, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (ediDirectory) rmSync(ediDirectory, { recursive: true, force: true });
});

screenshotOnFailure(() => page);

const purchaseOrder = (po: string) => runtime.api<PurchaseOrder>('GET', `/demo-erp/purchase-orders/${po}`);
const partnerIds = async () => (await runtime.api<{ partners: { id: string }[] }>('GET', '/api/partners')).partners.map((p) => p.id).sort();
const flowIds = async () => (await runtime.api<{ flows: { id: string }[] }>('GET', '/api/flows')).flows.map((f) => f.id).sort();

/** The template's example 855 as the new partner would send it: its ISA id in place of the example partner's (ISA06 keeps 15 characters). */
async function partnerInterchange(): Promise<string> {
  const template = await runtime.api<X12Template>('GET', '/api/templates/supplier-x12');
  return template.example.documents['x12-in'].replace(/ACMEFAST( *)/g, (_match, padding: string) => (padding ? ISA_ID.padEnd(8 + padding.length, ' ') : ISA_ID));
}

describe('onboarding wizard', () => {
  it('onboards a new X12 supplier end to end: dry run leaves the ERP alone, a live 855 reaches it, in 10 actions or fewer', async () => {
    const before = await purchaseOrder(PO);
    page = await openSignedIn(browser, runtime, '#/flows');
    const p = page;
    const user = new UserActions();

    // Step 1: pick the template.
    await user.click(p.getByRole('link', { name: 'Onboard supplier' }), 'Onboard supplier');
    const card = p.getByRole('link', { name: /^Template Supplier X12/ });
    await card.waitFor();
    expect(await card.textContent()).toContain('v1');
    // The customer-portal templates are offered next to the supplier ones.
    const offered = await p.locator('a.template-card').evaluateAll((cards) => cards.map((element) => element.getAttribute('data-template-id')));
    expect(offered).toEqual(expect.arrayContaining(['customer-order-submission', 'customer-status-publication', 'customer-inventory-availability', 'customer-returns-rma']));
    await saveDocScreenshot(p, 'onboarding-templates');
    await user.click(card, 'X12 template card');

    // Step 2: the form is prefilled from the template's example; only the partner's own values are typed.
    await p.getByRole('form', { name: 'Partner details' }).waitFor();
    expect(await p.getByLabel('Our ISA id', { exact: true }).inputValue()).toBe('NORTHWIND');
    // The partner's own ISA id is never taken from the example partner: it starts empty, the example as a placeholder.
    const partnerIsaId = p.getByLabel('Partner ISA id', { exact: true });
    expect(await partnerIsaId.inputValue()).toBe('');
    expect(await partnerIsaId.getAttribute('placeholder')).toBe('e.g. ACMEFAST');
    await user.fill(p.getByLabel('Partner id', { exact: true }), PARTNER, 'partner id');
    await user.fill(p.getByLabel('Partner ISA id', { exact: true }), ISA_ID, 'ISA id');
    await user.fill(p.getByLabel('EDI directory', { exact: true }), ediDirectory, 'EDI directory');
    await saveDocScreenshot(p, 'onboarding-form');
    await user.click(p.getByRole('button', { name: 'Next: preview flow' }), 'Next: preview flow');

    // Step 3: the generated flow, read-only on the canvas.
    const preview = p.getByRole('region', { name: 'Generated flow preview' });
    await preview.locator('.react-flow__node').first().waitFor();
    expect(await preview.locator(`.react-flow__node[data-id="${PARTNER}-x12.parse"]`).count()).toBe(1);
    expect(await p.getByRole('complementary', { name: 'What will be created' }).textContent()).toContain(ISA_ID);
    await saveDocScreenshot(p, 'onboarding-preview');
    await user.click(p.getByRole('button', { name: 'Next: test document' }), 'Next: test document');

    // Step 4: the example 855, already addressed from the new partner, through a dry run.
    const editor = p.getByRole('group', { name: 'Test document', exact: true }).locator('.view-lines');
    await eventually(() => editor.innerText()).toContain(ISA_ID);
    await user.click(p.getByRole('button', { name: 'Send test document' }), 'Send test document');
    const hops = p.getByRole('list', { name: 'Hops' });
    await hops.waitFor({ timeout: 20_000 });
    const order = await hops.locator('[data-hop]').evaluateAll((items) => items.map((item) => item.getAttribute('data-hop')));
    for (const hop of ['x12-in', 'parse', 'route', 'map-855', 'erp-ack']) expect(order, `hops: ${order.join(', ')}`).toContain(hop);
    expect(order.indexOf('parse')).toBeLessThan(order.indexOf('map-855'));
    expect(order.indexOf('map-855')).toBeLessThan(order.indexOf('erp-ack'));
    expect(await hops.locator('[data-hop="map-855"]').getByLabel('Output of 855 to ERP ack').textContent()).toContain(PO);
    const erpHop = hops.locator('[data-hop="erp-ack"]');
    expect(await erpHop.textContent()).toContain('captured, not sent');
    expect(await erpHop.getByLabel('Output of post ack to ERP').textContent()).toContain('"poNumber": "PO-1004"');
    const answer = await p.getByLabel('Partner answer').textContent();
    expect(answer).toContain('HTTP 200');
    expect(answer).toContain('ST*997*');
    expect(await p.getByRole('status', { name: 'Dry run notice' }).textContent()).toContain('nothing left Tradelane');
    await p.getByRole('region', { name: 'Dry run result' }).evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await saveDocScreenshot(p, 'onboarding-dry-run');
    // Nothing reached the ERP: the purchase order's history is exactly what it was.
    expect(await purchaseOrder(PO)).toEqual(before);
    expect(await partnerIds()).not.toContain(PARTNER);

    // Step 5: deploy; the API key is shown once.
    await user.click(p.getByRole('button', { name: 'Next: deploy' }), 'Next: deploy');
    await user.click(p.getByRole('button', { name: 'Deploy partner flow' }), 'Deploy partner flow');
    const result = p.getByRole('region', { name: 'Onboarding result' });
    await result.waitFor({ timeout: 20_000 });
    expect(await p.getByRole('alert', { name: 'Credentials warning' }).textContent()).toContain('shown this once');
    const apiKey = await p.getByLabel('API key', { exact: true }).inputValue();
    expect(apiKey.length).toBeGreaterThan(16);
    const endpoint = (await result.getByRole('list', { name: 'Partner endpoints' }).textContent()) ?? '';
    expect(endpoint).toContain(`${runtime.url}/partners/${PARTNER}/x12`);
    await saveDocScreenshot(p, 'onboarding-deployed');

    // The measured cost of onboarding, recorded for docs/designer.md.
    console.log(`onboarding wizard: ${user.count} user actions\n  ${user.log.join('\n  ')}`);
    mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
    writeFileSync(path.join(repoRoot, 'test-results', 'onboarding-user-actions.json'), JSON.stringify({ count: user.count, actions: user.log }, null, 2));
    expect(user.count).toBeLessThanOrEqual(ACTION_BUDGET);

    const flow = await runtime.api<{ version: number; template?: string }>('GET', `/api/flows/${PARTNER}-x12`);
    expect(flow.version).toBe(1);
    expect(await partnerIds()).toContain(PARTNER);

    // A live 855 from the partner, with the key the wizard showed, reaches the demo ERP once the ERP has issued the PO to it
    // (the demo ERP lets a partner act only on its own purchase orders).
    await runtime.api('PUT', `/demo-erp/purchase-orders/${PO}/supplier`, { partnerId: PARTNER });
    const interchange = await partnerInterchange();
    const live = await postUntilRouted(`${runtime.url}/partners/${PARTNER}/x12`, interchange, apiKey);
    expect(live.status, live.body).toBe(200);
    expect(live.body).toContain('ST*997*');
    await eventually(async () => (await purchaseOrder(PO)).history.length).toBe(before.history.length + 1);
    expect((await purchaseOrder(PO)).lines[0]!.ackStatus).toBe('accepted');
    const rejected = await fetch(`${runtime.url}/partners/${PARTNER}/x12`, { method: 'POST', headers: { 'content-type': 'application/edi-x12', 'x-api-key': 'not-the-key' }, body: interchange });
    expect(rejected.status).toBe(401);

    // The result links to the new flow, opened without a page reload.
    // A script string: this file is type-checked without DOM types.
    await p.evaluate('window.wizardMarker = true');
    await p.getByRole('link', { name: `Open flow ${PARTNER}-x12` }).click();
    await p.locator(`.react-flow__node[data-id="${PARTNER}-x12.parse"]`).waitFor();
    expect(await p.evaluate('window.wizardMarker')).toBe(true);
    await p.context().close();
  });

  it('shows a missing ISA id and a bad CSV row next to their fields, and creates nothing', async () => {
    const partnersBefore = await partnerIds();
    const flowsBefore = await flowIds();
    page = await openSignedIn(browser, runtime, '#/onboard/supplier-x12');
    const p = page;
    await p.getByRole('form', { name: 'Partner details' }).waitFor();
    await p.getByLabel('Partner id', { exact: true }).fill('no-isa-supplier');
    await p.getByLabel('Partner ISA id', { exact: true }).fill('');
    await p.getByLabel('Upload Item cross-reference (CSV, optional)').setInputFiles({
      name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from('supplierItem,sku\nG-1,SKU-10001\nG-1,SKU-10002\n'),
    });
    await p.getByRole('button', { name: 'Next: preview flow' }).click();

    const isaField = p.locator('[data-param="isaId"]');
    await eventually(() => isaField.getByRole('alert').textContent().catch(() => '')).toContain('is required');
    expect(await p.getByLabel('Partner ISA id', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    // Other fields carry no error, and the wizard stayed on the form.
    expect(await p.locator('[data-param="ourIsaId"] [role="alert"]').count()).toBe(0);
    expect(await p.getByRole('heading', { name: 'Partner details' }).count()).toBe(1);
    await saveDocScreenshot(p, 'onboarding-field-errors');
    expect(await partnerIds()).toEqual(partnersBefore);
    expect(await flowIds()).toEqual(flowsBefore);

    // With the ISA id fixed its error goes as the analyst types, and the CSV's duplicate key is marked at its row and column.
    await p.getByLabel('Partner ISA id', { exact: true }).fill('NOISA');
    const csvField = p.locator('[data-param="itemMapCsv"]');
    await eventually(() => csvField.getByRole('alert').textContent().catch(() => '')).toContain('line 3, column 1');
    expect(await isaField.getByRole('alert').count()).toBe(0);
    expect(await csvField.locator('tr[data-line="3"] td[data-column="1"]').getAttribute('class')).toContain('csv-cell-error');
    expect(await csvField.locator('tr[data-line="2"] td.csv-cell-error').count()).toBe(0);
    await p.getByRole('button', { name: 'Next: preview flow' }).click();
    await eventually(() => p.getByRole('heading', { name: 'Partner details' }).count()).toBe(1);
    await csvField.scrollIntoViewIfNeeded();
    await saveDocScreenshot(p, 'onboarding-csv-error');
    expect(await partnerIds()).toEqual(partnersBefore);
    expect(await flowIds()).toEqual(flowsBefore);

    await p.getByLabel('Item cross-reference (CSV, optional)', { exact: true }).fill('supplierItem,sku\nG-1,SKU-10001\n');
    await eventually(() => p.locator('.param-field [role="alert"]').count()).toBe(0);
    await p.context().close();
  });

  it('flags a flow whose template has a newer version and upgrades it, keeping the partner\'s edit where the analyst says so', async () => {
    const flowId = 'upgrade-co-po-ack';
    await runtime.api('POST', '/api/templates/supplier-po-ack-rest/instantiate', { partnerId: 'upgrade-co', params: { itemMapCsv: 'supplierItem,sku\nU-1,SKU-10001\n' } });
    const deployed = await runtime.api<{ flow: { id: string; [key: string]: unknown }[] }>('GET', `/api/flows/${flowId}`);
    const okNode = deployed.flow.find((n) => n.id === `${flowId}.ok`)!;
    okNode.bodyExpression = '{"ok": true, "ref": erp.reference}';
    await runtime.api('PUT', `/api/flows/${flowId}`, { flow: deployed.flow, message: 'partner wants a short answer' });

    const v2 = JSON.parse(readFileSync(path.join(repoRoot, 'templates', 'supplier-po-ack-rest', 'template.json'), 'utf8')) as { version: number; flow: { id: string; [key: string]: unknown }[] };
    v2.version = 2;
    v2.flow.find((n) => n.id === 'ok')!.bodyExpression = '{"status": "accepted", "erpReference": erp.reference, "template": 2}';
    mkdirSync(path.join(runtime.dataDir, 'templates'), { recursive: true });
    writeFileSync(path.join(runtime.dataDir, 'templates', 'po-ack-v2.json'), JSON.stringify(v2));
    await runtime.api('POST', '/api/templates/reload');

    page = await openSignedIn(browser, runtime, '#/flows');
    const p = page;
    const badge = p.getByRole('button', { name: `Upgrade available for ${flowId}` });
    await badge.waitFor();
    expect(await p.locator(`tr[data-flow-id="${PARTNER}-x12"] .upgrade-badge`).count()).toBe(0);
    await saveDocScreenshot(p, 'template-upgrade-available');
    await badge.click();
    const dialog = p.getByRole('dialog', { name: `Upgrade ${flowId}` });
    const conflict = dialog.locator(`tr[data-conflict="${flowId}.ok.bodyExpression"]`);
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('"template": 2');
    expect(await dialog.getByRole('button', { name: /Resolve 1 conflict/ }).isDisabled()).toBe(true);
    await conflict.getByRole('radio', { name: /Keep partner's value/ }).check();
    await saveDocScreenshot(p, 'template-upgrade');
    await dialog.getByRole('button', { name: 'Apply upgrade' }).click();
    await eventually(() => dialog.getByRole('status').textContent().catch(() => '')).toContain('supplier-po-ack-rest@2');

    const upgraded = await runtime.api<{ version: number; flow: { id: string; bodyExpression?: string }[] }>('GET', `/api/flows/${flowId}`);
    expect(upgraded.version).toBe(3);
    expect(upgraded.flow.find((n) => n.id === `${flowId}.ok`)!.bodyExpression).toBe('{"ok": true, "ref": erp.reference}');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await eventually(() => p.getByRole('button', { name: `Upgrade available for ${flowId}` }).count()).toBe(0);
    await p.context().close();
  });
});

/** A deploy's HTTP routes appear a moment after the API answers: retry while the route is not there yet. */
async function postUntilRouted(url: string, body: string, apiKey: string): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/edi-x12', 'x-api-key': apiKey }, body, signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    if (response.status !== 404 || Date.now() > deadline) return { status: response.status, body: text };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
