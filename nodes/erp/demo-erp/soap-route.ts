// SOAP 1.1 variant of the acknowledgement endpoint (AcknowledgePurchaseOrder), answering responses or soap:Fault with located detail.
import { Router, type Response } from 'express';
import type { LocatedProblem } from '../../sdk/index.js';
import { buildSoapFault, buildSoapResponse, DEMO_ERP_SOAP_NS, parseSoapEnvelope, SoapParseError, type ParsedEnvelope } from '../soap-envelope.js';
import { checkAcknowledgement, type AcknowledgementBody } from './body-schemas.js';
import type { FaultInjector } from './faults.js';
import type { DemoErpLedger } from './ledger.js';
import { planAcknowledgement } from './operations.js';
import { runUpdate } from './update-handling.js';

export const SOAP_OPERATION = 'AcknowledgePurchaseOrder';

const FAULT_CODES: Record<number, string> = { 400: 'INVALID_REQUEST', 403: 'NOT_YOUR_PURCHASE_ORDER', 404: 'PO_NOT_FOUND', 422: 'BUSINESS_RULE_VIOLATION', 503: 'SERVICE_UNAVAILABLE' };

function sendFault(response: Response, side: 'Client' | 'Server', faultstring: string, code: string, problems: LocatedProblem[]): void {
  const detail = { ErpFault: { '@_xmlns': DEMO_ERP_SOAP_NS, code, problem: problems.map((p) => ({ path: p.path, message: p.message })) } };
  // SOAP 1.1 answers every fault with HTTP 500; faultcode tells a client error from a server error.
  response.status(500).type('text/xml; charset=utf-8').send(buildSoapFault({ faultcode: `soap:${side}`, faultstring, detail }));
}

/** Numbers arrive as text in XML; convert what the contract types as numbers, leave anything unparsable for the schema to report. */
function numeric(value: unknown): unknown {
  if (typeof value !== 'string' || value.trim() === '') return value;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : value;
}

function toAcknowledgement(content: unknown): unknown {
  if (content === null || typeof content !== 'object') return content;
  const source = content as Record<string, unknown>;
  const lines = Array.isArray(source.lines) ? source.lines : [];
  return {
    ...source,
    lines: lines.map((line: unknown) => {
      if (line === null || typeof line !== 'object') return line;
      const entry = { ...(line as Record<string, unknown>) };
      for (const field of ['line', 'qty', 'unitPrice']) if (field in entry) entry[field] = numeric(entry[field]);
      return entry;
    }),
  };
}

function headerValue(envelope: ParsedEnvelope, name: string): string | undefined {
  const value = envelope.header[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

export function createSoapRoute(ledger: DemoErpLedger, faults: FaultInjector): Router {
  const router = Router();
  router.post('/soap', async (request, response) => {
    if (typeof request.body !== 'string' || !request.body.trim()) {
      sendFault(response, 'Client', 'expected a SOAP 1.1 envelope (Content-Type: text/xml)', 'INVALID_REQUEST', [{ path: '$', message: 'empty or non-XML body' }]);
      return;
    }
    let envelope: ParsedEnvelope;
    try {
      envelope = parseSoapEnvelope(request.body, { arrayPaths: ['lines'] });
    } catch (error) {
      const location = error instanceof SoapParseError && error.line !== undefined ? `line ${error.line}, column ${error.column ?? 0}` : '$';
      sendFault(response, 'Client', (error as Error).message, 'MALFORMED_XML', [{ path: location, message: (error as Error).message }]);
      return;
    }
    if (envelope.kind !== 'body' || envelope.operation !== SOAP_OPERATION) {
      const named = envelope.kind === 'body' ? envelope.operation : 'Fault';
      sendFault(response, 'Client', `unknown operation ${named}`, 'UNKNOWN_OPERATION', [{ path: 'Envelope.Body', message: `expected ${SOAP_OPERATION}` }]);
      return;
    }
    const ack = toAcknowledgement(envelope.content);
    const poNumber = typeof (ack as { poNumber?: unknown } | null)?.poNumber === 'string' ? (ack as { poNumber: string }).poNumber : '';
    const result = await runUpdate<AcknowledgementBody>(ledger, faults, {
      kind: 'acknowledgement',
      idempotencyKey: request.get('Idempotency-Key') ?? headerValue(envelope, 'IdempotencyKey'),
      correlationId: request.get('X-Correlation-Id') ?? headerValue(envelope, 'CorrelationId'),
      partnerId: request.get('X-Partner-Id') ?? headerValue(envelope, 'PartnerId'),
      body: ack,
      check: checkAcknowledgement,
      plan: (state, body, partnerId) => planAcknowledgement(state, poNumber, body, partnerId),
    });
    if ('error' in result.body) {
      const body = result.body as { error: string; details: LocatedProblem[] };
      if (result.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(result.retryAfterSeconds));
      sendFault(response, result.status >= 500 ? 'Server' : 'Client', body.error, FAULT_CODES[result.status] ?? `HTTP_${result.status}`, body.details);
      return;
    }
    if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
    response.status(200).type('text/xml; charset=utf-8').send(buildSoapResponse({ operation: SOAP_OPERATION, namespace: DEMO_ERP_SOAP_NS, payload: result.body }));
  });
  return router;
}
