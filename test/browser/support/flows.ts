// Flow fixtures for browser tests: a small HTTP flow and a generated large flow, as Node-RED JSON.
export interface FlowNode {
  id: string;
  type: string;
  [key: string]: unknown;
}

/** http in -> change -> http response on POST /hooks/<flowId>/partners/<slug>/orders (core http in routes live under their flow). */
export function httpFlow(flowId: string, slug: string, label = 'Browser test flow'): FlowNode[] {
  return [
    { id: flowId, type: 'tab', label },
    { id: `${flowId}-in`, type: 'http in', z: flowId, x: 120, y: 120, name: 'Orders in', url: `/partners/${slug}/orders`, method: 'post', upload: false, wires: [[`${flowId}-mark`]] },
    { id: `${flowId}-mark`, type: 'change', z: flowId, x: 380, y: 120, name: 'Mark seen',
      rules: [{ t: 'set', p: 'payload.seen', pt: 'msg', to: 'true', tot: 'bool' }], wires: [[`${flowId}-out`]] },
    { id: `${flowId}-out`, type: 'http response', z: flowId, x: 640, y: 120, name: 'Reply', statusCode: '', headers: {}, wires: [] },
  ];
}

/** A grid of `count` change nodes wired in chains of 25. */
export function largeFlow(flowId: string, count: number): FlowNode[] {
  const nodes: FlowNode[] = [{ id: flowId, type: 'tab', label: `Generated ${count} nodes` }];
  const perRow = 25;
  for (let i = 0; i < count; i++) {
    const next = (i + 1) % perRow === 0 || i + 1 >= count ? [] : [`${flowId}-${i + 1}`];
    nodes.push({
      id: `${flowId}-${i}`, type: 'change', z: flowId, x: 100 + (i % perRow) * 220, y: 80 + Math.floor(i / perRow) * 90,
      name: `step ${i}`, rules: [{ t: 'set', p: `payload.s${i}`, pt: 'msg', to: 'true', tot: 'bool' }], wires: [next],
    });
  }
  return nodes;
}

/**
 * Posts a message to a partner endpoint. Retries while the route is not there yet (a deploy's HTTP routes appear
 * a moment after the API answers) and does not wait long for the answer itself.
 */
export async function postMessage(url: string, body: unknown, correlationId?: string): Promise<number | null> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(correlationId ? { 'x-correlation-id': correlationId } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
      });
      if (response.status === 404 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      return response.status;
    } catch {
      return null;
    }
  }
}
