// Importing Node-RED exports on the real runtime: what Node-RED accepts validates, link targets are checked, tabs become flows (API and CLI), disabled parts do not run.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI, startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';

interface Located { nodeId: string; path: string; message: string }
interface ImportedFlow { id: string; label: string; version: number; created: boolean; warnings: Located[] }
type Node = Record<string, unknown>;

const run = promisify(execFile);

/**
 * An http in that answers 200: whether its URL answers tells whether the node runs. POST, because an unmatched GET
 * under /hooks falls through to the designer's index page (200).
 */
function endpoint(id: string, tab: string, url: string, extra: Node = {}): Node[] {
  return [
    { id: `${id}-in`, type: 'http in', z: tab, url, method: 'post', x: 100, y: 100, wires: [[`${id}-out`]], ...extra },
    { id: `${id}-out`, type: 'http response', z: tab, statusCode: '200', x: 300, y: 100, wires: [] },
  ];
}

/** Two tabs as Node-RED exports them: the second disabled, a disabled node on the first, a link from the first into the second. */
function twoTabExport(): Node[] {
  return [
    { id: 'imp-orders', type: 'tab', label: 'Orders', disabled: false, info: 'orders tab' },
    { id: 'imp-archive', type: 'tab', label: 'Archive', disabled: true, info: '' },
    ...endpoint('imp-live', 'imp-orders', '/live'),
    ...endpoint('imp-off', 'imp-orders', '/off', { d: true }),
    { id: 'imp-link-out', type: 'link out', z: 'imp-orders', mode: 'link', links: ['imp-link-in'], x: 500, y: 100, wires: [] },
    ...endpoint('imp-archived', 'imp-archive', '/archived'),
    { id: 'imp-link-in', type: 'link in', z: 'imp-archive', links: ['imp-link-out'], x: 100, y: 200, wires: [[]] },
  ];
}

/** The same export with every id (and every reference to one) prefixed, so it does not collide with the first import. */
function prefixed(nodes: Node[], prefix: string): Node[] {
  const rename = (id: unknown) => `${prefix}${String(id)}`;
  return nodes.map((node) => ({
    ...node,
    id: rename(node.id),
    ...(node.z ? { z: rename(node.z) } : {}),
    ...(Array.isArray(node.wires) ? { wires: (node.wires as string[][]).map((port) => port.map(rename)) } : {}),
    ...(Array.isArray(node.links) ? { links: (node.links as string[]).map(rename) } : {}),
  }));
}

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('importing Node-RED exports', () => {
  let runtime: RuntimeProcess;
  let token: string;
  const status = async (route: string) => (await fetch(`${runtime.url}${route}`, { method: 'POST' })).status;

  beforeAll(async () => {
    runtime = await startRuntime({ args: ['--no-demo'] });
    token = await runtime.login();
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  test('values Node-RED itself accepts validate: string booleans, empty numbers, join mode manual', async () => {
    const flow = [
      { id: 'lenient', type: 'tab', label: 'Lenient' },
      { id: 'lenient-debug', type: 'debug', z: 'lenient', console: 'false', tosidebar: 'true', x: 1, y: 1, wires: [] },
      { id: 'lenient-fn', type: 'function', z: 'lenient', func: 'return msg;', timeout: '', outputs: '1', x: 1, y: 2, wires: [[]] },
      { id: 'lenient-watch', type: 'watch', z: 'lenient', files: 'drop', recursive: '', x: 1, y: 3, wires: [[]] },
      { id: 'lenient-join', type: 'join', z: 'lenient', mode: 'manual', build: 'array', count: '', timeout: '', x: 1, y: 4, wires: [[]] },
      { id: 'lenient-batch', type: 'batch', z: 'lenient', mode: 'count', count: '5', overlap: 0, interval: '', x: 1, y: 5, wires: [[]] },
      { id: 'lenient-filter', type: 'rbe', z: 'lenient', func: 'deadband', gap: '10%', septopics: 'true', x: 1, y: 6, wires: [[]] },
    ];
    const response = await runtime.api<{ ok: boolean; problems: Located[] }>('POST', '/api/flows/validate', { flow }, token);
    expect(response.body).toMatchObject({ ok: true, problems: [] });
  });

  test('values Node-RED would not run are still refused, located', async () => {
    const flow = [
      { id: 'strict', type: 'tab', label: 'Strict' },
      { id: 'strict-fn', type: 'function', z: 'strict', func: 'return msg;', timeout: 'soon', x: 1, y: 1, wires: [[]] },
      { id: 'strict-debug', type: 'debug', z: 'strict', console: 5, x: 1, y: 2, wires: [] },
      { id: 'strict-join', type: 'join', z: 'strict', mode: 'sometimes', x: 1, y: 3, wires: [[]] },
    ];
    const response = await runtime.api<{ ok: boolean; problems: Located[] }>('POST', '/api/flows/validate', { flow }, token);
    expect(response.body.ok).toBe(false);
    expect(response.body.problems.map((problem) => `${problem.nodeId} ${problem.path}`).sort()).toEqual(['strict-debug $.console', 'strict-fn $.timeout', 'strict-join $.mode']);
  });

  test('a link out to a link in that exists nowhere is a located error; one to another deployed flow is fine', async () => {
    const target = [{ id: 'link-target', type: 'tab', label: 'Target' }, { id: 'link-target-in', type: 'link in', z: 'link-target', x: 1, y: 1, wires: [[]] }];
    expect((await runtime.api('POST', '/api/flows', { flow: target }, token)).status).toBe(201);
    const sender = (links: string[]) => [
      { id: 'link-sender', type: 'tab', label: 'Sender' },
      { id: 'link-sender-out', type: 'link out', z: 'link-sender', mode: 'link', links, x: 1, y: 1, wires: [] },
      { id: 'link-sender-debug', type: 'debug', z: 'link-sender', x: 1, y: 2, wires: [] },
    ];
    const missing = await runtime.api<{ details: Located[] }>('POST', '/api/flows', { flow: sender(['no-such-link-in']) }, token);
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([{ nodeId: 'link-sender-out', path: '$.links[0]', message: expect.stringMatching(/links to "no-such-link-in", which is not a node of this or any deployed flow/) }]);
    const wrongType = await runtime.api<{ details: Located[] }>('POST', '/api/flows', { flow: sender(['link-sender-debug']) }, token);
    expect(wrongType.body.details).toEqual([{ nodeId: 'link-sender-out', path: '$.links[0]', message: expect.stringMatching(/a debug node; a link out can only link to link in nodes/) }]);

    // A stale id beside a real target (Node-RED's editor leaves them behind) deploys, with a warning.
    const stale = await runtime.api<{ warnings: Located[] }>('POST', '/api/flows', { flow: sender(['link-target-in', 'gone']) }, token);
    expect(stale.status).toBe(201);
    expect(stale.body.warnings).toContainEqual({ nodeId: 'link-sender-out', path: '$.links[1]', message: expect.stringContaining('"gone"') });
  });

  test('a multi-tab export is refused by the one-flow routes, never flattened', async () => {
    for (const [method, route] of [['POST', '/api/flows'], ['PUT', '/api/flows/imp-orders'], ['POST', '/api/flows/validate']] as const) {
      const response = await runtime.api<{ details: Located[] }>(method, route, { flow: twoTabExport() }, token);
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ path: '$.flow', message: expect.stringMatching(/the export holds 2 tabs \("Orders", "Archive"\).*POST \/api\/flows\/import/) }]);
    }
    expect((await runtime.api('GET', '/api/flows/imp-orders', undefined, token)).status).toBe(404);
  });

  test('import makes one flow per tab with its label; a disabled tab and a disabled node do not run', async () => {
    const response = await runtime.api<{ flows: ImportedFlow[] }>('POST', '/api/flows/import', { flow: twoTabExport(), message: 'from Node-RED' }, token);
    expect(response.status).toBe(201);
    expect(response.body.flows).toEqual([
      expect.objectContaining({ id: 'imp-orders', label: 'Orders', version: 1, created: true }),
      expect.objectContaining({ id: 'imp-archive', label: 'Archive', version: 1, created: true }),
    ]);
    const orders = await runtime.api<{ flow: Node[] }>('GET', '/api/flows/imp-orders', undefined, token);
    expect(orders.body.flow.map((node) => node.id).sort()).toEqual(['imp-link-out', 'imp-live-in', 'imp-live-out', 'imp-off-in', 'imp-off-out', 'imp-orders']);
    const archive = await runtime.api<{ flow: Node[] }>('GET', '/api/flows/imp-archive', undefined, token);
    expect(archive.body.flow[0]).toMatchObject({ id: 'imp-archive', type: 'tab', label: 'Archive', disabled: true });

    expect(await status('/hooks/imp-orders/live')).toBe(200);
    expect(await status('/hooks/imp-orders/off')).toBe(404);
    expect(await status('/hooks/imp-archive/archived')).toBe(404);

    // Importing the same file again gives each flow a new version.
    const again = await runtime.api<{ flows: ImportedFlow[] }>('POST', '/api/flows/import', { flow: twoTabExport() }, token);
    expect(again.body.flows.map((flow) => [flow.id, flow.version, flow.created])).toEqual([['imp-orders', 2, false], ['imp-archive', 2, false]]);
  });

  test('an import is checked as a whole: a bad tab stops every tab', async () => {
    const broken = prefixed(twoTabExport(), 'x-').map((node) => (node.id === 'x-imp-archived-in' ? { ...node, method: 'fetch' } : node));
    const response = await runtime.api<{ details: Located[] }>('POST', '/api/flows/import', { flow: broken }, token);
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([expect.objectContaining({ nodeId: 'x-imp-archived-in', path: '$.method' })]);
    expect((await runtime.api('GET', '/api/flows/x-imp-orders', undefined, token)).status).toBe(404);
  });

  test('the added parser nodes run in the engine: yaml and html', async () => {
    const flow = [
      { id: 'parsers', type: 'tab', label: 'Parsers' },
      { id: 'parsers-yaml-in', type: 'http in', z: 'parsers', url: '/yaml', method: 'post', x: 1, y: 1, wires: [['parsers-yaml']] },
      { id: 'parsers-yaml', type: 'yaml', z: 'parsers', property: 'payload', x: 2, y: 1, wires: [['parsers-out']] },
      { id: 'parsers-html-in', type: 'http in', z: 'parsers', url: '/html', method: 'post', x: 1, y: 2, wires: [['parsers-html']] },
      { id: 'parsers-html', type: 'html', z: 'parsers', tag: 'li', ret: 'text', as: 'single', x: 2, y: 2, wires: [['parsers-out']] },
      { id: 'parsers-out', type: 'http response', z: 'parsers', x: 3, y: 1, wires: [] },
    ];
    expect((await runtime.api('POST', '/api/flows', { flow }, token)).status).toBe(201);
    const yaml = await fetch(`${runtime.url}/hooks/parsers/yaml`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sku: 'A-1', qty: 3 }) });
    expect(await yaml.text()).toBe('sku: A-1\nqty: 3\n');
    const html = await fetch(`${runtime.url}/hooks/parsers/html`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '<ul><li>one</li><li>two</li></ul>' });
    expect(await html.json()).toEqual(['one', 'two']);
  });

  describe('tradelane deploy', () => {
    const dir = tempDataDir('tradelane-deploy-cli-');
    const env = () => ({ TRADELANE_PASSWORD: runtime.adminPassword });

    test('deploys every tab of a file as its own flow', async () => {
      const file = path.join(dir, 'two-tabs.json');
      writeFileSync(file, JSON.stringify(prefixed(twoTabExport(), 'cli-')));
      const result = await cli(['deploy', file, '--url', runtime.url], env());
      expect(result).toMatchObject({ code: 0 });
      expect(result.stdout).toContain('created flow cli-imp-orders ("Orders") as version 1');
      expect(result.stdout).toContain('created flow cli-imp-archive ("Archive") as version 1');
      expect(await status('/hooks/cli-imp-orders/live')).toBe(200);
      expect(await status('/hooks/cli-imp-archive/archived')).toBe(404);
    });

    test('deploying a tab-less export twice updates the same flow; --flow names it', async () => {
      const file = path.join(dir, 'tabless.json');
      writeFileSync(file, JSON.stringify(endpoint('tabless', '', '/hello').map(({ z: _z, ...node }) => node)));
      const first = await cli(['deploy', file, '--url', runtime.url], env());
      expect(first.code).toBe(0);
      const id = /created flow (\S+)/.exec(first.stdout)?.[1];
      expect(id).toMatch(/^flow-/);
      const second = await cli(['deploy', file, '--url', runtime.url], env());
      expect(second).toMatchObject({ code: 0, stdout: expect.stringContaining(`deployed flow ${id} ("Untitled flow") as version 2`) });

      const named = path.join(dir, 'named.json');
      writeFileSync(named, JSON.stringify(endpoint('named', '', '/named').map(({ z: _z, ...node }) => node)));
      expect((await cli(['deploy', named, '--flow', 'cli-named', '--url', runtime.url], env())).stdout).toContain('created flow cli-named');
      expect((await cli(['deploy', named, '--flow', 'cli-named', '--url', runtime.url, '--message', 'again'], env())).stdout).toContain('deployed flow cli-named ("Untitled flow") as version 2');
      expect(await status('/hooks/cli-named/named')).toBe(200);
      const versions = await runtime.api<{ versions: Array<{ n: number; message: string }> }>('GET', '/api/flows/cli-named/versions', undefined, token);
      expect(versions.body.versions.map((version) => [version.n, version.message])).toEqual([[2, 'again'], [1, `deployed from ${named}`]]);
    });

    test('--flow is refused for a multi-tab file and explained in the help', async () => {
      const file = path.join(dir, 'two-tabs.json');
      const refused = await cli(['deploy', file, '--flow', 'one', '--url', runtime.url], env());
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/flowId needs an export of at most one tab/);
      const help = await cli(['help'], {});
      expect(help.stdout).toMatch(/deploy FILE \[--flow ID\]/);
    });
  });
});
