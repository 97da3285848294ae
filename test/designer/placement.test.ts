// Unit tests of the designer's placement geometry: drops under the cursor, free spots, paste offsets, the opening view.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NODE_SIZE, OPENING_LIMITS, boundsOf, centredOn, freeSpot, openingViewport, pasteOffset, type Rect,
} from '../../designer/src/canvas/placement.js';

const node = (x: number, y: number): Rect => ({ x, y, ...DEFAULT_NODE_SIZE });

describe('centredOn', () => {
  it('puts the node centre on the point', () => {
    expect(centredOn({ x: 500, y: 300 }, { width: 100, height: 40 })).toEqual({ x: 450, y: 280 });
  });
});

describe('freeSpot', () => {
  it('keeps the start when nothing is there', () => {
    expect(freeSpot({ x: 10, y: 10 }, [node(400, 400)])).toEqual({ x: 10, y: 10 });
  });

  it('steps past every node it would overlap, so two additions at the centre never stack', () => {
    const first = freeSpot({ x: 0, y: 0 }, []);
    const second = freeSpot({ x: 0, y: 0 }, [node(first.x, first.y)]);
    const third = freeSpot({ x: 0, y: 0 }, [node(first.x, first.y), node(second.x, second.y)]);
    expect(second).not.toEqual(first);
    expect(third).not.toEqual(second);
    for (const [a, b] of [[first, second], [second, third], [first, third]] as const) {
      const overlapX = Math.abs(a.x - b.x) < DEFAULT_NODE_SIZE.width;
      const overlapY = Math.abs(a.y - b.y) < DEFAULT_NODE_SIZE.height;
      expect(overlapX && overlapY).toBe(false);
    }
  });
});

describe('pasteOffset', () => {
  it('offsets one step from the copied nodes when that spot is free', () => {
    expect(pasteOffset([{ x: 100, y: 100 }], [{ x: 100, y: 100 }])).toEqual({ x: 40, y: 40 });
  });

  it('moves a second paste further instead of onto the first copy', () => {
    const originals = [{ x: 100, y: 100 }, { x: 300, y: 100 }];
    const first = pasteOffset(originals, originals);
    const afterFirst = [...originals, ...originals.map((p) => ({ x: p.x + first.x, y: p.y + first.y }))];
    const second = pasteOffset(originals, afterFirst);
    expect(second).toEqual({ x: 80, y: 80 });
  });
});

describe('boundsOf', () => {
  it('spans every rect', () => {
    expect(boundsOf([{ x: 10, y: 20, width: 100, height: 40 }, { x: 200, y: -5, width: 50, height: 10 }])).toEqual({ x: 10, y: -5, width: 240, height: 65 });
    expect(boundsOf([])).toBeNull();
  });
});

describe('openingViewport', () => {
  const screen = { width: 800, height: 600 };

  it('centres a small flow without zooming in past the maximum', () => {
    const view = openingViewport({ x: 0, y: 0, width: 200, height: 100 }, screen);
    expect(view.zoom).toBe(OPENING_LIMITS.maxZoom);
    expect(view.x).toBeCloseTo((800 - 200 * view.zoom) / 2);
    expect(view.y).toBeCloseTo((600 - 100 * view.zoom) / 2);
  });

  it('fits a flow that fits at a readable zoom', () => {
    const view = openingViewport({ x: 100, y: 100, width: 800, height: 400 }, screen);
    expect(view.zoom).toBeCloseTo(720 / 800);
    // Centred: the flow's middle sits at the screen's middle.
    expect(view.x + (100 + 400) * view.zoom).toBeCloseTo(400);
  });

  it('opens a wide flow at the minimum zoom at its top-left corner instead of shrinking it to fit', () => {
    const view = openingViewport({ x: 50, y: 80, width: 3000, height: 1200 }, screen);
    expect(view.zoom).toBe(OPENING_LIMITS.minZoom);
    expect(view.x).toBeCloseTo(OPENING_LIMITS.padding - 50 * view.zoom);
    expect(view.y).toBeCloseTo(OPENING_LIMITS.padding - 80 * view.zoom);
  });
});
