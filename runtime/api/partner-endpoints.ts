// The route table behind ctx.services.http: partner endpoints, rate-limited and pre-authenticated before their body is read.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { DocumentLedger, EarlyAnswer, HttpRoutes, InboundHead, InboundRequest, LedgerError, OutboundResponse, RouteHandler, RouteOptions } from '../../nodes/sdk/index.js';
import type { Logger } from '../logger.js';
import { TokenBuckets, UNKNOWN_PARTNER_RATE_LIMIT, type RateLimit } from './partner-rate-limit.js';

/** How long the request line and headers may take; applies to the whole server, since routing needs the headers. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** Default for routes that set no body deadline of their own. */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;
/** After an early answer the unread body is discarded; a sender that keeps sending past this is cut off. */
const UNREAD_BODY_GRACE_MS = 1000;
const CORRELATION_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;
/**
 * Rate-limited requests recorded in the ledger, per rate-limit key: shedding load must not cost a database write per
 * request. The ones past it are counted and reported on the next recorded one.
 */
const RECORDED_429_LIMIT: RateLimit = { perSecond: 5, burst: 20 };
const MAX_SUPPRESSED_KEYS = 10_000;

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
  /** Where requests the table itself refuses (429, 413, 408, 500) are recorded; the nodes record everything else. */
  ledger?: DocumentLedger;
}

/** Why the table refused a request, as the ledger's reason fact. */
type TableRefusal = 'rate-limited' | 'too-large' | 'too-slow' | 'internal-error';

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
      // Bytes go out as they are (AS2 receipts are signed byte for byte); a string gets its charset; anything else is JSON.
      if (Buffer.isBuffer(body)) res.status(status).type(contentType ?? 'application/octet-stream').send(body);
      else if (contentType && typeof body === 'string') res.status(status).type(contentType).send(body);
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
  private readonly recordedRefusals: TokenBuckets;
  /** Rate-limited requests not recorded since the last recorded one, per rate-limit key. */
  private readonly suppressed = new Map<string, number>();

  constructor(private readonly logger: Logger, private readonly options: PartnerRouteOptions) {
    this.buckets = new TokenBuckets(options.now);
    this.recordedRefusals = new TokenBuckets(options.now);
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
      if (res.headersSent) return;
      res.status(500).setHeader('X-Correlation-Id', correlationId).json({ error: 'internal error', details: [], correlationId });
      this.recordRefusal(req, registration, located(500, 'internal error', [{ path: '$', message: 'the endpoint failed; the server log has the cause under this correlation id' }], correlationId), 'internal-error');
    });
  };

  private async serve(req: Request, res: Response, registration: Registration, correlationId: string): Promise<void> {
    const head: InboundHead = { method: req.method, path: req.path, headers: req.headers, query: req.query as Record<string, unknown>, params: {} };
    const limited = await this.rateLimited(req, registration, correlationId);
    if (limited) {
      answerUnread(req, res, limited.answer);
      return this.recordRateLimited(req, registration, limited);
    }
    // The node's own head checks (e.g. a wrong API key) are recorded by the node.
    const early = await registration.preAuth?.(head);
    if (early) return answerUnread(req, res, early);
    const body = await readBody(req, registration.bodyLimitBytes, registration.bodyTimeoutMs);
    if (body === 'aborted') return;
    if (body === 'too-large') return this.refuse(req, res, registration, located(413, 'request body is too large', [{ path: '$', message: `limit is ${registration.bodyLimitBytes} bytes` }], correlationId), 'too-large');
    if (body === 'too-slow') return this.refuse(req, res, registration, located(408, 'the request body did not arrive in time', [{ path: '$', message: `the whole body must arrive within ${registration.bodyTimeoutMs} ms` }], correlationId), 'too-slow');
    const inbound: InboundRequest = { ...head, body };
    await registration.handler(inbound, wrapResponse(res));
  }

  private refuse(req: Request, res: Response, registration: Registration, answer: EarlyAnswer, reason: TableRefusal): void {
    answerUnread(req, res, answer);
    this.recordRefusal(req, registration, answer, reason);
  }

  private recordRateLimited(req: Request, registration: Registration, limited: { answer: EarlyAnswer; key: string }): void {
    if (!this.options.ledger) return;
    if (!this.recordedRefusals.take(limited.key, RECORDED_429_LIMIT).ok) {
      if (this.suppressed.size >= MAX_SUPPRESSED_KEYS && !this.suppressed.has(limited.key)) this.suppressed.clear();
      this.suppressed.set(limited.key, (this.suppressed.get(limited.key) ?? 0) + 1);
      return;
    }
    const before = this.suppressed.get(limited.key);
    this.suppressed.delete(limited.key);
    this.recordRefusal(req, registration, limited.answer, 'rate-limited', before ? { alsoRefusedUnrecorded: before } : {});
  }

  /** A refused request as a ledger document: who sent it where, how big it said it was, and why it was refused. Never a header's value. */
  private recordRefusal(req: Request, registration: Registration, answer: EarlyAnswer, reason: TableRefusal, extra: Record<string, number> = {}): void {
    if (!this.options.ledger) return;
    const body = answer.body as { correlationId?: string; details?: LedgerError[] };
    const length = Number(req.headers['content-length']);
    this.options.ledger.record({
      // A 5xx is our failure, not a refusal of the document: the partner is told to send it again.
      direction: 'in', channel: 'intake', documentType: 'http-request', status: answer.status >= 500 ? 'failed' : 'refused', correlationId: body.correlationId ?? correlationIdOf(req),
      httpStatus: answer.status, errors: body.details ?? [], facts: { path: req.path, method: req.method, reason, ...extra },
      ...(registration.partnerId ? { partnerId: registration.partnerId } : {}),
      ...(Number.isSafeInteger(length) && length >= 0 ? { sizeBytes: length } : {}),
    });
  }

  /** One token per request from the partner's bucket, or from the client IP's when the partner does not exist. */
  private async rateLimited(req: Request, registration: Registration, correlationId: string): Promise<{ answer: EarlyAnswer; key: string } | undefined> {
    const partnerId = registration.partnerId;
    const limit = partnerId ? await this.options.rateLimitOf(partnerId) : undefined;
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const [key, applied, subject, path] = limit && partnerId
      ? [`partner:${partnerId}`, limit, `partner "${partnerId}"`, 'path.partnerId']
      : [`client:${client}`, UNKNOWN_PARTNER_RATE_LIMIT, `client ${client} (unknown partner)`, 'client.ip'];
    const admission = this.buckets.take(key, applied);
    if (admission.ok) return undefined;
    const message = `${subject} is limited to ${applied.perSecond} requests/s (burst ${applied.burst}); retry after ${admission.retryAfterSeconds} s`;
    return { answer: located(429, 'too many requests', [{ path, message }], correlationId, { 'Retry-After': String(admission.retryAfterSeconds) }), key };
  }
}
