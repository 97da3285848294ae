// Splitting a Node-RED export into flows: one per tab with label and disabled state, config nodes go with their user, nothing flattened.
import { describe, expect, it } from 'vitest';
import { splitExport } from '../../runtime/engine/flow-import.js';
import type { FlowNode } from '../../runtime/engine/flow-types.js';
import { linkTargetFindings } from '../../runtime/engine/link-target-checks.js';

const tab = (id: string, extra: Partial<FlowNode> = {}): FlowNode => ({ id, type: 'tab', label: `Tab ${id}`, ...extra });
const node = (id: string, z: string | undefined, extra: Partial<FlowNode> = {}): FlowNode => ({ id, type: 'debug', ...(z ? { z } : {}), x: 1, y: 1, wires: [], ...extra });

describe('splitExport', () => {
  it('keeps an export of one tab or none as one flow', () => {
    const tabless = splitExport([node('a', undefined), node('b', undefined)], 'fallback');
    expect(tabless.flows.map((flow) => [flow.id, flow.label, flow.nodes.map((n) => `${n.id}@${n.z ?? ''}`)])).toEqual([['fallback', 'Untitled flow', ['fallback@', 'a@fallback', 'b@fallback']]]);
    const oneTab = splitExport([tab('t'), node('a', 't')], 'fallback');
    expect(oneTab.flows.map((flow) => flow.id)).toEqual(['t']);
  });

  it('makes one flow per tab, in export order, each with its own nodes, label and disabled flag', () => {
    const { flows, problems } = splitExport([tab('one'), tab('two', { disabled: true, info: 'old' }), node('a', 'one'), node('b', 'two'), node('c', 'one', { d: true })], 'unused');
    expect(problems).toEqual([]);
    expect(flows.map((flow) => ({ id: flow.id, label: flow.label, ids: flow.nodes.map((n) => n.id) }))).toEqual([
      { id: 'one', label: 'Tab one', ids: ['one', 'a', 'c'] },
      { id: 'two', label: 'Tab two', ids: ['two', 'b'] },
    ]);
    expect(flows[1]!.nodes[0]).toMatchObject({ type: 'tab', disabled: true, info: 'old' });
    expect(flows[0]!.nodes.find((n) => n.id === 'c')).toMatchObject({ d: true, z: 'one' });
  });

  it('puts a config node (no z) with the tab whose nodes use it, or the first tab when none does', () => {
    const broker = { id: 'broker', type: 'tl-config' };
    const spare = { id: 'spare', type: 'tl-config' };
    const { flows, problems } = splitExport([tab('one'), tab('two'), broker, spare, node('a', 'one'), node('b', 'two', { server: 'broker' })], 'unused');
    expect(problems).toEqual([]);
    expect(flows.map((flow) => flow.nodes.map((n) => n.id))).toEqual([['one', 'a', 'spare'], ['two', 'b', 'broker']]);
  });

  it('refuses a config node that nodes of several tabs use, naming both tabs', () => {
    const shared = { id: 'shared', type: 'tl-config' };
    const { problems } = splitExport([tab('one'), tab('two'), shared, node('a', 'one', { server: 'shared' }), node('b', 'two', { servers: ['shared'] })], 'unused');
    expect(problems).toEqual([{ nodeId: 'shared', path: '$.z', message: 'tl-config node "shared" is used by tabs "Tab one" and "Tab two"; every tab becomes its own flow, so give each tab its own copy' }]);
  });
});

describe('linkTargetFindings', () => {
  const flow = (id: string, nodes: FlowNode[]) => ({ id, label: id, nodes: [tab(id), ...nodes] });
  const linkOut = (links: unknown[], extra: Partial<FlowNode> = {}) => node('out', 'f', { type: 'link out', mode: 'link', links, ...extra });

  it('finds targets in the flow itself and in the other flows', () => {
    const here = flow('f', [linkOut(['in-here', 'in-there']), node('in-here', 'f', { type: 'link in' })]);
    expect(linkTargetFindings(here, [flow('g', [node('in-there', 'g', { type: 'link in' })])])).toEqual({ problems: [], warnings: [] });
  });

  it('is an error when no target exists, a warning for a stale target beside a real one', () => {
    const none = linkTargetFindings(flow('f', [linkOut(['gone'])]), []);
    expect(none.problems).toEqual([{ nodeId: 'out', path: '$.links[0]', message: expect.stringContaining('"gone"') }]);
    const stale = linkTargetFindings(flow('f', [linkOut(['in', 'gone']), node('in', 'f', { type: 'link in' })]), []);
    expect(stale).toEqual({ problems: [], warnings: [{ nodeId: 'out', path: '$.links[1]', message: expect.stringContaining('"gone"') }] });
  });

  it('ignores the deployed copy of the flow being checked, return-mode link outs and dynamic link calls', () => {
    const deployedSelf = flow('f', [node('in-old', 'f', { type: 'link in' })]);
    expect(linkTargetFindings(flow('f', [linkOut(['in-old'])]), [deployedSelf]).problems).toHaveLength(1);
    expect(linkTargetFindings(flow('f', [linkOut(['x'], { mode: 'return' })]), []).problems).toEqual([]);
    expect(linkTargetFindings(flow('f', [node('call', 'f', { type: 'link call', linkType: 'dynamic', links: ['x'] })]), []).problems).toEqual([]);
    expect(linkTargetFindings(flow('f', [node('call', 'f', { type: 'link call', linkType: 'static', links: ['x'] })]), []).problems).toHaveLength(1);
  });
});
