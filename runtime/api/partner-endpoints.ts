// The route table behind ctx.services.http: partner endpoints that nodes register and remove as flows deploy.
import type { NextFunction, Request, Response } from 'express';
import type { HttpRoutes, InboundRequest, OutboundResponse, RouteHandler } from '../../nodes/sdk/index.js';
import type { Logger } from '../logger.js';

interface Registration {
  handler: RouteHandler;
  bodyLimitBytes: number;
}

function readBody(req: Request, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
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

export class PartnerRouteTable implements HttpRoutes {
  private readonly routes = new Map<string, Registration>();

  constructor(private readonly logger: Logger, private readonly defaultBodyLimit: number) {}

  register(method: string, path: string, handler: RouteHandler, options: { bodyLimitBytes?: number } = {}): () => void {
    const key = `${method.toUpperCase()} ${path}`;
    if (this.routes.has(key)) throw new Error(`${key} is already served by another node`);
    const registration = { handler, bodyLimitBytes: options.bodyLimitBytes ?? this.defaultBodyLimit };
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
    void (async () => {
      const body = await readBody(req, registration.bodyLimitBytes);
      if (body === 'too-large') {
        res.status(413).json({ error: 'request body is too large', details: [{ path: '$', message: `limit is ${registration.bodyLimitBytes} bytes` }] });
        return;
      }
      const inbound: InboundRequest = { method: req.method, path: req.path, headers: req.headers, query: req.query as Record<string, unknown>, body, params: {} };
      await registration.handler(inbound, wrapResponse(res));
    })().catch((error: unknown) => {
      this.logger.error({ err: error, path: req.path }, 'partner endpoint failed');
      if (!res.headersSent) res.status(500).json({ error: 'internal error', details: [{ message: error instanceof Error ? error.message : String(error) }] });
    });
  };
}
