// Minimal mock ERP for the bench: answers every POST with 201 JSON at once and counts what it received (GET /stats).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
let received = 0;
let bytes = 0;

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received, bytes }));
    return;
  }
  if (req.method === 'POST' && req.url === '/stats/reset') {
    received = 0;
    bytes = 0;
    res.writeHead(204).end();
    return;
  }
  req.on('data', (chunk: Buffer) => { bytes += chunk.length; });
  req.on('end', () => {
    received += 1;
    const body = JSON.stringify({ erpReference: `ERP-${received}`, status: 'received' });
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const correlationId = req.headers['x-correlation-id'];
    if (typeof correlationId === 'string') headers['x-correlation-id'] = correlationId;
    res.writeHead(201, headers).end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(values.port), '127.0.0.1', () => {
  process.stdout.write(`mock ERP listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
