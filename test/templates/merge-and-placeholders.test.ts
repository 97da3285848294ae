// Pure parts of templates: typed placeholder substitution and the three-way merge of upgrades.
import { describe, expect, it } from 'vitest';
import type { FlowNode } from '../../runtime/engine/flow-types.js';
import { mergeFlows } from '../../runtime/templates/flow-merge.js';
import { collectReferences, substitute } from '../../runtime/templates/placeholders.js';

const context = (params: Record<string, unknown>) => ({ param: (name: string) => params[name], node: (local: string) => `flow.${local}` });

describe('placeholders', () => {
  it('keeps the parameter type for $param, gives text for {{param.x}}, drops missing optionals and rewrites node references', () => {
    const template = { count: { $param: 'n' }, flag: { $param: 'b' }, label: 'every {{param.n}} s for {{param.who}}', gone: { $param: 'missing' }, fallback: { $param: 'missing', default: 7 }, target: { $node: 'x' }, list: [{ $param: 'missing' }, 1] };
    expect(substitute(template, context({ n: 30, b: false, who: 'acme' }))).toEqual({ count: 30, flag: false, label: 'every 30 s for acme', fallback: 7, target: 'flow.x', list: [1] });
  });

  it('finds every reference with its location, and malformed placeholder objects', () => {
    expect(collectReferences({ a: [{ $param: 'x' }], b: 'see {{param.y.z}} and {{node.n1}}', c: { $param: 'x', extra: 1 } })).toEqual([
      { path: '$.a[0]', kind: 'param', name: 'x' },
      { path: '$.b', kind: 'param', name: 'y.z' },
      { path: '$.b', kind: 'node', name: 'n1' },
      { path: '$.c', kind: 'malformed', name: '{"$param":"x","extra":1}' },
    ]);
  });
});

describe('three-way merge', () => {
  const n = (id: string, extra: Record<string, unknown> = {}): FlowNode => ({ id, type: 'change', x: 1, y: 1, wires: [], ...extra });

  it('takes template changes, keeps local edits and reports both-changed properties', () => {
    const base = [n('a', { name: 'A' }), n('b', { rules: 1 }), n('c', { name: 'C' })];
    const local = [n('a', { name: 'A local' }), n('b', { rules: 2 }), n('c', { name: 'C' }), n('mine')];
    const theirs = [n('a', { name: 'A' }), n('b', { rules: 3 }), n('c', { name: 'C v2' }), n('new')];
    const result = mergeFlows(base, local, theirs);
    expect(result.nodes.map((node) => [node.id, node.name ?? node.rules])).toEqual([['a', 'A local'], ['b', 2], ['c', 'C v2'], ['mine', undefined], ['new', undefined]]);
    expect(result.conflicts).toEqual([{ nodeId: 'b', property: 'rules', kind: 'both-changed', base: 1, local: 2, theirs: 3 }]);
    const resolved = mergeFlows(base, local, theirs, [{ nodeId: 'b', property: 'rules', choose: 'theirs' }]);
    expect(resolved.conflicts).toEqual([]);
    expect(resolved.nodes.find((node) => node.id === 'b')!.rules).toBe(3);
  });

  it('removes nodes the template dropped unless edited locally, and drops wires to removed nodes', () => {
    const base = [n('a', { wires: [['gone', 'kept']] }), n('gone'), n('kept', { name: 'K' })];
    const local = [n('a', { wires: [['gone', 'kept']] }), n('gone'), n('kept', { name: 'K edited' })];
    const theirs = [n('a', { wires: [['gone', 'kept']] })];
    const result = mergeFlows(base, local, theirs);
    expect(result.conflicts).toEqual([expect.objectContaining({ nodeId: 'kept', property: '*', kind: 'removed-by-template' })]);
    expect(result.nodes.map((node) => node.id)).toEqual(['a', 'kept']);
    expect(result.nodes[0]!.wires).toEqual([['kept']]);
    expect(result.droppedWires).toEqual([{ nodeId: 'a', target: 'gone' }]);
  });

  it('lets the partner layout win when both moved a node', () => {
    const result = mergeFlows([n('a')], [n('a', { x: 50 })], [n('a', { x: 90 })]);
    expect(result.conflicts).toEqual([]);
    expect(result.nodes[0]!.x).toBe(50);
  });
});
