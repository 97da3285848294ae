// The limit for P1: bare express + undici Pool doing the same API-key check, ajv validation, JSONata rule and mapping as our flow.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import express from 'express';
import jsonata from 'jsonata';
import { Pool } from 'undici';
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as addFormatsModule from 'ajv-formats';
import { ACK_RULE, ACK_SCHEMA, ERP_MAPPING, ERP_PATH_PREFIX } from '../fixtures/ack-document.js';

// ajv-formats ships CommonJS with a default export; under NodeNext the callable sits on .default.
const addFormats = addFormatsModule.default as unknown as (ajv: Ajv2020) => Ajv2020;

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, erp: { type: 'string' }, 'api-key': { type: 'string' }, connections: { type: 'string', default: '16' } } });
if (!values.erp || !values['api-key']) throw new Error('usage: bare-relay --erp URL --api-key KEY [--port N]');

const PARTNER_ID = 'demo-supplier';
const expectedKeyHash = createHash('sha256').update(values['api-key']).digest();
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(ACK_SCHEMA);
const rule = jsonata(ACK_RULE.expression);
const mapping = jsonata(ERP_MAPPING);
const erp = new URL(values.erp);
const pool = new Pool(erp.origin, { connections: Number(values.connections), keepAliveTimeout: 30_000 });

function keyIsValid(key: string | undefined): boolean {
  if (!key) return false;
  return timingSafeEqual(expectedKeyHash, createHash('sha256').update(key).digest());
}

const app = express();
app.disable('x-powered-by');
app.post('/partners/demo-supplier/bench-acks', express.json({ limit: '1mb' }), async (req, res) => {
  const header = req.headers['x-correlation-id'];
  const correlationId = typeof header === 'string' && header ? header.slice(0, 128) : randomUUID();
  res.setHeader('X-Correlation-Id', correlationId);
  if (!keyIsValid(req.get('x-api-key'))) {
    res.status(401).json({ error: 'unauthorized', details: [], correlationId });
    return;
  }
  const payload = req.body as { poNumber: string; ackNumber: string };
  if (!validate(payload)) {
    res.status(422).json({ error: 'acknowledgement is invalid', details: validate.errors, correlationId });
    return;
  }
  try {
    if (!(await rule.evaluate(payload))) {
      res.status(422).json({ error: 'acknowledgement is invalid', details: [{ path: ACK_RULE.path, message: ACK_RULE.message }], correlationId });
      return;
    }
    const mapped = await mapping.evaluate({ payload, partnerId: PARTNER_ID, correlationId });
    const response = await pool.request({
      method: 'POST',
      path: `${erp.pathname.replace(/\/+$/, '')}${ERP_PATH_PREFIX}${encodeURIComponent(payload.poNumber)}/acknowledgements`,
      headers: { 'content-type': 'application/json', 'idempotency-key': `${PARTNER_ID}:${payload.poNumber}:${payload.ackNumber}`, 'x-correlation-id': correlationId },
      body: JSON.stringify(mapped),
    });
    const answer = (await response.body.json()) as { erpReference?: string };
    if (response.statusCode >= 400) {
      res.status(response.statusCode >= 500 ? 503 : 422).json({ error: 'the ERP refused the acknowledgement', details: [], correlationId });
      return;
    }
    res.status(200).json({ status: 'applied', erpReference: answer.erpReference, poNumber: payload.poNumber, correlationId });
  } catch (error) {
    res.status(503).json({ error: 'the ERP is unavailable, try again later', details: [{ path: '$', message: (error as Error).message }], correlationId });
  }
});

const server = app.listen(Number(values.port), '127.0.0.1', () => {
  process.stdout.write(`bare relay listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
server.keepAliveTimeout = 60_000;
process.on('SIGTERM', () => { void pool.close(); server.close(() => process.exit(0)); });
