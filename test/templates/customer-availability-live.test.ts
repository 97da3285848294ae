// The inventory-availability template on a real runtime: ERP/WMS events fill the cache, the portal reads it while the demo ERP is down, and it survives kill -9.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';

interface Instantiated { credentials: { apiKey?: string }; generatedSecrets: Record<string, string> }
interface Availability { items: Array<{ sku: string; locations: Record<string, { available: number; onHand?: number; asOf: string }> }>; missing: string[]; details?: Array<{ path: string }> }

const PORTAL = 'harbor-availability';
const dataDir = tempDataDir('tradelane-availability-');
let runtime: RuntimeProcess;
let token: string;
let onboarded: Instantiated;

async function postEvent(event: unknown, erpToken = onboarded.generatedSecrets.erpEventToken!): Promise<{ status: number; body: Record<string, unknown> & { details?: Array<{ path: string }> } }> {
  const response = await fetch(`${runtime.url}/hooks/${PORTAL}-availability/erp-events/${PORTAL}/inventory`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-erp-token': erpToken }, body: JSON.stringify(event) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { details?: Array<{ path: string }> } };
}

async function read(query: unknown, apiKey = onboarded.credentials.apiKey!): Promise<{ status: number; body: Availability }> {
  const response = await fetch(`${runtime.url}/partners/${PORTAL}/availability`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify(query) });
  return { status: response.status, body: (await response.json()) as Availability };
}

beforeAll(async () => {
  runtime = await startRuntime({ dataDir });
  token = await runtime.login();
  const answer = await runtime.api<Instantiated>('POST', '/api/templates/customer-inventory-availability/instantiate', { partnerId: PORTAL, params: { authMethod: 'api-key' } }, token);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  onboarded = answer.body;
});

afterAll(async () => {
  await runtime?.stop();
});

describe('customer inventory availability', () => {
  it('refuses events without the ERP token or with bad positions, located', async () => {
    expect((await postEvent({ positions: [] }, 'not-the-token-not-the-token')).status).toBe(401);
    const invalid = await postEvent({ positions: [{ sku: 'SKU-1', location: 'DC-EAST', available: 'lots', asOf: '2026-12-03T08:00:00Z' }] });
    expect(invalid.status).toBe(422);
    expect(invalid.body.details!.map((problem) => problem.path)).toEqual(['$.positions[0].available']);
  });

  it('answers portal reads from the cache, with a late older event ignored, while the ERP is down', async () => {
    const stored = await postEvent({ positions: [
      { sku: 'SKU-50001', location: 'DC-EAST', available: 246, onHand: 250, asOf: '2026-12-03T08:00:00Z' },
      { sku: 'SKU-50001', location: 'DC-WEST', available: 12, asOf: '2026-12-03T08:00:00Z' },
    ] });
    expect(stored).toEqual({ status: 200, body: { status: 'stored', applied: 2, stale: 0 } });
    expect((await postEvent({ positions: [{ sku: 'SKU-50001', location: 'DC-EAST', available: 999, asOf: '2026-12-03T07:00:00Z' }] })).body).toMatchObject({ applied: 0, stale: 1 });
    // The portal never reaches the ERP per page view: with the ERP down, reads still answer.
    expect((await runtime.api('PUT', '/demo-erp/_faults', { downForSeconds: 60 }, token)).status).toBe(200);
    const answer = await read({ skus: ['SKU-50001', 'SKU-NOPE'], location: 'DC-EAST' });
    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([{ sku: 'SKU-50001', locations: { 'DC-EAST': { available: 246, onHand: 250, asOf: '2026-12-03T08:00:00Z' } } }]);
    expect(answer.body.missing).toEqual(['SKU-NOPE']);
    expect((await runtime.api<{ downResponses: number }>('GET', '/demo-erp/_stats', undefined, token)).body).toMatchObject({ faults: { downResponses: 0 } });
    expect((await runtime.api('POST', '/demo-erp/_faults/reset', {}, token)).status).toBe(200);
  });

  it('refuses a read without the portal\'s key, and one without SKUs at $.skus', async () => {
    expect((await read({ skus: ['SKU-50001'] }, 'wrong-key')).status).toBe(401);
    const invalid = await read({ skus: [] });
    expect(invalid.status).toBe(422);
    expect(invalid.body.details!.map((problem) => problem.path)).toEqual(['$.skus']);
  });

  it('keeps the cache across kill -9 and restart', async () => {
    await runtime.kill();
    runtime = await startRuntime({ dataDir });
    const answer = await read({ skus: ['SKU-50001'] });
    expect(answer.status).toBe(200);
    expect(answer.body.items[0]!.locations).toEqual({ 'DC-EAST': { available: 246, onHand: 250, asOf: '2026-12-03T08:00:00Z' }, 'DC-WEST': { available: 12, asOf: '2026-12-03T08:00:00Z' } });
  });
});
