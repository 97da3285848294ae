// Helpers for the domain integration tests: partners through the API, flow deploys, signed partner requests, a webhook receiver.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { signRequest, verifyV2Signature } from '../../nodes/supplier-portal/index.js';
import type { RuntimeProcess } from '../support/runtime-process.js';

export interface CreatedPartner {
  partner: { id: string; authMethod: string };
  credentials: { apiKey?: string; hmacSecret?: string; webhookSecret?: string };
}

export async function createPartner(runtime: RuntimeProcess, token: string, body: Record<string, unknown>): Promise<CreatedPartner> {
  const created = await runtime.api<CreatedPartner>('POST', '/api/partners', body, token);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

/** Deploys one flow (tab + nodes) through PUT /api/flows/:id and fails the test with the API's problems if refused. */
export async function deployFlow(runtime: RuntimeProcess, token: string, flowId: string, nodes: Array<Record<string, unknown>>): Promise<void> {
  const flow = [{ id: flowId, type: 'tab', label: flowId }, ...nodes.map((node, index) => ({ x: 100 + 200 * (index % 5), y: 100 + 80 * Math.floor(index / 5), wires: [], ...node, z: flowId }))];
  const deployed = await runtime.api('PUT', `/api/flows/${flowId}`, { flow, message: 'domain test' }, token);
  expect(deployed.status, JSON.stringify(deployed.body)).toBeLessThan(300);
}

export interface PartnerCall {
  status: number;
  body: { error?: string; details?: Array<Record<string, unknown>>; correlationId?: string; [key: string]: unknown };
}

export async function postToPartner(runtime: RuntimeProcess, path: string, body: string, headers: Record<string, string>): Promise<PartnerCall> {
  const response = await fetch(`${runtime.url}${path}`, { method: 'POST', headers, body });
  const text = await response.text();
  let parsed: PartnerCall['body'];
  try { parsed = text ? JSON.parse(text) as PartnerCall['body'] : {}; } catch { parsed = { error: text }; }
  return { status: response.status, body: parsed };
}

/** v2-signed headers for a POST to path; each call gets its own X-Correlation-Id, so two calls are two requests, not a replay. */
export function hmacHeaders(secret: string, path: string, body: string, timestamp = Math.floor(Date.now() / 1000), contentType = 'application/json'): Record<string, string> {
  const correlationId = randomUUID();
  const signature = signRequest(secret, { timestamp: String(timestamp), method: 'POST', path, correlationId, body });
  return { 'content-type': contentType, 'x-correlation-id': correlationId, 'x-tradelane-timestamp': String(timestamp), 'x-tradelane-signature': signature };
}

/** What a partner does with our webhook: verify the v2 signature over method, path, key headers and body. */
export function webhookVerifies(secret: string, delivery: { path: string; headers: http.IncomingHttpHeaders; body: string }): boolean {
  const header = (name: string) => delivery.headers[name] as string | undefined;
  return verifyV2Signature(secret, {
    timestamp: header('x-tradelane-timestamp') ?? '', method: 'POST', path: delivery.path.split('?')[0]!,
    idempotencyKey: header('idempotency-key'), correlationId: header('x-correlation-id'), body: delivery.body,
  }, header('x-tradelane-signature') ?? '');
}

export interface ReceivedWebhook {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local partner endpoint that records every webhook it gets and answers 200. */
export async function startWebhookReceiver(): Promise<{ url: string; received: ReceivedWebhook[]; close(): Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body });
      response.statusCode = 200;
      response.end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
