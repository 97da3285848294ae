// Test helpers for the demo ERP: a server on a random port over a fresh data directory, and small JSON request helpers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startDemoErpServer, type DemoErpServer } from '../../nodes/erp/demo-erp/index.js';

export async function freshDataDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'tl-demo-erp-'));
}

export async function removeDataDir(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
}

/** The control token of every demo ERP these helpers start; `call(url, {control: true})` sends it. */
export const TEST_CONTROL_TOKEN = 'demo-erp-control-token-for-tests';

export async function startErp(dataDir: string): Promise<DemoErpServer> {
  return startDemoErpServer({ port: 0, host: '127.0.0.1', dataDir, controlAccess: { token: TEST_CONTROL_TOKEN } });
}

/**
 * One demo ERP for the calling test file (or describe block): started before its tests on a fresh data directory,
 * closed and removed after them; faults are reset before or after each test when asked.
 */
export function useDemoErp(options: { resetFaults?: 'before-each' | 'after-each' | 'never' } = {}): { readonly baseUrl: string } {
  let dataDir = '';
  let erp: DemoErpServer | undefined;
  beforeAll(async () => {
    dataDir = await freshDataDir();
    erp = await startErp(dataDir);
  });
  afterAll(async () => {
    await erp?.close();
    await removeDataDir(dataDir);
  });
  const reset = async () => { await call(`${erp!.baseUrl}/_faults/reset`, { method: 'POST', control: true }); };
  if (options.resetFaults === 'before-each') beforeEach(reset);
  if (options.resetFaults === 'after-each') afterEach(reset);
  return {
    get baseUrl() {
      if (!erp) throw new Error('the demo ERP is not started yet (use it inside tests or hooks)');
      return erp.baseUrl;
    },
  };
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** control: send the demo ERP control token (fault injection, PO assignment). */
export async function call(url: string, init: { method?: string; headers?: Record<string, string>; json?: unknown; text?: string; contentType?: string; control?: boolean } = {}): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...(init.control ? { authorization: `Bearer ${TEST_CONTROL_TOKEN}` } : {}), ...init.headers };
  let body: string | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.text !== undefined) {
    headers['content-type'] = init.contentType ?? 'application/json';
    body = init.text;
  }
  const response = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // XML and empty bodies stay text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

export function ackFor(poNumber: string, ackNumber: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    poNumber,
    ackNumber,
    status: 'changed',
    lines: [
      { line: 1, status: 'accepted' },
      { line: 2, status: 'changed', qty: 5, unitPrice: 0.2, promisedDate: '2026-12-20' },
    ],
    ...overrides,
  };
}
