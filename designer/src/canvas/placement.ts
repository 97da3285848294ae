// Where new nodes go and how a flow first appears: pure geometry (flow coordinates), kept apart from React so it is unit tested.

export interface Point { x: number; y: number }
export interface Size { width: number; height: number }
export interface Rect extends Point, Size {}
export interface Viewport { x: number; y: number; zoom: number }

/** Size assumed for a node that has not been measured yet (a fresh one, or one React Flow has not rendered). */
export const DEFAULT_NODE_SIZE: Size = { width: 170, height: 44 };
/** How far a pasted group or a keyboard-added node steps from a taken spot (Node-RED uses a similar diagonal). */
export const PLACEMENT_STEP: Point = { x: 40, y: 40 };
const MAX_TRIES = 200;
/** Two nodes whose top-left corners are this close look stacked. */
const SAME_SPOT = 10;

/** A canvas node's rect: its measured size, or the default for one not measured yet. */
export function rectOfNode(node: { position: Point; measured?: { width?: number; height?: number } }): Rect {
  return { ...node.position, width: node.measured?.width ?? DEFAULT_NODE_SIZE.width, height: node.measured?.height ?? DEFAULT_NODE_SIZE.height };
}

/** The top-left position that puts a node's centre on `point` (a drop lands under the cursor). */
export function centredOn(point: Point, size: Size = DEFAULT_NODE_SIZE): Point {
  return { x: Math.round(point.x - size.width / 2), y: Math.round(point.y - size.height / 2) };
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The first spot from `start`, stepping diagonally, where a node of `size` overlaps none of `occupied`. */
export function freeSpot(start: Point, occupied: readonly Rect[], size: Size = DEFAULT_NODE_SIZE, step: Point = PLACEMENT_STEP): Point {
  for (let i = 0; i < MAX_TRIES; i++) {
    const candidate = { x: start.x + i * step.x, y: start.y + i * step.y };
    if (!occupied.some((rect) => overlaps({ ...candidate, ...size }, rect))) return candidate;
  }
  return { x: start.x + MAX_TRIES * step.x, y: start.y + MAX_TRIES * step.y };
}

/**
 * The offset for pasting nodes copied from `incoming` positions: one step past the copied spot, and further while any
 * pasted node would land on a node already there (so pasting twice never stacks the copies on each other).
 */
export function pasteOffset(incoming: readonly Point[], existing: readonly Point[], step: Point = PLACEMENT_STEP): Point {
  const taken = (p: Point) => existing.some((e) => Math.abs(e.x - p.x) < SAME_SPOT && Math.abs(e.y - p.y) < SAME_SPOT);
  for (let k = 1; k <= MAX_TRIES; k++) {
    const offset = { x: k * step.x, y: k * step.y };
    if (!incoming.some((p) => taken({ x: p.x + offset.x, y: p.y + offset.y }))) return offset;
  }
  return { x: MAX_TRIES * step.x, y: MAX_TRIES * step.y };
}

/** The box around all rects (null for none). */
export function boundsOf(rects: readonly Rect[]): Rect | null {
  if (!rects.length) return null;
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
}

export interface OpeningLimits {
  minZoom: number;
  maxZoom: number;
  /** Screen pixels kept free around the flow. */
  padding: number;
}

/** Readable first view: fit the flow when that zoom is readable; smaller fits start at `minZoom`. */
export const OPENING_LIMITS: OpeningLimits = { minZoom: 0.75, maxZoom: 1.2, padding: 40 };

/**
 * The viewport a flow opens at. The zoom that fits the whole flow, clamped to [minZoom, maxZoom]. When the flow fits
 * it is centred; when it is too big to fit readably, the view starts at its top-left corner (where flows begin) and
 * the user pans from there, as in Node-RED.
 */
export function openingViewport(bounds: Rect, screen: Size, limits: OpeningLimits = OPENING_LIMITS): Viewport {
  const room = { width: Math.max(1, screen.width - 2 * limits.padding), height: Math.max(1, screen.height - 2 * limits.padding) };
  const fit = Math.min(room.width / Math.max(1, bounds.width), room.height / Math.max(1, bounds.height));
  const zoom = Math.min(limits.maxZoom, Math.max(limits.minZoom, fit));
  const axis = (start: number, length: number, screenLength: number, roomLength: number) =>
    length * zoom <= roomLength ? (screenLength - length * zoom) / 2 - start * zoom : limits.padding - start * zoom;
  return {
    x: axis(bounds.x, bounds.width, screen.width, room.width),
    y: axis(bounds.y, bounds.height, screen.height, room.height),
    zoom,
  };
}
