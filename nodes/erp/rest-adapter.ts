// REST JSON adapter: sends msg.payload as JSON and returns the parsed JSON answer.
import type { ErpAdapter } from './adapter.js';
import { classifyHttpStatus } from './http-failures.js';

export function createRestAdapter(): ErpAdapter {
  return {
    name: 'rest',
    buildRequest(document) {
      const headers: Record<string, string> = {
        accept: 'application/json',
        'idempotency-key': document.idempotencyKey,
        'x-correlation-id': document.correlationId,
      };
      if (document.partnerId) headers['x-partner-id'] = document.partnerId;
      const hasBody = document.method !== 'GET' && document.method !== 'DELETE' && document.payload !== undefined;
      if (hasBody) headers['content-type'] = 'application/json';
      return { method: document.method, path: document.path, headers, body: hasBody ? JSON.stringify(document.payload) : undefined };
    },
    interpret(response, target) {
      const failure = classifyHttpStatus(response, target);
      if (failure) throw failure;
      return response.body;
    },
  };
}
