// Traces live in the SQL store: a message's hops and a refused request's ledger documents are found by correlation id, also after a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import { ackBody, postAck } from '../reliability/support.js';
import { waitFor } from '../support/wait-for.js';

interface TraceAnswer {
  correlationId: string;
  hops: Array<{ nodeId: string; nodeType: string; event: string }>;
  documents: Array<{ id: string; status: string; documentType: string; partnerId: string; errors: Array<{ path?: string; message: string }>; receivedAt: string }>;
}

describe('persisted traces', () => {
  const dataDir = tempDataDir();
  let runtime: RuntimeProcess;
  let token: string;
  const trace = (correlationId: string) => runtime.api<TraceAnswer>('GET', `/api/traces/${correlationId}`, undefined, token);

  beforeAll(async () => {
    runtime = await startRuntime({ dataDir });
    token = await runtime.login();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('answers a posted acknowledgement with its hops and its ledger document', async () => {
    expect(await postAck(runtime.url, runtime.demoApiKey, ackBody({ poNumber: 'PO-1001', ackNumber: 'A-TR-1' }), { 'X-Correlation-Id': 'tr-good' })).toBe(202);
    const answer = await waitFor(() => trace('tr-good'), (found) => found.status === 200 && found.body.hops.some((hop) => hop.nodeId === 'demo-ack-erp' && hop.event === 'completed'), 30_000, 'the ERP hop');
    expect(answer.body.hops[0]).toMatchObject({ event: 'sent', nodeType: 'tl-intake' });
    expect(answer.body.documents).toEqual(expect.arrayContaining([expect.objectContaining({ documentType: 'acknowledgement', partnerId: 'demo-supplier' })]));
  });

  it('answers a 401 refusal, which never reached a node, with its ledger document and no hops', async () => {
    expect(await postAck(runtime.url, 'tlk_wrong-key', ackBody({ poNumber: 'PO-1002', ackNumber: 'A-TR-2' }), { 'X-Correlation-Id': 'tr-401' })).toBe(401);
    const answer = await trace('tr-401');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ correlationId: 'tr-401', hops: [] });
    expect(answer.body.documents).toEqual([expect.objectContaining({ status: 'refused', partnerId: 'demo-supplier', errors: [expect.objectContaining({ path: 'header.X-Api-Key' })] })]);
    expect((await trace('tr-never-sent')).status).toBe(404);
  });

  it('still has both, and the recent list, after a restart', async () => {
    const before = await trace('tr-good');
    await runtime.stop();
    runtime = await startRuntime({ dataDir });
    token = await runtime.login();
    const after = await trace('tr-good');
    expect(after.status).toBe(200);
    expect(after.body.hops.map((hop) => [hop.nodeId, hop.event])).toEqual(before.body.hops.map((hop) => [hop.nodeId, hop.event]));
    expect((await trace('tr-401')).body.documents).toHaveLength(1);
    const recent = await runtime.api<{ traces: Array<{ correlationId: string; hopCount: number; outcome: string }> }>('GET', '/api/traces?limit=100', undefined, token);
    expect(recent.body.traces).toEqual(expect.arrayContaining([expect.objectContaining({ correlationId: 'tr-good', hopCount: before.body.hops.length, outcome: 'ok' })]));
  });
});
