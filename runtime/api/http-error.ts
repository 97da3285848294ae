// The one error format of the API, {error, details}, and the express handlers that produce it; a 500 answers only a request id.
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { locateJsonError } from '../../nodes/sdk/index.js';
import type { Logger } from '../logger.js';

export interface ErrorDetail {
  path?: string;
  nodeId?: string;
  segment?: string;
  message: string;
}

export class HttpError extends Error {
  /** `extra` adds machine-readable facts to the body beside error and details (e.g. currentVersion on a 409). */
  constructor(readonly status: number, message: string, readonly details: ErrorDetail[] = [], readonly extra: Record<string, unknown> = {}) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Names the whole path the caller sent (req.path is relative to where the handler is mounted). */
export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: `no route for ${req.method} ${req.originalUrl.split('?')[0]}`, details: [] });
};

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
  body?: string;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof HttpError) {
      res.status(error.status).json({ ...error.extra, error: error.message, details: error.details });
      return;
    }
    const parserError = error as BodyParserError;
    if (parserError.type === 'entity.parse.failed') {
      const location = typeof parserError.body === 'string' ? locateJsonError(parserError.body) : undefined;
      const message = location ? `${location.message} at line ${location.line}, column ${location.column}` : parserError.message;
      res.status(400).json({ error: 'request body is not valid JSON', details: [{ path: '$', message }] });
      return;
    }
    if (parserError.type === 'entity.too.large') {
      res.status(413).json({ error: 'request body is too large', details: [{ path: '$', message: `limit is ${parserError.limit} bytes` }] });
      return;
    }
    // The message may name files, hosts or data: it goes to the log under a request id, never to the caller.
    const requestId = randomUUID();
    res.locals.requestId = requestId;
    logger.error({ err: error, requestId, method: req.method, path: req.path }, 'request failed');
    res.status(500).setHeader('X-Request-Id', requestId).json({ error: 'internal error', details: [], requestId });
  };
}
