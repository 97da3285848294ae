// A scripted HTTP server for ERP node tests: records each request and answers with the next scripted response.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (to provoke a timeout). */
  hang?: boolean;
}

export interface StubServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Responses used in order; the last one repeats. */
  script(...responses: ScriptedResponse[]): void;
  close(): Promise<void>;
}

export async function startStubServer(): Promise<StubServer> {
  const requests: RecordedRequest[] = [];
  let responses: ScriptedResponse[] = [{ status: 200, headers: { 'content-type': 'application/json' }, body: '{}' }];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const next = (responses.length > 1 ? responses.shift() : responses[0]) as ScriptedResponse;
      if (next.hang) return;
      response.writeHead(next.status, next.headers ?? {});
      response.end(next.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    script: (...next) => {
      responses = next;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): ScriptedResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
