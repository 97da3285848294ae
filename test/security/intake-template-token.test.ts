// Attack: a stranger posts a purchase order to an onboarded EDI template's ERP endpoint, making us send an 850/ORDERS to the supplier.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalExamples } from '../../nodes/canonical/examples.js';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';

interface Template { example: { params: Record<string, unknown> } }
interface Instantiated { generatedSecrets: Record<string, string> }

describe('ERP purchase-order endpoints of the EDI templates', () => {
  let runtime: RuntimeProcess;
  let token: string;
  const ediRoot = tempDataDir('tradelane-edi-token-');
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    // The partners' EDI directories must lie under the files root, where file nodes may write.
    runtime = await startRuntime({ env: { TRADELANE_FILES_ROOT: ediRoot } });
    token = await runtime.login();
    for (const [template, partnerId] of [['supplier-x12', 'x12-token'], ['supplier-edifact', 'edifact-token']] as const) {
      const { example } = (await runtime.api<Template>('GET', `/api/templates/${template}`, undefined, token)).body;
      const params = { ...example.params, ediDirectory: path.join(ediRoot, partnerId) };
      const answer = await runtime.api<Instantiated>('POST', `/api/templates/${template}/instantiate`, { partnerId, params }, token);
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      tokens[partnerId] = answer.body.generatedSecrets.erpEventToken!;
    }
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  // Each template names its partner's flow "<partner>-<flowIdSuffix>"; an http in lives under /hooks/<flow>/.
  const flowOf: Record<string, string> = { 'x12-token': 'x12-token-x12', 'edifact-token': 'edifact-token-edifact' };
  const postOrder = (partnerId: string, headers: Record<string, string>) => fetch(`${runtime.url}/hooks/${flowOf[partnerId]}/erp-events/${partnerId}/purchase-orders`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(canonicalExamples.PurchaseOrder),
  });
  const outbound = (partnerId: string) => (existsSync(path.join(ediRoot, partnerId, 'outbound')) ? readdirSync(path.join(ediRoot, partnerId, 'outbound')) : []);

  for (const partnerId of ['x12-token', 'edifact-token']) {
    it(`${partnerId}: refuses a PO without or with a wrong X-Erp-Token (401, located) and writes nothing`, async () => {
      expect(tokens[partnerId]).toMatch(/^tls_/);
      for (const headers of [{}, { 'x-erp-token': 'guess-guess-guess-guess' }] as Array<Record<string, string>>) {
        const refused = await postOrder(partnerId, headers);
        expect(refused.status).toBe(401);
        expect(await refused.json()).toMatchObject({ error: 'unauthorized', details: [{ path: 'header.X-Erp-Token' }] });
      }
      expect(outbound(partnerId)).toEqual([]);
    });

    it(`${partnerId}: accepts a PO with the token generated at onboarding`, async () => {
      const accepted = await postOrder(partnerId, { 'x-erp-token': tokens[partnerId]! });
      expect(accepted.status, await accepted.clone().text()).toBe(202);
      expect(outbound(partnerId)).toHaveLength(1);
    });
  }
});
