// The limit for P2: bare express that validates, appends each message to a log file, answers 202, and delivers from memory to the ERP.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import express from 'express';
import jsonata from 'jsonata';
import { Pool } from 'undici';
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as addFormatsModule from 'ajv-formats';
import { ACK_RULE, ACK_SCHEMA, ERP_MAPPING, ERP_PATH_PREFIX } from '../fixtures/ack-document.js';

// ajv-formats ships CommonJS with a default export; under NodeNext the callable sits on .default.
const addFormats = addFormatsModule.default as unknown as (ajv: Ajv2020) => Ajv2020;

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, erp: { type: 'string' }, 'api-key': { type: 'string' }, concurrency: { type: 'string', default: '16' } } });
if (!values.erp || !values['api-key']) throw new Error('usage: bare-queue --erp URL --api-key KEY [--port N] [--concurrency N]');

interface Entry {
  id: string;
  message: { payload: { poNumber: string; ackNumber: string }; partnerId: string; correlationId: string };
  enqueuedAt: number;
  attempts: number;
}

const PARTNER_ID = 'demo-supplier';
const concurrency = Number(values.concurrency);
const expectedKeyHash = createHash('sha256').update(values['api-key']).digest();
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(ACK_SCHEMA);
const rule = jsonata(ACK_RULE.expression);
const mapping = jsonata(ERP_MAPPING);
const erp = new URL(values.erp);
const pool = new Pool(erp.origin, { connections: concurrency, keepAliveTimeout: 30_000 });
const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-bare-queue-'));
// Same durability as nedb's appends: written to the file before the 202, no fsync per message.
const log = await open(path.join(dataDir, 'queue.log'), 'a');
const ready: Entry[] = [];
let inFlight = 0;

async function deliver(entry: Entry): Promise<void> {
  const { payload, correlationId } = entry.message;
  try {
    const mapped = await mapping.evaluate(entry.message);
    const response = await pool.request({
      method: 'POST',
      path: `${erp.pathname.replace(/\/+$/, '')}${ERP_PATH_PREFIX}${encodeURIComponent(payload.poNumber)}/acknowledgements`,
      headers: { 'content-type': 'application/json', 'idempotency-key': `${PARTNER_ID}:${payload.poNumber}:${payload.ackNumber}`, 'x-correlation-id': correlationId },
      body: JSON.stringify(mapped),
    });
    await response.body.dump();
    if (response.statusCode >= 400) throw new Error(`ERP answered ${response.statusCode}`);
    await log.write(`${JSON.stringify({ op: 'remove', id: entry.id })}\n`);
  } catch {
    entry.attempts += 1;
    setTimeout(() => { ready.push(entry); pump(); }, Math.min(30_000, 100 * 2 ** entry.attempts)).unref();
  }
}

function pump(): void {
  while (inFlight < concurrency && ready.length > 0) {
    const entry = ready.shift()!;
    inFlight += 1;
    void deliver(entry).finally(() => { inFlight -= 1; pump(); });
  }
}

const app = express();
app.disable('x-powered-by');
app.post('/partners/demo-supplier/bench-queue', express.json({ limit: '1mb' }), async (req, res) => {
  const header = req.headers['x-correlation-id'];
  const correlationId = typeof header === 'string' && header ? header.slice(0, 128) : randomUUID();
  res.setHeader('X-Correlation-Id', correlationId);
  const key = req.get('x-api-key');
  if (!key || !timingSafeEqual(expectedKeyHash, createHash('sha256').update(key).digest())) {
    res.status(401).json({ error: 'unauthorized', details: [], correlationId });
    return;
  }
  const payload = req.body as Entry['message']['payload'];
  if (!validate(payload) || !(await rule.evaluate(payload))) {
    res.status(422).json({ error: 'acknowledgement is invalid', details: validate.errors ?? [], correlationId });
    return;
  }
  const entry: Entry = { id: randomUUID(), message: { payload, partnerId: PARTNER_ID, correlationId }, enqueuedAt: Date.now(), attempts: 0 };
  await log.write(`${JSON.stringify({ op: 'add', ...entry })}\n`);
  res.status(202).json({ status: 'queued', correlationId });
  ready.push(entry);
  pump();
});

const server = app.listen(Number(values.port), '127.0.0.1', () => {
  process.stdout.write(`bare queue listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
server.keepAliveTimeout = 60_000;
process.on('SIGTERM', () => {
  void pool.close();
  server.close(() => {
    void log.close().finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
});
