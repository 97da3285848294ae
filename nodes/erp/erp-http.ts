// Outbound HTTP to one ERP: an undici keep-alive Pool per origin, auth headers, a hard deadline per call, wedged-pool replacement, error classification.
import { Pool } from 'undici';
import { NodeError } from '../sdk/index.js';
import type { ErpConnectionConfig } from './connection-schema.js';
import { assertSendableHeaders } from './header-values.js';

export interface ErpHttpRequest {
  method: string;
  /** Path below the base URL, starting with "/" (may carry a query string). */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ErpHttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the ERP answered JSON, the text otherwise ('' for an empty body). */
  body: unknown;
  text: string;
  durationMs: number;
}

/** Replaces ${NAME} from the runtime settings, which hold the environment variables flows may read (never a secret). */
export function resolvePlaceholders(value: string, settings: Readonly<Record<string, string | undefined>>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, name: string) => {
    const resolved = settings[name];
    if (resolved === undefined || resolved === '') {
      throw new NodeError('INVALID_CONFIG', `baseUrl refers to \${${name}}, which is not set or not visible to flows (TRADELANE_FLOW_ENV)`, { details: [{ path: '$.baseUrl', message: `\${${name}} is not set` }] });
    }
    return resolved;
  });
}

export function parseBaseUrl(raw: string): { origin: string; basePath: string } {
  if (!raw.trim()) throw new NodeError('INVALID_CONFIG', 'baseUrl is empty (is its environment variable set?)', { details: [{ path: '$.baseUrl', message: 'is empty' }] });
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new NodeError('INVALID_CONFIG', `baseUrl "${raw}" is not a URL`, { details: [{ path: '$.baseUrl', message: 'is not a URL' }] });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NodeError('INVALID_CONFIG', `baseUrl must be http or https, not ${url.protocol}`, { details: [{ path: '$.baseUrl', message: 'must be http(s)' }] });
  }
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}

export function authHeaders(config: Pick<ErpConnectionConfig, 'auth' | 'apiKeyHeader'>, credentials: Record<string, string | undefined>): Record<string, string> {
  const missing = (field: string) => new NodeError('INVALID_CONFIG', `auth "${config.auth}" needs the credential "${field}"`, { details: [{ path: `credentials.${field}`, message: 'is required' }] });
  switch (config.auth) {
    case 'bearer':
      if (!credentials.token) throw missing('token');
      return { authorization: `Bearer ${credentials.token}` };
    case 'basic':
      if (!credentials.username) throw missing('username');
      return { authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password ?? ''}`).toString('base64')}` };
    case 'api-key':
      if (!credentials.apiKey) throw missing('apiKey');
      return { [config.apiKeyHeader.toLowerCase()]: credentials.apiKey };
    default:
      return {};
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
/** undici refused to build the request: nothing reached the ERP, and in undici 7 the connection it took may be lost. */
const INVALID_REQUEST_CODES = new Set(['UND_ERR_INVALID_ARG', 'ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_VALUE', 'ERR_INVALID_CHAR']);
/** How long a retired pool may finish its in-flight requests before it is destroyed (at least their own deadline). */
const RETIRED_POOL_GRACE_MS = 5_000;

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

/** The part of undici's Pool that the client uses; tests can pass a factory for a pool that never answers. */
export type ErpPool = Pick<Pool, 'request' | 'close' | 'destroy'>;
export type ErpPoolFactory = (origin: string, options: Pool.Options) => ErpPool;

class DeadlineExceeded extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

/** Settles after ms with a DeadlineExceeded rejection unless cancelled; it does not depend on undici honouring its signal. */
function deadline(ms: number): { promise: Promise<never>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(ms)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/** Auth headers come from config and credentials: a bad one is a configuration error at start, not a dead letter per message. */
function checkFixedHeaders(headers: Record<string, string>): void {
  try {
    assertSendableHeaders(headers);
  } catch (error) {
    const problems = ((error as NodeError).details as { problems?: Array<{ path: string; message: string }> } | undefined)?.problems ?? [];
    // The message names the header and the offending position, never the credential's value.
    throw new NodeError('INVALID_CONFIG', `the ERP connection's ${(error as Error).message.replace(/^cannot send /, '')}`, { details: problems });
  }
}

export class ErpHttpClient {
  private pool: ErpPool;
  readonly origin: string;
  readonly basePath: string;
  private readonly poolOptions: Pool.Options;
  /** Told whenever a pool is replaced, so the node can log it. */
  onPoolReplaced?: (reason: string) => void;

  constructor(
    baseUrl: string,
    private readonly timeoutMs: number,
    connections: number,
    private readonly fixedHeaders: Record<string, string>,
    private readonly createPool: ErpPoolFactory = (origin, options) => new Pool(origin, options),
  ) {
    const { origin, basePath } = parseBaseUrl(baseUrl);
    checkFixedHeaders(fixedHeaders);
    this.origin = origin;
    this.basePath = basePath;
    this.poolOptions = { connections, keepAliveTimeout: 30_000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connect: { timeout: timeoutMs } };
    this.pool = this.createPool(origin, this.poolOptions);
  }

  /** The headers a request will carry; throws a permanent ERP_INVALID_HEADER if one cannot be sent. Call before the breaker. */
  headersFor(request: ErpHttpRequest): Record<string, string> {
    const headers = { ...this.fixedHeaders, ...request.headers };
    assertSendableHeaders(headers);
    return headers;
  }

  /**
   * Sends one request. Throws retryable ERP_TIMEOUT / ERP_UNAVAILABLE for transport failures, permanent
   * ERP_INVALID_HEADER / ERP_INVALID_REQUEST when the request cannot be sent; any HTTP status is returned.
   * A timer races the call, so a request that undici never settles still ends after timeoutMs.
   */
  async send(request: ErpHttpRequest): Promise<ErpHttpResponse> {
    const headers = this.headersFor(request);
    const started = performance.now();
    const pool = this.pool;
    const abort = new AbortController();
    const timer = deadline(this.timeoutMs);
    const target = `${request.method} ${this.origin}${this.basePath}${request.path}`;
    try {
      return await Promise.race([this.exchange(pool, request, headers, abort.signal, started), timer.promise]);
    } catch (thrown) {
      const error = thrown as Error & { code?: string };
      abort.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      throw this.classify(error, pool, target, Math.round(performance.now() - started));
    } finally {
      timer.cancel();
    }
  }

  private async exchange(pool: ErpPool, request: ErpHttpRequest, headers: Record<string, string>, signal: AbortSignal, started: number): Promise<ErpHttpResponse> {
    const response = await pool.request({ method: request.method as 'GET', path: `${this.basePath}${request.path}`, headers, body: request.body, signal });
    const text = await response.body.text();
    const responseHeaders = flattenHeaders(response.headers);
    let body: unknown = text;
    if (text && /json/i.test(responseHeaders['content-type'] ?? '')) {
      try {
        body = JSON.parse(text);
      } catch {
        // A broken JSON body is kept as text; the status decides what happens.
      }
    }
    return { status: response.statusCode, headers: responseHeaders, body, text, durationMs: performance.now() - started };
  }

  private classify(error: Error & { code?: string }, pool: ErpPool, target: string, durationMs: number): NodeError {
    if (error instanceof DeadlineExceeded) {
      this.retire(pool, 'deadline');
      return new NodeError('ERP_TIMEOUT', `${target} timed out after ${this.timeoutMs} ms`, { retryable: true, cause: error, details: { timeoutMs: this.timeoutMs, durationMs } });
    }
    if (error.name === 'TimeoutError' || error.name === 'AbortError' || TIMEOUT_CODES.has(error.code ?? '')) {
      return new NodeError('ERP_TIMEOUT', `${target} timed out after ${this.timeoutMs} ms`, { retryable: true, cause: error, details: { timeoutMs: this.timeoutMs, durationMs } });
    }
    if (INVALID_REQUEST_CODES.has(error.code ?? '')) {
      this.retire(pool, 'invalid request');
      return new NodeError('ERP_INVALID_REQUEST', `${target} cannot be sent: ${error.message}`, { retryable: false, cause: error, details: { networkError: error.code, durationMs } });
    }
    return new NodeError('ERP_UNAVAILABLE', `${target} failed: ${error.message}${error.code ? ` (${error.code})` : ''}`, {
      retryable: true,
      cause: error,
      details: { networkError: error.code ?? error.name, durationMs },
    });
  }

  /** Swaps in a fresh pool (once per wedged pool) and closes the old one in the background, destroying it if it will not drain. */
  private retire(pool: ErpPool, reason: string): void {
    if (pool !== this.pool) return; // another request already replaced it
    this.pool = this.createPool(this.origin, this.poolOptions);
    this.onPoolReplaced?.(reason);
    // Requests still running on the old pool have their own deadline; destroy it only once they all must have ended.
    const grace = setTimeout(() => { void pool.destroy().catch(() => undefined); }, Math.max(RETIRED_POOL_GRACE_MS, this.timeoutMs + 1_000));
    grace.unref();
    void pool.close().then(() => clearTimeout(grace), () => undefined);
  }

  async close(): Promise<void> {
    const pool = this.pool;
    // A wedged connection would keep close() waiting forever; destroy after the grace period.
    const grace = setTimeout(() => { void pool.destroy().catch(() => undefined); }, RETIRED_POOL_GRACE_MS);
    grace.unref();
    await Promise.race([pool.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, RETIRED_POOL_GRACE_MS + 100).unref())]);
    clearTimeout(grace);
  }
}
