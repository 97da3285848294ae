// The template dry run decides what to stub from each descriptor's sideEffects, not from a list of node types.
import { describe, expect, it } from 'vitest';
import { defineNode, type AnyNodeDescriptor } from '../../nodes/sdk/index.js';
import { builtInNodes } from '../../nodes/catalog.js';
import { toDryRunFlow } from '../../runtime/templates/dry-run-flow.js';
import type { FlowDocument, FlowNode } from '../../runtime/engine/flow-types.js';

function customNode(type: string, sideEffects: 'none' | 'external'): AnyNodeDescriptor {
  return defineNode({
    type, category: 'custom', label: `${type} label`, summary: 'A custom node.', inputs: 1, sideEffects, outputs: [{ label: 'out' }],
    configSchema: { type: 'object', properties: {} }, docs: 'Custom.', origin: 'tradelane', create: () => ({}),
  });
}

function flowOf(types: string[]): FlowDocument {
  const nodes: FlowNode[] = [{ id: 'entry', type: 'tl-intake', z: 't', x: 0, y: 0, wires: [['n0']] }];
  types.forEach((type, index) => nodes.push({ id: `n${index}`, type, z: 't', x: 100 * (index + 1), y: 0, wires: [[`n${index + 1}`]] }));
  return { id: 't', label: 'flow', nodes: [{ id: 't', type: 'tab', label: 'flow' }, ...nodes] };
}

function dryRun(types: string[], catalog: readonly AnyNodeDescriptor[] = builtInNodes) {
  const dry = toDryRunFlow(flowOf(types), 'entry', (id) => id, catalog);
  return types.map((_type, index) => ({ hop: dry.hops.get(`n${index}`)!, node: dry.flow.nodes.find((node) => node.id === `n${index}`)! }));
}

describe('dry run stubs by sideEffects', () => {
  it('stubs every built-in node declared external (SFTP out, ERP post, webhook, file, http request) and runs the rest', () => {
    const [sftpOut, erpPost, webhook, file, httpRequest, transform, erpQuery] = dryRun(['tl-sftp-out', 'tl-erp-post', 'tl-webhook', 'file', 'http request', 'tl-transform', 'tl-erp-query']);
    for (const stubbed of [sftpOut, erpPost, webhook, file, httpRequest]) {
      expect(stubbed!.hop.treatment, stubbed!.hop.type).toBe('stubbed');
      expect(stubbed!.node).toMatchObject({ type: 'change', rules: [{ p: 'dryRunStub', to: stubbed!.hop.type }] });
    }
    expect(sftpOut!.hop.note).toBe('sftp out not run: it reaches outside the runtime; the input shows what it would have sent');
    expect(erpPost!.hop.note).toContain('ERP post not sent');
    expect(transform!.hop.treatment).toBe('ran');
    expect(transform!.node.type).toBe('tl-transform');
    expect(erpQuery!.hop.treatment).toBe('ran');
  });

  it('stubs a custom node that declares external effects and runs one that declares none, with no list to edit', () => {
    const catalog = [...builtInNodes, customNode('acme-ftp-push', 'external'), customNode('acme-enrich', 'none')];
    const [push, enrich] = dryRun(['acme-ftp-push', 'acme-enrich'], catalog);
    expect(push!.hop).toMatchObject({ treatment: 'stubbed', note: 'acme-ftp-push label not run: it reaches outside the runtime; the input shows what it would have sent' });
    expect(push!.node.wires).toEqual([['n1']]);
    expect(enrich!.hop.treatment).toBe('ran');
    expect(enrich!.node.type).toBe('acme-enrich');
  });

  it('stubs a node type the catalog does not know, and runs respond nodes against the captured answer', () => {
    const [unknown, respond] = dryRun(['acme-missing', 'tl-respond']);
    expect(unknown!.hop).toMatchObject({ treatment: 'stubbed', note: expect.stringContaining('unknown node type') });
    expect(respond!.hop.treatment).toBe('ran');
    expect(respond!.node.type).toBe('tl-respond');
  });
});
