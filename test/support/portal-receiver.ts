// A customer portal's webhook receiver on 127.0.0.1 for live tests: records every delivery and answers 503 while told to be down.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
}

export interface PortalReceiver {
  url: string;
  deliveries: Delivery[];
  /** Answer this many of the next requests with 503; Infinity keeps the portal down until set to 0. */
  failNext(count: number): void;
  /** Parsed bodies of the deliveries the portal accepted (200). */
  accepted(): Array<{ id: string; type: string; partnerId: string; data: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startPortalReceiver(): Promise<PortalReceiver> {
  const deliveries: Delivery[] = [];
  let failures = 0;
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => {
      const status = failures > 0 ? 503 : 200;
      if (failures > 0) failures -= 1;
      deliveries.push({ headers: request.headers, body, status });
      response.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{}' : '{"error":"portal down"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    deliveries,
    failNext(count) { failures = count; },
    accepted: () => deliveries.filter((delivery) => delivery.status === 200).map((delivery) => JSON.parse(delivery.body) as ReturnType<PortalReceiver['accepted']>[number]),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** The v2 signature as docs/partners.md tells the customer to compute it: timestamp, method, path, key headers, body. */
export function expectedSignature(delivery: Delivery, secret: string, path: string): string {
  const header = (name: string) => String(delivery.headers[name] ?? '');
  const canonical = `v2:${header('x-tradelane-timestamp')}\nPOST\n${path}\n${header('idempotency-key')}\n${header('x-correlation-id')}\n${delivery.body}`;
  return `v2=${createHmac('sha256', secret).update(canonical).digest('hex')}`;
}
