// The contract between the ERP post node and its wire formats (REST JSON, SOAP/XML).
import type { ErpHttpRequest, ErpHttpResponse } from './erp-http.js';

export interface OutboundDocument {
  method: string;
  path: string;
  payload: unknown;
  /** Header-safe (see header-values.ts). */
  idempotencyKey: string;
  /** Header-safe (see header-values.ts). */
  correlationId: string;
  /** The partner on whose behalf the document is sent (msg.partnerId), sent as X-Partner-Id so the ERP can check ownership. */
  partnerId?: string;
}

export interface ErpAdapter {
  readonly name: string;
  buildRequest(document: OutboundDocument): ErpHttpRequest;
  /** Returns the ERP's answer as a plain value, or throws a coded NodeError (retryable or not). */
  interpret(response: ErpHttpResponse, target: string): unknown;
}
