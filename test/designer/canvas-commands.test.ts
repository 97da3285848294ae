// Unit tests of the canvas commands: Node-RED's enable/disable toggle, find across names, types and settings, and the dagre arrange.
import { describe, expect, it } from 'vitest';
import type { NodeCatalogEntry } from '../../designer/src/api/types.js';
import { arrange, findNodes, isDisabled, selectAll, toggleDisabled } from '../../designer/src/canvas/canvas-commands.js';
import { makeEdge, type TlNode } from '../../designer/src/canvas/flow-model.js';

function node(id: string, nodeType: string, x: number, y: number, config: Record<string, unknown> = {}, name = ''): TlNode {
  return { id, type: 'tl', position: { x, y }, data: { nodeType, name, config } };
}

const catalog = new Map([['tl-intake', { type: 'tl-intake', label: 'partner intake' } as NodeCatalogEntry]]);

describe('selectAll', () => {
  it('selects every node and leaves already selected ones as they are', () => {
    const already = { ...node('a', 'change', 0, 0), selected: true };
    const result = selectAll([already, node('b', 'change', 0, 0)]);
    expect(result.map((n) => n.selected)).toEqual([true, true]);
    expect(result[0]).toBe(already);
  });
});

describe('toggleDisabled', () => {
  it('disables a mixed selection, then enables it again without leaving d: false behind', () => {
    const nodes = [node('a', 'change', 0, 0), node('b', 'change', 0, 0, { d: true, rules: [] }), node('c', 'change', 0, 0)];
    const chosen = new Set(['a', 'b']);
    const disabled = toggleDisabled(nodes, chosen);
    expect(disabled.map(isDisabled)).toEqual([true, true, false]);
    const enabled = toggleDisabled(disabled, chosen);
    expect(enabled.map(isDisabled)).toEqual([false, false, false]);
    expect(enabled[1]!.data.config).toEqual({ rules: [] });
    expect('d' in enabled[0]!.data.config).toBe(false);
    expect(enabled[2]).toBe(nodes[2]);
  });
});

describe('findNodes', () => {
  const nodes = [
    node('late', 'http in', 300, 200, { url: '/partners/acme/orders', method: 'post' }, 'Orders in'),
    node('early', 'tl-intake', 500, 40, { documentType: 'po-ack' }),
    node('other', 'change', 100, 40, { rules: [] }, 'Mark seen'),
  ];

  it('matches names, types, palette labels and string settings, case-insensitively, in reading order', () => {
    expect(findNodes(nodes, 'ORDERS', catalog).map((n) => n.id)).toEqual(['late']);
    expect(findNodes(nodes, 'acme', catalog).map((n) => n.id)).toEqual(['late']);
    expect(findNodes(nodes, 'partner', catalog).map((n) => n.id)).toEqual(['early', 'late']);
    expect(findNodes(nodes, 'change', catalog).map((n) => n.id)).toEqual(['other']);
  });

  it('needs every word to match, and finds nothing for an empty query', () => {
    expect(findNodes(nodes, 'orders post', catalog).map((n) => n.id)).toEqual(['late']);
    expect(findNodes(nodes, 'orders ack', catalog)).toEqual([]);
    expect(findNodes(nodes, '   ', catalog)).toEqual([]);
  });
});

describe('arrange', () => {
  // A chain in reverse screen order and a branch, all piled on one spot.
  const nodes = [node('c', 'x', 500, 500), node('b', 'x', 500, 500), node('a', 'x', 500, 500), node('d', 'x', 500, 500)];
  const edges = [makeEdge('a', 0, 'b'), makeEdge('b', 0, 'c'), makeEdge('a', 0, 'd')];
  const laid = new Map(arrange(nodes, edges).map((n) => [n.id, n.position]));

  it('lays wires left to right: every target sits right of its source', () => {
    for (const edge of edges) expect(laid.get(edge.target)!.x).toBeGreaterThan(laid.get(edge.source)!.x);
  });

  it('leaves no two nodes overlapping', () => {
    const boxes = [...laid.values()];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const apart = Math.abs(boxes[i]!.x - boxes[j]!.x) >= 170 || Math.abs(boxes[i]!.y - boxes[j]!.y) >= 44;
        expect(apart, `${JSON.stringify(boxes[i])} vs ${JSON.stringify(boxes[j])}`).toBe(true);
      }
    }
  });

  it('keeps the flow where it was: the top-left corner stays at the old top-left', () => {
    expect(Math.min(...[...laid.values()].map((p) => p.x))).toBe(500);
    expect(Math.min(...[...laid.values()].map((p) => p.y))).toBe(500);
  });
});

describe('arrange of a selection', () => {
  it('lays out only the selected nodes when two or more are selected, leaving the rest where they are', () => {
    const nodes = [{ ...node('b', 'x', 300, 300), selected: true }, { ...node('a', 'x', 300, 300), selected: true }, node('far', 'x', 2000, 40)];
    const result = new Map(arrange(nodes, [makeEdge('a', 0, 'b'), makeEdge('b', 0, 'far')]).map((n) => [n.id, n.position]));
    expect(result.get('far')).toEqual({ x: 2000, y: 40 });
    expect(result.get('b')!.x).toBeGreaterThan(result.get('a')!.x);
    expect(Math.min(result.get('a')!.x, result.get('b')!.x)).toBe(300);
  });
});

