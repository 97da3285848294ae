// A scripted ERP for dead-letter tests: always 503 for sku POISON, 422 for REJECT, holds requests while told to, else 201.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubErp {
  url: string;
  /** Idempotency-Key -> applied count. */
  applied: Map<string, number>;
  /** Idempotency-Key -> requests seen. */
  requests: Map<string, number>;
  hold(on: boolean): void;
  close(): Promise<void>;
}

export async function startStubErp(): Promise<StubErp> {
  const applied = new Map<string, number>();
  const requests = new Map<string, number>();
  let holding = false;
  const held: Array<() => void> = [];
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => { text += chunk.toString(); });
    request.on('end', () => {
      const key = String(request.headers['idempotency-key'] ?? '');
      requests.set(key, (requests.get(key) ?? 0) + 1);
      const body = JSON.parse(text || '{}') as { sku?: string };
      const answer = () => {
        response.setHeader('content-type', 'application/json');
        if (body.sku === 'POISON') {
          response.statusCode = 503;
          response.end(JSON.stringify({ error: 'cannot process this item right now' }));
        } else if (body.sku === 'REJECT') {
          response.statusCode = 422;
          response.end(JSON.stringify({ error: 'unknown item' }));
        } else {
          applied.set(key, (applied.get(key) ?? 0) + 1);
          response.statusCode = 201;
          response.end(JSON.stringify({ erpReference: `STUB-${applied.size}` }));
        }
      };
      if (holding) held.push(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    applied,
    requests,
    hold(on) {
      holding = on;
      if (!on) for (const answer of held.splice(0)) answer();
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** intake /partners/demo-supplier/{path} -> queue -> ERP post to the stub; dead-lettered -> dead-letter node. */
export function stubFlow(id: string, path: string, erpUrl: string, queue: Record<string, unknown>): Array<Record<string, unknown>> {
  return [
    { id, type: 'tab', label: `reliability test ${id}` },
    { id: `${id}-in`, type: 'tl-intake', z: id, x: 100, y: 100, partnerId: 'demo-supplier', path, auth: 'api-key', wires: [[`${id}-queue`]] },
    { id: `${id}-queue`, type: 'tl-queue', z: id, x: 300, y: 100, queueName: id, ...queue, wires: [[`${id}-erp`], [`${id}-dead`]] },
    {
      id: `${id}-erp`, type: 'tl-erp-post', z: id, x: 500, y: 100, baseUrl: erpUrl, method: 'POST', pathExpression: '"/acks"',
      idempotencyKeyExpression: 'payload.ackNumber', breakerThreshold: 1000, wires: [[]],
    },
    { id: `${id}-dead`, type: 'tl-dead-letter', z: id, x: 500, y: 200, replayNodeId: '', wires: [[]] },
  ];
}
