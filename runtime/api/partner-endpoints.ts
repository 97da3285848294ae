// The route table behind ctx.services.http: partner endpoints, rate-limited and pre-authenticated before their body is read.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { EarlyAnswer, HttpRoutes, InboundHead, InboundRequest, OutboundResponse, RouteHandler, RouteOptions } from '../../nodes/sdk/index.js';
import type { Logger } from '../logger.js';
import { TokenBuckets, UNKNOWN_PARTNER_RATE_LIMIT, type RateLimit } from './partner-rate-limit.js';

/** How long the request line and headers may take; applies to the whole server, since routing needs the headers. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** Default for routes that set no body deadline of their own. */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;
/** After an early answer the unread body is discarded; a sender that keeps sending past this is cut off. */
const UNREAD_BODY_GRACE_MS = 1000;
const CORRELATION_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

interface Registration {
  handler: RouteHandler;
  bodyLimitBytes: number;
  bodyTimeoutMs: number;
  partnerId?: string;
  preAuth?: RouteOptions['preAuth'];
}

export interface PartnerRouteOptions {
  defaultBodyLimit: number;
  /** The partner's rate limit; undefined for a partner that does not exist (limited per client IP instead). */
  rateLimitOf(partnerId: string): Promise<RateLimit | undefined>;
  now?: () => number;
}

type BodyRead = Buffer | 'too-large' | 'too-slow' | 'aborted';

function readBody(req: Request, limit: number, timeoutMs: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead) => {
      clearTimeout(deadline);
      req.removeListener('data', onData);
      resolve(result);
    };
    const deadline = setTimeout(() => finish('too-slow'), timeoutMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish('too-large');
      else chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => finish(Buffer.concat(chunks)));
    req.on('close', () => { if (!req.complete) finish('aborted'); });
    req.on('error', (error) => { clearTimeout(deadline); reject(error); });
  });
}

function wrapResponse(res: Response): OutboundResponse {
  return {
    get sent() { return res.headersSent || res.writableEnded; },
    header: (name, value) => { if (!res.headersSent) res.setHeader(name, value); },
    send: (status, body, contentType) => {
      if (res.headersSent) return;
      if (contentType && typeof body === 'string') res.status(status).type(contentType).send(body);
      else res.status(status).json(body);
    },
  };
}

/** Answers without reading (the rest of) the body: the connection closes, and a sender that keeps going is cut off. */
function answerUnread(req: Request, res: Response, answer: EarlyAnswer): void {
  if (res.headersSent) return;
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  res.setHeader('Connection', 'close');
  res.status(answer.status).json(answer.body);
  res.once('finish', () => {
    if (req.complete) return;
    setTimeout(() => { if (!req.complete) req.socket.destroy(); }, UNREAD_BODY_GRACE_MS).unref();
  });
}

function correlationIdOf(req: Request): string {
  const sent = req.headers['x-correlation-id'];
  return typeof sent === 'string' && CORRELATION_ID.test(sent) ? sent : randomUUID();
}

function located(status: number, error: string, details: Array<{ path: string; message: string }>, correlationId: string, headers: Record<string, string> = {}): EarlyAnswer {
  return { status, body: { error, details, correlationId }, headers: { 'X-Correlation-Id': correlationId, ...headers } };
}

export class PartnerRouteTable implements HttpRoutes {
  private readonly routes = new Map<string, Registration>();
  private readonly buckets: TokenBuckets;

  constructor(private readonly logger: Logger, private readonly options: PartnerRouteOptions) {
    this.buckets = new TokenBuckets(options.now);
  }

  register(method: string, path: string, handler: RouteHandler, options: RouteOptions = {}): () => void {
    const key = `${method.toUpperCase()} ${path}`;
    if (this.routes.has(key)) throw new Error(`${key} is already served by another node`);
    const registration: Registration = {
      handler,
      bodyLimitBytes: options.bodyLimitBytes ?? this.options.defaultBodyLimit,
      bodyTimeoutMs: options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
      ...(options.partnerId ? { partnerId: options.partnerId } : {}),
      ...(options.preAuth ? { preAuth: options.preAuth } : {}),
    };
    this.routes.set(key, registration);
    return () => {
      if (this.routes.get(key) === registration) this.routes.delete(key);
    };
  }

  /** Express middleware; requests with no registered route fall through to Node-RED's own http in routes. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const registration = this.routes.get(`${req.method} ${req.path}`);
    if (!registration) {
      next();
      return;
    }
    const correlationId = correlationIdOf(req);
    this.serve(req, res, registration, correlationId).catch((error: unknown) => {
      // The caller gets no internal detail; the log has it, under the same correlation id.
      this.logger.error({ err: error, path: req.path, correlationId }, 'partner endpoint failed');
      if (!res.headersSent) res.status(500).setHeader('X-Correlation-Id', correlationId).json({ error: 'internal error', details: [], correlationId });
    });
  };

  private async serve(req: Request, res: Response, registration: Registration, correlationId: string): Promise<void> {
    const head: InboundHead = { method: req.method, path: req.path, headers: req.headers, query: req.query as Record<string, unknown>, params: {} };
    const early = (await this.rateLimited(req, registration, correlationId)) ?? (await registration.preAuth?.(head));
    if (early) return answerUnread(req, res, early);
    const body = await readBody(req, registration.bodyLimitBytes, registration.bodyTimeoutMs);
    if (body === 'aborted') return;
    if (body === 'too-large') return answerUnread(req, res, located(413, 'request body is too large', [{ path: '$', message: `limit is ${registration.bodyLimitBytes} bytes` }], correlationId));
    if (body === 'too-slow') return answerUnread(req, res, located(408, 'the request body did not arrive in time', [{ path: '$', message: `the whole body must arrive within ${registration.bodyTimeoutMs} ms` }], correlationId));
    const inbound: InboundRequest = { ...head, body };
    await registration.handler(inbound, wrapResponse(res));
  }

  /** One token per request from the partner's bucket, or from the client IP's when the partner does not exist. */
  private async rateLimited(req: Request, registration: Registration, correlationId: string): Promise<EarlyAnswer | undefined> {
    const partnerId = registration.partnerId;
    const limit = partnerId ? await this.options.rateLimitOf(partnerId) : undefined;
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const [key, applied, subject, path] = limit && partnerId
      ? [`partner:${partnerId}`, limit, `partner "${partnerId}"`, 'path.partnerId']
      : [`client:${client}`, UNKNOWN_PARTNER_RATE_LIMIT, `client ${client} (unknown partner)`, 'client.ip'];
    const admission = this.buckets.take(key, applied);
    if (admission.ok) return undefined;
    const message = `${subject} is limited to ${applied.perSecond} requests/s (burst ${applied.burst}); retry after ${admission.retryAfterSeconds} s`;
    return located(429, 'too many requests', [{ path, message }], correlationId, { 'Retry-After': String(admission.retryAfterSeconds) });
  }
}
