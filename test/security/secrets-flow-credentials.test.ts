// Attack: any role reads a flow (or a version, or a diff) and gets the ERP bearer token; accident: the designer round-trips a masked flow and erases it.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import { startStubServer, type StubServer } from '../erp/stub-server.js';

const FLOW_ID = 'secret-probe';
const TOKEN_V1 = 'erp-bearer-7f3a9c1e5b2d4f6a8c0e';
const TOKEN_V2 = 'erp-bearer-rotated-91b2c3d4e5f6a7b8';

type Node = Record<string, unknown> & { id: string; type: string };

function probeFlow(stubUrl: string, token: unknown): Node[] {
  return [
    { id: FLOW_ID, type: 'tab', label: 'secret probe' },
    { id: 'probe-in', type: 'http in', z: FLOW_ID, x: 100, y: 100, url: '/secret-probe', method: 'post', wires: [['probe-erp']] },
    { id: 'probe-erp', type: 'tl-erp-post', z: FLOW_ID, x: 300, y: 100, baseUrl: stubUrl, auth: 'bearer', pathExpression: '"/acks"', idempotencyKeyExpression: '"probe-" & $string($millis())', credentials: { token }, wires: [['probe-out']] },
    { id: 'probe-out', type: 'http response', z: FLOW_ID, x: 500, y: 100, statusCode: '', headers: {}, wires: [] },
  ];
}

let runtime: RuntimeProcess;
let stub: StubServer;
let token: string;
const dataDir = tempDataDir('secrets-flow-');

async function bearerSeenByErp(): Promise<string | undefined> {
  const before = stub.requests.length;
  const answer = await fetch(`${runtime.url}/hooks/${FLOW_ID}/secret-probe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ackNumber":"A-1"}' });
  expect(answer.status, await answer.text()).toBe(200);
  return stub.requests.slice(before).at(-1)?.headers.authorization;
}

beforeAll(async () => {
  stub = await startStubServer();
  runtime = await startRuntime({ dataDir, args: ['--no-demo'] });
  token = await runtime.login();
  const created = await runtime.api('PUT', `/api/flows/${FLOW_ID}`, { flow: probeFlow(stub.url, TOKEN_V1), message: 'v1' }, token);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
  await stub?.close();
});

describe('node credentials in flows', () => {
  it('are never returned: the flow, the version and the diff show {set: true}', async () => {
    const flow = await runtime.api<{ flow: Node[] }>('GET', `/api/flows/${FLOW_ID}`, undefined, token);
    expect(flow.body.flow.find((node) => node.id === 'probe-erp')?.credentials).toEqual({ token: { set: true } });
    const version = await runtime.api('GET', `/api/flows/${FLOW_ID}/versions/1`, undefined, token);
    expect(JSON.stringify(version.body)).not.toContain(TOKEN_V1);
    expect(JSON.stringify(flow.body)).not.toContain(TOKEN_V1);
  });

  it('the engine still gets the real token', async () => {
    expect(await bearerSeenByErp()).toBe(`Bearer ${TOKEN_V1}`);
  });

  it('a flow read and deployed back unchanged keeps the stored token', async () => {
    const read = await runtime.api<{ flow: Node[] }>('GET', `/api/flows/${FLOW_ID}`, undefined, token);
    const moved = read.body.flow.map((node) => (node.id === 'probe-erp' ? { ...node, x: 320 } : node));
    const deployed = await runtime.api<{ version: number }>('PUT', `/api/flows/${FLOW_ID}`, { flow: moved, message: 'round trip' }, token);
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(200);
    expect(await bearerSeenByErp()).toBe(`Bearer ${TOKEN_V1}`);
  });

  it('the diff says the token changed without showing either value', async () => {
    const rotated = await runtime.api<{ version: number }>('PUT', `/api/flows/${FLOW_ID}`, { flow: probeFlow(stub.url, TOKEN_V2), message: 'rotate' }, token);
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    const diff = await runtime.api<{ nodes: { changed: Array<{ id: string; properties: Array<Record<string, unknown>> }> } }>('GET', `/api/flows/${FLOW_ID}/diff?from=1&to=${rotated.body.version}`, undefined, token);
    const text = JSON.stringify(diff.body);
    expect(text).not.toContain(TOKEN_V1);
    expect(text).not.toContain(TOKEN_V2);
    const change = diff.body.nodes.changed.find((node) => node.id === 'probe-erp')?.properties.find((property) => property.path === 'credentials.token');
    expect(change).toEqual({ path: 'credentials.token', before: { set: true }, after: { set: true }, secret: true });
    expect(await bearerSeenByErp()).toBe(`Bearer ${TOKEN_V2}`);
  });

  it('a mask on a node that has no stored value is refused, located, instead of deploying an empty token', async () => {
    const flow = probeFlow(stub.url, { set: true }).map((node) => (node.id === 'probe-erp' ? { ...node, id: 'probe-erp-copy' } : node.id === 'probe-in' ? { ...node, wires: [['probe-erp-copy']] } : node));
    const refused = await runtime.api<{ error: string; details: Array<Record<string, unknown>> }>('PUT', `/api/flows/${FLOW_ID}`, { flow }, token);
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([expect.objectContaining({ nodeId: 'probe-erp-copy', path: '$.credentials.token' })]);
  });

  it('a forged {"$sealed": ...} value is refused, so no version can become unreadable', async () => {
    const forged = probeFlow(stub.url, { $sealed: 'v1.AAAA.BBBB.CCCC' });
    const refused = await runtime.api<{ details: Array<Record<string, unknown>> }>('PUT', `/api/flows/${FLOW_ID}`, { flow: forged }, token);
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([expect.objectContaining({ nodeId: 'probe-erp', message: expect.stringContaining('reserved') })]);
  });

  it('no version in the data directory holds a token in clear, and rollback still restores the old token', async () => {
    const files = readFileSync(path.join(dataDir, 'flow-versions.db'), 'utf8');
    expect(files).not.toContain(TOKEN_V1);
    expect(files).not.toContain(TOKEN_V2);
    const rolledBack = await runtime.api('POST', `/api/flows/${FLOW_ID}/rollback`, { version: 1 }, token);
    expect(rolledBack.status, JSON.stringify(rolledBack.body)).toBe(200);
    expect(await bearerSeenByErp()).toBe(`Bearer ${TOKEN_V1}`);
  });
});

describe('a data directory written before sealing', () => {
  it('has its plain credentials sealed in place at start, in every version, and the engine still uses them', async () => {
    await runtime.stop();
    // What an older runtime wrote: the token in clear inside flowJson.
    const file = path.join(dataDir, 'flow-versions.db');
    const plain = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => {
      const record = JSON.parse(line) as { flowJson?: string };
      if (!record.flowJson) return line;
      const nodes = (JSON.parse(record.flowJson) as Node[]).map((node) => (node.credentials ? { ...node, credentials: { token: TOKEN_V1 } } : node));
      return JSON.stringify({ ...record, flowJson: JSON.stringify(nodes) });
    });
    writeFileSync(file, `${plain.join('\n')}\n`);
    expect(readFileSync(file, 'utf8')).toContain(TOKEN_V1);

    runtime = await startRuntime({ dataDir, args: ['--no-demo'] });
    token = await runtime.login();
    expect(readFileSync(file, 'utf8')).not.toContain(TOKEN_V1);
    expect(await bearerSeenByErp()).toBe(`Bearer ${TOKEN_V1}`);
    // Idempotent: a second start finds nothing to seal and changes nothing.
    const sealed = readFileSync(file, 'utf8');
    await runtime.stop();
    runtime = await startRuntime({ dataDir, args: ['--no-demo'] });
    expect(readFileSync(file, 'utf8')).toBe(sealed);
  }, 90_000);
});
