// The contract between the ERP post node and its wire formats (REST JSON, SOAP/XML).
import type { ErpHttpRequest, ErpHttpResponse } from './erp-http.js';

export interface OutboundDocument {
  method: string;
  path: string;
  payload: unknown;
  idempotencyKey: string;
  correlationId: string;
}

export interface ErpAdapter {
  readonly name: string;
  buildRequest(document: OutboundDocument): ErpHttpRequest;
  /** Returns the ERP's answer as a plain value, or throws a coded NodeError (retryable or not). */
  interpret(response: ErpHttpResponse, target: string): unknown;
}
