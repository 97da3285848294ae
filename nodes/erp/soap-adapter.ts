// SOAP 1.1 adapter: wraps msg.payload in an envelope for the configured operation and turns soap:Fault into located errors.
import { NodeError } from '../sdk/index.js';
import type { ErpAdapter } from './adapter.js';
import { classifyHttpStatus } from './http-failures.js';
import { buildSoapRequest, parseSoapEnvelope, type ParsedEnvelope, type SoapFault } from './soap-envelope.js';

export interface SoapAdapterOptions {
  operation: string;
  namespace: string;
  soapAction: string;
}

export interface LocatedFaultProblem {
  path: string;
  message: string;
}

/** Collects every {path, message} pair in a fault detail, wherever the ERP nests them. */
export function faultProblems(detail: unknown, found: LocatedFaultProblem[] = []): LocatedFaultProblem[] {
  if (Array.isArray(detail)) {
    for (const entry of detail) faultProblems(entry, found);
  } else if (detail !== null && typeof detail === 'object') {
    const record = detail as Record<string, unknown>;
    if (record.path !== undefined && record.message !== undefined) found.push({ path: String(record.path), message: String(record.message) });
    else for (const value of Object.values(record)) faultProblems(value, found);
  }
  return found;
}

/** soap:Client / Sender faults are the caller's fault (permanent); Server / Receiver faults may pass (retryable). */
function isRetryableFault(faultcode: string): boolean {
  const local = faultcode.includes(':') ? faultcode.slice(faultcode.lastIndexOf(':') + 1) : faultcode;
  return /^(Server|Receiver)(\.|$)/.test(local);
}

export function faultToError(fault: SoapFault, status: number, target: string): NodeError {
  const problems = faultProblems(fault.detail);
  const where = problems.length ? ` at ${problems.map((p) => `${p.path} (${p.message})`).join('; ')}` : '';
  return new NodeError('ERP_SOAP_FAULT', `${target}: SOAP fault ${fault.faultcode}: ${fault.faultstring}${where}`, {
    retryable: isRetryableFault(fault.faultcode),
    details: { status, faultcode: fault.faultcode, faultstring: fault.faultstring, faultactor: fault.faultactor, detail: fault.detail, problems },
  });
}

export function createSoapAdapter(options: SoapAdapterOptions): ErpAdapter {
  return {
    name: 'soap',
    buildRequest(document) {
      const headers: Record<string, string> = {
        'content-type': 'text/xml; charset=utf-8',
        accept: 'text/xml',
        soapaction: `"${options.soapAction}"`,
        'idempotency-key': document.idempotencyKey,
        'x-correlation-id': document.correlationId,
      };
      const soapHeader: Record<string, string> = { IdempotencyKey: document.idempotencyKey, CorrelationId: document.correlationId };
      if (document.partnerId) {
        headers['x-partner-id'] = document.partnerId;
        soapHeader.PartnerId = document.partnerId;
      }
      return {
        method: 'POST',
        path: document.path,
        headers,
        body: buildSoapRequest({ operation: options.operation, namespace: options.namespace, payload: document.payload, header: soapHeader }),
      };
    },
    interpret(response, target) {
      let envelope: ParsedEnvelope | undefined;
      try {
        envelope = response.text ? parseSoapEnvelope(response.text, { typedValues: true }) : undefined;
      } catch {
        envelope = undefined; // not SOAP: a proxy or load balancer answered; classify by status below
      }
      if (envelope?.kind === 'fault') throw faultToError(envelope.fault, response.status, target);
      const failure = classifyHttpStatus(response, target);
      if (failure) throw failure;
      if (!envelope) {
        throw new NodeError('ERP_BAD_RESPONSE', `${target}: expected a SOAP envelope, got ${response.headers['content-type'] ?? 'no content type'}`, {
          retryable: false,
          details: { status: response.status, body: response.text.slice(0, 2000) },
        });
      }
      return envelope.content;
    },
  };
}
