// End to end: `tradelane new node`, the package's own build and test, loading it from TRADELANE_NODES_DIR into a real runtime, a flow through it; broken packages skipped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { BROKEN_IMPORT_LINE, linkToolchain, writeBrokenPackages } from '../support/node-package-fixtures.js';

const NODE = 'stock-tag';
const FLOW = 'tagging';

interface Catalog {
  nodes: Array<{ type: string; origin: string; package?: { name: string; version: string | null; source: string }; docs: string }>;
  packages: Array<{ name: string; version?: string; status: string; nodes: string[]; error?: string }>;
}

/** The environment of a child process, without the variables of the vitest run around it. */
function cleanEnv(): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && !['NODE_OPTIONS', 'TEST', 'FORCE_COLOR'].includes(key));
  return { ...Object.fromEntries(inherited), NO_COLOR: '1' };
}

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const flow = [
  { id: FLOW, type: 'tab', label: 'Tagging with an external node' },
  { id: 't-in', type: 'http in', z: FLOW, x: 100, y: 100, url: '/tag', method: 'post', wires: [['t-tag']] },
  { id: 't-tag', type: NODE, z: FLOW, x: 300, y: 100, field: 'status', value: 'seen by the external node', wires: [['t-out']] },
  { id: 't-out', type: 'http response', z: FLOW, x: 500, y: 100, wires: [] },
];

describe('a node package made with `tradelane new node`', () => {
  const nodesDir = mkdtempSync(path.join(tmpdir(), 'tradelane-nodes-'));
  const packageDir = path.join(nodesDir, `tradelane-node-${NODE}`);
  let runtime: RuntimeProcess;
  let token: string;

  beforeAll(async () => {
    const created = run(process.execPath, [CLI, 'new', 'node', NODE, '--dir', nodesDir], nodesDir);
    expect(created.status, created.output).toBe(0);
    linkToolchain(packageDir);
    writeBrokenPackages(nodesDir);
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('builds with tsc and passes its own harness test', () => {
    const built = run('npm', ['run', 'build'], packageDir);
    expect(built.status, built.output).toBe(0);
    const tested = run('npm', ['test'], packageDir);
    expect(tested.status, tested.output).toBe(0);
    expect(tested.output).toMatch(/Tests\s+(?:\S+\s+)?4 passed/);
  });

  it('is loaded from TRADELANE_NODES_DIR and listed with its origin, package and version', async () => {
    runtime = await startRuntime({ args: ['--no-demo'], env: { TRADELANE_NODES_DIR: nodesDir } });
    token = await runtime.login();
    const catalog = await runtime.api<Catalog>('GET', '/api/nodes', undefined, token);
    expect(catalog.status).toBe(200);
    const node = catalog.body.nodes.find((entry) => entry.type === NODE);
    expect(node).toMatchObject({ origin: 'external', package: { name: `tradelane-node-${NODE}`, version: '0.1.0', source: 'nodes-dir' } });
    expect(node!.docs).toContain('### Outputs');
    expect(catalog.body.packages).toContainEqual(expect.objectContaining({ name: `tradelane-node-${NODE}`, status: 'loaded', nodes: [NODE] }));
    // Built-in nodes carry no package.
    expect(catalog.body.nodes.find((entry) => entry.type === 'change')).toMatchObject({ origin: 'node-red' });
    expect(catalog.body.nodes.find((entry) => entry.type === 'change')!.package).toBeUndefined();
  });

  it('runs in a deployed flow', async () => {
    expect((await runtime.api('PUT', `/api/flows/${FLOW}`, { flow }, token)).status).toBe(201);
    const response = await fetch(`${runtime.url}/hooks/${FLOW}/tag`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sku: 'A-1' }) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sku: 'A-1', status: 'seen by the external node' });
  });

  it('runs in a flow test too: an external node whose sideEffects is none is run, not stubbed', async () => {
    const made = await runtime.api<{ result: { hops: Array<{ nodeId: string; treatment: string }> } }>('POST', `/api/flows/${FLOW}/tests/from-dry-run`,
      { name: 'tags the document', input: { kind: 'message', node: 't-tag', message: { payload: { sku: 'A-1' } } } }, token);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.result.hops.find((hop) => hop.nodeId === 't-tag')?.treatment).toBe('ran');
  });

  it('reports each broken package with its located error, skips it, and keeps running', async () => {
    const catalog = await runtime.api<Catalog>('GET', '/api/nodes', undefined, token);
    const broken = new Map(catalog.body.packages.filter((entry) => entry.status === 'broken').map((entry) => [entry.name, entry]));
    expect([...broken.keys()].sort()).toEqual(['invalid-descriptor', 'throws-on-import', 'tradelane-node-duplicate']);
    expect(broken.get('throws-on-import')!.error).toContain(`throws-on-import.mjs:${BROKEN_IMPORT_LINE}`);
    expect(broken.get('throws-on-import')!.error).toContain('cannot reach the license server');
    expect(broken.get('invalid-descriptor')!.error).toMatch(/invalid-descriptor\.cjs: defineNode\(Not A Type\): type "Not A Type" must be lower-case words/);
    expect(broken.get('tradelane-node-duplicate')).toMatchObject({ version: '2.0.0', nodes: [], error: 'node type "change" is already defined by a built-in node' });
    // The built-in change node is still Node-RED's, not the duplicate's.
    expect(catalog.body.nodes.filter((entry) => entry.type === 'change')).toHaveLength(1);
    expect(runtime.output()).toContain('node package throws-on-import is broken and was skipped');
    expect((await fetch(`${runtime.url}/api/health`)).status).toBe(200);
  });
});
