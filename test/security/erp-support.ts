// Helpers for the ERP security tests: acks built from the demo ERP's real PO lines, posting raw requests, reading history, dead letters and node status.
import { request as httpRequest } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { seedPurchaseOrders } from '../../nodes/erp/demo-erp/seed.js';
import type { RuntimeProcess } from '../support/runtime-process.js';

const ORDERS = seedPurchaseOrders();
export const PO_NUMBERS = ORDERS.map((order) => order.poNumber);

/** An ack that the demo ERP accepts: every line of the PO with its real SKU. */
export function realAck(poNumber: string, ackNumber: string): Record<string, unknown> {
  const order = ORDERS.find((candidate) => candidate.poNumber === poNumber);
  if (!order) throw new Error(`no seeded PO ${poNumber}`);
  return { poNumber, ackNumber, status: 'accepted', lines: order.lines.map((line) => ({ line: line.line, sku: line.sku, status: 'accepted' })) };
}

/** An ack the demo ERP always refuses with 422: line 1 named with another line's SKU. */
export function refusedAck(poNumber: string, ackNumber: string): Record<string, unknown> {
  const ack = realAck(poNumber, ackNumber) as { lines: Array<{ sku: string }> };
  ack.lines[0]!.sku = 'SKU-NOT-ON-THIS-PO';
  return ack;
}

export interface RawAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * POSTs with node:http so header values go out as given (latin-1 bytes), which fetch would refuse to send.
 * Resolves with status 0 when the connection failed.
 */
export function postRaw(url: string, path: string, body: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const target = new URL(path, url);
    const call = httpRequest(target, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, timeout: 30_000 }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { text += chunk; });
      response.on('end', () => {
        let parsed: Record<string, unknown>;
        try {
          parsed = JSON.parse(text) as Record<string, unknown>;
        } catch {
          parsed = { text };
        }
        resolve({ status: response.statusCode ?? 0, body: parsed });
      });
    });
    call.on('error', () => resolve({ status: 0, body: {} }));
    call.on('timeout', () => call.destroy());
    call.end(body);
  });
}

export function postDemoAck(runtime: RuntimeProcess, ack: unknown, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return postRaw(runtime.url, '/partners/demo-supplier/po-acks', typeof ack === 'string' ? ack : JSON.stringify(ack), { 'x-api-key': runtime.demoApiKey, ...headers });
}

export interface HistoryEntry {
  idempotencyKey: string;
  ackNumber: string | null;
  correlationId: string | null;
}

/** ackNumber -> how many times the demo ERP applied it, over every seeded PO. */
export async function appliedAcks(runtime: RuntimeProcess): Promise<Map<string, HistoryEntry[]>> {
  const applied = new Map<string, HistoryEntry[]>();
  for (const po of PO_NUMBERS) {
    const order = (await (await fetch(`${runtime.url}/demo-erp/purchase-orders/${po}`)).json()) as { history: HistoryEntry[] };
    for (const entry of order.history) applied.set(entry.ackNumber ?? '', [...(applied.get(entry.ackNumber ?? '') ?? []), entry]);
  }
  return applied;
}

export interface DeadLetterSummary {
  id: string;
  correlationId: string;
  lastError: { code: string; message: string; retryable: boolean; details?: unknown } | null;
}

export async function deadLetters(runtime: RuntimeProcess, token: string, flowId = 'demo-supplier-po-ack'): Promise<DeadLetterSummary[]> {
  const answer = await runtime.api<{ deadLetters: DeadLetterSummary[] }>('GET', `/api/deadletters?flowId=${encodeURIComponent(flowId)}&limit=9999`, undefined, token);
  if (answer.status !== 200) throw new Error(`GET /api/deadletters answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.deadLetters;
}

/** Every status the node shows (what an operator sees in the designer), recorded from the live socket. */
export async function watchNodeStatus(runtime: RuntimeProcess, token: string, nodeId: string): Promise<{ texts: string[]; close(): void }> {
  const texts: string[] = [];
  const socket: Socket = io(runtime.url, { auth: { token }, transports: ['websocket'], reconnection: true });
  socket.on('node-status', (event: { nodeId: string; status: { text?: string } }) => {
    if (event.nodeId === nodeId) texts.push(event.status?.text ?? '');
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { texts, close: () => socket.close() };
}
