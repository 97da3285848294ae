// Helpers for the reliability integration tests: polling, posting acks to the demo flow, reading the demo ERP's history.
import type { RuntimeProcess } from '../support/runtime-process.js';

export const PURCHASE_ORDERS = Array.from({ length: 20 }, (_, index) => `PO-${1001 + index}`);

export interface AckRef {
  poNumber: string;
  ackNumber: string;
}

export function ackBody(ref: AckRef, line = 1): Record<string, unknown> {
  return { poNumber: ref.poNumber, ackNumber: ref.ackNumber, status: 'accepted', lines: [{ line, status: 'accepted' }] };
}

/** Posts one ack to the demo flow; resolves with the status, or 0 when the connection failed (e.g. the runtime was killed). */
export async function postAck(url: string, apiKey: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  try {
    const response = await fetch(`${url}/partners/demo-supplier/po-acks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey, ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** Runs tasks with at most `concurrency` in flight. */
export async function pool<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await task(items[next++]!);
  }));
}

interface HistoryEntry {
  idempotencyKey: string;
  ackNumber: string | null;
  type: string;
}

/** Idempotency key -> how many times the demo ERP applied it, over the history of PO-1001..PO-1020. */
export async function erpApplications(runtime: RuntimeProcess): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const po of PURCHASE_ORDERS) {
    const order = (await (await fetch(`${runtime.url}/demo-erp/purchase-orders/${po}`)).json()) as { history: HistoryEntry[] };
    for (const entry of order.history) counts.set(entry.idempotencyKey, (counts.get(entry.idempotencyKey) ?? 0) + 1);
  }
  return counts;
}

export function demoKey(ref: AckRef): string {
  return `demo-supplier:${ref.poNumber}:${ref.ackNumber}`;
}

/** Fault injection on the runtime's demo ERP; the control routes need an admin's token. */
export async function setFaults(runtime: RuntimeProcess, faults: Record<string, unknown>): Promise<Response> {
  const token = await runtime.login();
  return fetch(`${runtime.url}/demo-erp/_faults`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(faults) });
}
