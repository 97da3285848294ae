// Real ledger data for the operator-screen browser tests: partner intake requests, outbound POs in the runtime's SQL store, extra users.
import pino from 'pino';
import { openSqlDatabase, type SqlDatabase } from '../../../runtime/store/sql/sql-database.js';
import { LedgerWriter } from '../../../runtime/ledger/ledger-writer.js';
import { maskSet } from '../../../runtime/ledger/payload-capture.js';
import type { LedgerDocumentInput } from '../../../nodes/sdk/index.js';
import type { RuntimeHandle } from './runtime.js';
import type { BrowserSession } from './browser.js';

export const DEMO_INTAKE = '/partners/demo-supplier/po-acks';

/** Posts a body to a partner intake with an API key and correlation id; resolves to the HTTP status. */
export async function sendToIntake(runtime: RuntimeHandle, path: string, apiKey: string, body: string, correlationId: string): Promise<number> {
  const response = await fetch(`${runtime.url}${path}`, {
    method: 'POST', body, headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'x-correlation-id': correlationId },
  });
  await response.arrayBuffer();
  return response.status;
}

/** Creates a user through the API and signs them in; resolves to the session a browser page can use. */
export async function createSession(runtime: RuntimeHandle, username: string, role: string): Promise<BrowserSession> {
  const password = `${username}-password-1`;
  await runtime.api('POST', '/api/users', { username, password, role });
  const response = await fetch(`${runtime.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const { token } = await response.json() as { token: string };
  return { token, user: { username, role } };
}

/**
 * Outbound POs are recorded by outbound nodes (850 out, ERP events) into the runtime's SQL store. The tests record them there the
 * same way, with the ledger writer on the runtime's SQLite file (both processes share it in WAL mode), as test/integration/sla-alerts does.
 */
export class RuntimeLedger {
  private constructor(private readonly database: SqlDatabase, private readonly writer: LedgerWriter) {}

  static async open(dataDir: string): Promise<RuntimeLedger> {
    const database = await openSqlDatabase({ dataDir });
    const writer = new LedgerWriter(database, { now: Date.now, logger: pino({ level: 'silent' }), payloadMaxBytes: 65_536, maskFieldsFor: () => maskSet([]), flowVersionOf: () => undefined });
    return new RuntimeLedger(database, writer);
  }

  async recordPurchaseOrder(partnerId: string, poNumber: string, payload: unknown): Promise<string> {
    const input: LedgerDocumentInput = {
      direction: 'out', channel: 'erp', documentType: 'purchaseOrder', status: 'sent', partnerId, keys: { poNumber },
      correlationId: `po-out-${poNumber}-${Math.random().toString(36).slice(2, 8)}`, raw: payload, canonical: payload,
    };
    const id = this.writer.record(input);
    await this.writer.flush();
    return id;
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.database.close();
  }
}

/** Polls outside a test (beforeAll, where expect.poll may not run) until `probe` gives a value; throws after 30 s. */
