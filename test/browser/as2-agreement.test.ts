// Browser test (real runtime + Chromium): an analyst sets up an AS2 endpoint for a partner in the designer, pastes certificates and the key, deploys, and the partner's signed, encrypted message gets a signed receipt.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from './support/runtime.js';
import { eventually, launchBrowser, openSignedIn, saveDocScreenshot, screenshotOnFailure } from './support/browser.js';
import { makeIdentity, type TestIdentity } from '../transport/as2-identities.js';
import { buildAs2 } from '../../nodes/transport/as2/as2-message.js';
import { readMdn } from '../../nodes/transport/as2/mdn.js';

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page | undefined;
let ours: TestIdentity;
let theirs: TestIdentity;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tradelane-as2-browser-'));
  [ours, theirs] = [makeIdentity(dir, 'hub'), makeIdentity(dir, 'acme')];
  runtime = await startRuntime();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

screenshotOnFailure(() => page);

/** What the partner's AS2 software would send: signed with their key, encrypted for our certificate, asking for a signed receipt. */
async function partnerSends(edi: string): Promise<Response> {
  const message = buildAs2(Buffer.from(edi), 'application/edi-x12', 'po.x12', { from: 'ACME', to: 'HUB', messageId: 'browser-1@acme', subject: 'EDI', receipt: 'sync', signedReceipt: true }, {
    ourCertificate: theirs.certificate, ourPrivateKey: theirs.privateKey, partnerCertificate: ours.certificate, sign: true, encrypt: true, micAlgorithm: 'sha-256', encryption: 'aes-256-cbc',
  });
  return fetch(`${runtime.url}/partners/acme/as2`, { method: 'POST', headers: message.headers, body: message.body });
}

describe('an AS2 endpoint built in the designer', () => {
  it('takes pasted certificates and a masked key, refuses a key of another certificate at deploy, and answers the partner with a signed receipt', async () => {
    page = await openSignedIn(browser, runtime, '#/flows/new');
    await page.getByRole('region', { name: 'Flow canvas' }).waitFor();
    await page.getByLabel('Search nodes').fill('as2');
    await page.getByRole('button', { name: 'Palette node as2 out', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Palette node as2 in', exact: true }).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 300, y: 200 } });
    const node = page.locator('.react-flow__node:has([data-node-type="tl-as2-in"])');
    await node.click();
    await eventually(() => node.getByRole('note').getAttribute('aria-label')).toContain('Partner certificate (PEM) is required');

    const form = page.getByRole('form', { name: 'Node properties' });
    await form.getByLabel('Partner id', { exact: true }).fill('acme');
    await form.getByLabel('Our AS2 name', { exact: true }).fill('HUB');
    await form.getByLabel('Partner AS2 name', { exact: true }).fill('ACME');
    const certificate = form.getByLabel('Our certificate (PEM)', { exact: true });
    await certificate.fill(ours.certificate);
    // A certificate is many lines: a text area keeps them.
    expect((await certificate.inputValue()).split('\n').length).toBeGreaterThan(5);
    await form.getByLabel('Partner certificate (PEM)', { exact: true }).fill(theirs.certificate);
    // First the partner's key by mistake: the node cannot start, and the deploy says why.
    await form.getByLabel('Our private key (PEM)', { exact: true }).fill(theirs.privateKey);
    await eventually(() => node.getByRole('note').count()).toBe(0);
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByLabel('Version message').fill('AS2 with ACME');
    await page.getByRole('button', { name: 'Confirm deploy' }).click();
    await eventually(() => page!.getByRole('dialog').textContent()).toContain('failed to start; nothing was deployed');
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await eventually(() => node.getByRole('note').getAttribute('aria-label')).toContain('does not belong to ourCertificate');

    await node.click();
    await form.getByLabel('Our private key (PEM)', { exact: true }).fill(ours.privateKey);
    await saveDocScreenshot(page, 'as2-agreement-form');
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByLabel('Version message').fill('AS2 with ACME, our key');
    await page.getByRole('button', { name: 'Confirm deploy' }).click();
    await eventually(() => page!.getByLabel('Flow state').textContent()).toContain('deployed');

    const answer = await partnerSends('ISA*00*BROWSER~');
    expect(answer.status).toBe(200);
    const receipt = readMdn(answer.headers.get('content-type') ?? '', Buffer.from(await answer.arrayBuffer()), ours.certificate);
    expect(receipt).toMatchObject({ signed: true, originalMessageId: 'browser-1@acme', disposition: { ok: true } });
    const documents = await runtime.api<{ documents: Array<{ channel: string; status: string; direction: string }> }>('GET', '/api/documents?channel=as2');
    expect(documents.documents).toEqual([expect.objectContaining({ direction: 'in', status: 'accepted' })]);
    await page.context().close();
  });
});
