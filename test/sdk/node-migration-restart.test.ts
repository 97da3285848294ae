// Node versions across a restart: a stored flow is migrated when its node's schema changed with migrate(); without migrate() that flow needs attention and the others run.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyCheckout, type CheckoutCopy } from '../support/checkout-copy.js';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';

const TRANSFORM = path.join('nodes', 'canonical', 'transform-node.ts');

/** http in -> transform (result written below payload, at a non-default target) -> http response. */
const greetFlow = (targetField: 'property' | 'target') => [
  { id: 'mig-a', type: 'tab', label: 'greet' },
  { id: 'a-in', type: 'http in', z: 'mig-a', x: 100, y: 100, url: '/greet', method: 'post', wires: [['a-map']] },
  { id: 'a-map', type: 'tl-transform', z: 'mig-a', x: 300, y: 100, expression: '{"hello": payload.name}', [targetField]: 'payload.greeting', wires: [['a-out']] },
  { id: 'a-out', type: 'http response', z: 'mig-a', x: 500, y: 100, wires: [] },
];
const echoFlow = [
  { id: 'mig-b', type: 'tab', label: 'echo' },
  { id: 'b-in', type: 'http in', z: 'mig-b', x: 100, y: 100, url: '/ping', method: 'post', wires: [['b-out']] },
  { id: 'b-out', type: 'http response', z: 'mig-b', x: 300, y: 100, wires: [] },
];

type FlowList = { flows: Array<{ id: string; status: string; attention?: unknown[] }> };

/** Full and incremental server builds plus three runtime starts, on a shared machine. */
const BUILDS_TIMEOUT_MS = 300_000;

let checkout: CheckoutCopy;
const dataDir = tempDataDir('tradelane-migration-');

async function withRuntime<T>(use: (runtime: RuntimeProcess, token: string) => Promise<T>): Promise<T> {
  const runtime = await startRuntime({ cli: checkout.cli, dataDir });
  try {
    return await use(runtime, await runtime.login());
  } finally {
    await runtime.stop();
  }
}

async function call(runtime: RuntimeProcess, route: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${runtime.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

async function statuses(runtime: RuntimeProcess, token: string) {
  const list = await runtime.api<FlowList>('GET', '/api/flows', undefined, token);
  return Object.fromEntries(list.body.flows.map((flow) => [flow.id, flow]));
}

describe('node config migrations across a restart', () => {
  beforeAll(() => {
    checkout = copyCheckout();
    checkout.build();
  }, BUILDS_TIMEOUT_MS);
  afterAll(() => checkout.remove());

  it('upgrades a stored flow with migrate(), and without it reports the flow that needs attention and runs the rest', async () => {
    // Version 1 (today's node): deploy both flows; the version records the node versions.
    await withRuntime(async (runtime, token) => {
      expect((await runtime.api('POST', '/api/flows', { flow: greetFlow('property') }, token)).status).toBe(201);
      expect((await runtime.api('POST', '/api/flows', { flow: echoFlow }, token)).status).toBe(201);
      expect(await call(runtime, '/hooks/mig-a/greet', { name: 'Ada' })).toEqual({ status: 200, body: { name: 'Ada', greeting: { hello: 'Ada' } } });
      const versions = await runtime.api<{ versions: Array<{ nodeVersions?: Record<string, number> }> }>('GET', '/api/flows/mig-a/versions', undefined, token);
      expect(versions.body.versions[0]!.nodeVersions).toEqual({ 'http in': 1, 'tl-transform': 1, 'http response': 1 });
    });

    // Version 2 renames "property" to "target" and migrates stored configs.
    checkout.edit(TRANSFORM, '  property: string;\n', '  target: string;\n');
    checkout.edit(TRANSFORM, "      property: {\n        title: 'Target property',", "      target: {\n        title: 'Target property',");
    checkout.edit(TRANSFORM, 'parsePath(config.property)', 'parsePath(config.target)');
    checkout.edit(TRANSFORM, "  origin: 'tradelane',\n  configSchema", "  origin: 'tradelane',\n  version: 2,\n  migrate: (_fromVersion, { property, ...rest }) => ({ ...rest, target: property }),\n  configSchema");
    expect(checkout.build()).toContain('building server');
    await withRuntime(async (runtime, token) => {
      expect((await statuses(runtime, token))['mig-a']).toMatchObject({ status: 'running' });
      // The stored target (payload.greeting, not the default payload) survived the rename.
      expect(await call(runtime, '/hooks/mig-a/greet', { name: 'Bea' })).toEqual({ status: 200, body: { name: 'Bea', greeting: { hello: 'Bea' } } });
      // A rollback to the version deployed with version 1 migrates it too, and records the node version it now runs with.
      expect((await runtime.api('POST', '/api/flows/mig-a/rollback', { version: 1 }, token)).status).toBe(200);
      expect(await call(runtime, '/hooks/mig-a/greet', { name: 'Cal' })).toEqual({ status: 200, body: { name: 'Cal', greeting: { hello: 'Cal' } } });
      const versions = await runtime.api<{ versions: Array<{ n: number; nodeVersions?: Record<string, number> }> }>('GET', '/api/flows/mig-a/versions', undefined, token);
      expect(versions.body.versions[0]).toMatchObject({ n: 2, nodeVersions: { 'tl-transform': 2 } });
    });

    // Version 3 changes the schema again but brings no migrate(): the stored flow (deployed with version 2) cannot start.
    checkout.edit(TRANSFORM, "  version: 2,\n  migrate: (_fromVersion, { property, ...rest }) => ({ ...rest, target: property }),\n", '  version: 3,\n');
    expect(checkout.build()).toContain('building server');
    await withRuntime(async (runtime, token) => {
      const flows = await statuses(runtime, token);
      expect(flows['mig-a']).toMatchObject({
        status: 'needs-attention',
        attention: [{ nodeId: 'a-map', type: 'tl-transform', storedVersion: 2, currentVersion: 3, message: 'deployed with tl-transform version 2; this runtime has version 3 and the node has no migrate()' }],
      });
      expect(flows['mig-b']).toMatchObject({ status: 'running' });
      expect(await call(runtime, '/hooks/mig-b/ping', { ping: 1 })).toEqual({ status: 200, body: { ping: 1 } });
      expect((await call(runtime, '/hooks/mig-a/greet', { name: 'Cy' })).status).toBe(404);
      expect(runtime.output()).toContain('flow \\"mig-a\\" needs attention and was not started');

      // Nor can a rollback bring back the old form: it is refused with the reason.
      const rollback = await runtime.api<{ details: Array<{ nodeId: string; message: string }> }>('POST', '/api/flows/mig-a/rollback', { version: 1 }, token);
      expect(rollback.status).toBe(400);
      expect(rollback.body.details).toEqual([{ nodeId: 'a-map', path: '$.type', message: 'deployed with tl-transform version 1; this runtime has version 3 and the node has no migrate()' }]);

      // Deploying the flow in the new form brings it back.
      expect((await runtime.api('PUT', '/api/flows/mig-a', { flow: greetFlow('target') }, token)).status).toBe(200);
      expect((await statuses(runtime, token))['mig-a']).toMatchObject({ status: 'running' });
      expect(await call(runtime, '/hooks/mig-a/greet', { name: 'Di' })).toEqual({ status: 200, body: { name: 'Di', greeting: { hello: 'Di' } } });
    });
  }, BUILDS_TIMEOUT_MS);
});
