// Migration at load: stored flows deployed with older node versions are upgraded in memory, or set aside with the reason while the rest start.
import { describe, expect, it } from 'vitest';
import { defineNode, type AnyNodeDescriptor } from '../../nodes/sdk/index.js';
import { loadStoredFlows, nodeVersionsOf, type StoredFlow } from '../../runtime/engine/node-migrations.js';
import type { FlowNode } from '../../runtime/engine/flow-types.js';

/** Version 2 of a greeter: "greeting" was renamed "salutation", and the new field is required. */
function greeter(options: { migrate?: AnyNodeDescriptor['migrate']; version?: number } = {}): AnyNodeDescriptor {
  return defineNode({
    type: 'acme-greet', category: 'custom', label: 'greet', summary: 'Greets.', inputs: 1, sideEffects: 'none', outputs: [{ label: 'out' }],
    configSchema: { type: 'object', properties: { salutation: { type: 'string', minLength: 1 } }, required: ['salutation'], additionalProperties: false },
    docs: 'Greets.', origin: 'tradelane', create: () => ({}), version: options.version ?? 2, ...(options.migrate ? { migrate: options.migrate } : {}),
  });
}

const plain = defineNode({
  type: 'acme-plain', category: 'custom', label: 'plain', summary: 'Passes.', inputs: 1, sideEffects: 'none', outputs: [{ label: 'out' }],
  configSchema: { type: 'object', properties: {} }, docs: 'Passes.', origin: 'tradelane', create: () => ({}),
});

const renameGreeting: AnyNodeDescriptor['migrate'] = (fromVersion, config) => {
  const { greeting, ...rest } = config;
  return { ...rest, salutation: `${String(greeting)} (from v${fromVersion})` };
};

function stored(flowId: string, nodes: FlowNode[], nodeVersions?: Record<string, number>): StoredFlow {
  return { flow: { id: flowId, label: flowId, nodes: [{ id: flowId, type: 'tab', label: flowId }, ...nodes] }, version: 4, ...(nodeVersions ? { nodeVersions } : {}) };
}

const oldGreeter: FlowNode = { id: 'g1', type: 'acme-greet', z: 'a', x: 10, y: 20, name: 'hello', wires: [['p1']], greeting: 'Hello' };
const passer: FlowNode = { id: 'p1', type: 'acme-plain', z: 'a', x: 30, y: 20, wires: [] };

describe('loadStoredFlows', () => {
  it('migrates a node deployed with an older version in memory, keeping its id, place and wires', () => {
    const loaded = loadStoredFlows([stored('a', [oldGreeter, passer], { 'acme-greet': 1, 'acme-plain': 1 })], [greeter({ migrate: renameGreeting }), plain]);
    expect(loaded.needsAttention).toEqual([]);
    expect(loaded.migrated).toEqual([{ flowId: 'a', nodeId: 'g1', type: 'acme-greet', fromVersion: 1, toVersion: 2 }]);
    const migrated = loaded.runnable[0]!.nodes.find((node) => node.id === 'g1')!;
    expect(migrated).toEqual({ id: 'g1', type: 'acme-greet', z: 'a', x: 10, y: 20, name: 'hello', wires: [['p1']], salutation: 'Hello (from v1)' });
    expect(oldGreeter.greeting).toBe('Hello');
  });

  it('treats a version stored before node versions were recorded as version 1', () => {
    const loaded = loadStoredFlows([stored('a', [oldGreeter])], [greeter({ migrate: renameGreeting }), plain]);
    expect(loaded.migrated).toEqual([expect.objectContaining({ nodeId: 'g1', fromVersion: 1, toVersion: 2 })]);
  });

  it('sets aside a flow whose node has no migrate(), naming node, type and versions, and starts the others', () => {
    const loaded = loadStoredFlows([stored('a', [oldGreeter, passer], { 'acme-greet': 1 }), stored('b', [{ ...passer, z: 'b' }])], [greeter(), plain]);
    expect(loaded.runnable.map((flow) => flow.id)).toEqual(['b']);
    expect(loaded.needsAttention).toEqual([{
      flowId: 'a', version: 4,
      reasons: [{ nodeId: 'g1', type: 'acme-greet', storedVersion: 1, currentVersion: 2, message: 'deployed with acme-greet version 1; this runtime has version 2 and the node has no migrate()' }],
    }]);
  });

  it('sets aside a flow whose migrate() throws or returns an invalid config', () => {
    const throwing = loadStoredFlows([stored('a', [oldGreeter])], [greeter({ migrate: () => { throw new Error('greeting is ambiguous'); } })]);
    expect(throwing.needsAttention[0]!.reasons[0]!.message).toBe('migrating acme-greet from version 1 to 2 failed: greeting is ambiguous');
    const invalid = loadStoredFlows([stored('a', [oldGreeter])], [greeter({ migrate: (_from, config) => config })]);
    expect(invalid.needsAttention[0]!.reasons[0]!.message).toMatch(/^the config migrated from version 1 is invalid: .*salutation/);
    expect(invalid.runnable).toEqual([]);
  });

  it('sets aside flows deployed with a newer node version or a node type that is not installed', () => {
    const loaded = loadStoredFlows([stored('a', [oldGreeter], { 'acme-greet': 3 }), stored('b', [{ ...passer, type: 'acme-gone' }])], [greeter(), plain]);
    expect(loaded.needsAttention.map((flow) => flow.reasons[0]!.message)).toEqual([
      'deployed with acme-greet version 3, newer than this runtime\'s version 2',
      'node type acme-gone is not installed in this runtime',
    ]);
  });

  it('leaves flows at the current versions untouched', () => {
    const current = stored('a', [{ ...oldGreeter, greeting: undefined, salutation: 'Hi' }], { 'acme-greet': 2 });
    const loaded = loadStoredFlows([current], [greeter()]);
    expect(loaded.runnable).toEqual([current.flow]);
    expect(loaded.migrated).toEqual([]);
  });
});

describe('nodeVersionsOf', () => {
  it('records the version of every node type a flow holds, 1 when none is declared', () => {
    const catalog = new Map([greeter(), plain].map((node) => [node.type, node]));
    expect(nodeVersionsOf([{ id: 't', type: 'tab' }, oldGreeter, passer], catalog)).toEqual({ 'acme-greet': 2, 'acme-plain': 1 });
  });
});
