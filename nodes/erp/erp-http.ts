// Outbound HTTP to one ERP: an undici keep-alive Pool per origin, auth headers, whole-request timeout, network-error classification.
import { Pool } from 'undici';
import { NodeError } from '../sdk/index.js';
import type { ErpConnectionConfig } from './connection-schema.js';

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

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

export class ErpHttpClient {
  private readonly pool: Pool;
  readonly origin: string;
  readonly basePath: string;

  constructor(baseUrl: string, private readonly timeoutMs: number, connections: number, private readonly fixedHeaders: Record<string, string>) {
    const { origin, basePath } = parseBaseUrl(baseUrl);
    this.origin = origin;
    this.basePath = basePath;
    this.pool = new Pool(origin, {
      connections,
      keepAliveTimeout: 30_000,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connect: { timeout: timeoutMs },
    });
  }

  /** Sends one request. Throws retryable ERP_TIMEOUT / ERP_UNAVAILABLE for transport failures; any HTTP status is returned. */
  async send(request: ErpHttpRequest): Promise<ErpHttpResponse> {
    const started = performance.now();
    // A timer per request that is cleared when the answer is in: AbortSignal.timeout() would stay armed for the full timeout.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), this.timeoutMs);
    const signal = abort.signal;
    const target = `${request.method} ${this.origin}${this.basePath}${request.path}`;
    try {
      const response = await this.pool.request({
        method: request.method as 'GET',
        path: `${this.basePath}${request.path}`,
        headers: { ...this.fixedHeaders, ...request.headers },
        body: request.body,
        signal,
      });
      const text = await response.body.text();
      const headers = flattenHeaders(response.headers);
      let body: unknown = text;
      if (text && /json/i.test(headers['content-type'] ?? '')) {
        try {
          body = JSON.parse(text);
        } catch {
          // A broken JSON body is kept as text; the status decides what happens.
        }
      }
      return { status: response.statusCode, headers, body, text, durationMs: performance.now() - started };
    } catch (thrown) {
      const error = thrown as Error & { code?: string };
      const durationMs = Math.round(performance.now() - started);
      if (signal.aborted || error.name === 'TimeoutError' || TIMEOUT_CODES.has(error.code ?? '')) {
        throw new NodeError('ERP_TIMEOUT', `${target} timed out after ${this.timeoutMs} ms`, { retryable: true, cause: error, details: { timeoutMs: this.timeoutMs, durationMs } });
      }
      throw new NodeError('ERP_UNAVAILABLE', `${target} failed: ${error.message}${error.code ? ` (${error.code})` : ''}`, {
        retryable: true,
        cause: error,
        details: { networkError: error.code ?? error.name, durationMs },
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
