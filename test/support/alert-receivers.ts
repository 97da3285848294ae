// Real receivers for alert tests on 127.0.0.1: an HTTP webhook endpoint that records (and can refuse) requests, and an SMTP server (smtp-server).
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
  /** What the receiver answered. */
  status: number;
}

export interface WebhookReceiver {
  url: string;
  requests: ReceivedWebhook[];
  /** Requests it answered 2xx. */
  accepted(): ReceivedWebhook[];
  /** Answer the next n requests with this status instead of 204. */
  refuseNext(n: number, status?: number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = '/ops/alerts'): Promise<WebhookReceiver> {
  const requests: ReceivedWebhook[] = [];
  let refusals: Array<number> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const status = req.url?.startsWith(path) ? refusals.shift() ?? 204 : 404;
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}?token=kept-out-of-the-api`,
    requests,
    accepted: () => requests.filter((request) => request.status >= 200 && request.status < 300),
    refuseNext: (n, status = 503) => { refusals = [...refusals, ...Array.from({ length: n }, () => status)]; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** What a receiver does to trust a webhook: recompute the HMAC over the exact body and compare in constant time. */
export function signatureValid(secret: string, request: ReceivedWebhook): boolean {
  const header = String(request.headers['x-tradelane-alert-signature'] ?? '');
  const expected = `sha256=${createHmac('sha256', secret).update(request.body).digest('hex')}`;
  return header.length === expected.length && timingSafeEqual(Buffer.from(header), Buffer.from(expected));
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpReceiver {
  port: number;
  url: string;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    // Plain SMTP on loopback: no certificate to trust, no login.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { port, url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
