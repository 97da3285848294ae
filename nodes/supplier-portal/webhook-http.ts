// One POST to a partner over undici (a webhook, a portal call) and the classification of its answer: 2xx success, network/5xx/408/429 retryable, other 4xx permanent.
import type { Agent } from 'undici';
import { NodeError } from '../sdk/index.js';

export interface WebhookResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
/** Partners' answers can be large error pages; a delivery only needs the start for the error message. */
const MAX_KEPT_BODY = 2000;

/** The codes of one kind of call: WEBHOOK_TIMEOUT, PORTAL_TIMEOUT, ... */
export type ErrorPrefix = 'WEBHOOK' | 'PORTAL';

export interface SendOptions {
  prefix?: ErrorPrefix;
  method?: 'POST' | 'PUT';
  /** How much of the answer to keep: an error page needs only its start, a token answer all of it. */
  keepChars?: number;
}

/** Sends the request; transport failures become retryable NodeErrors, any HTTP status is returned. */
export async function sendWebhook(agent: Agent, url: URL, headers: Record<string, string>, body: string, timeoutMs: number, options: SendOptions = {}): Promise<WebhookResponse> {
  const { prefix = 'WEBHOOK', method = 'POST', keepChars = MAX_KEPT_BODY } = options;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await agent.request({ origin: url.origin, path: `${url.pathname}${url.search}`, method, headers, body, signal });
    const text = (await response.body.text()).slice(0, keepChars);
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    return { status: response.statusCode, headers: flat, text };
  } catch (thrown) {
    const error = thrown as Error & { code?: string };
    if (signal.aborted || error.name === 'TimeoutError' || TIMEOUT_CODES.has(error.code ?? '')) {
      throw new NodeError(`${prefix}_TIMEOUT`, `${method} ${url.href} timed out after ${timeoutMs} ms`, { retryable: true, cause: error, details: { timeoutMs } });
    }
    throw new NodeError(`${prefix}_UNAVAILABLE`, `${method} ${url.href} failed: ${error.message}${error.code ? ` (${error.code})` : ''}`, { retryable: true, cause: error, details: { networkError: error.code ?? error.name } });
  }
}

function retryAfterMs(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Undefined for 2xx, otherwise the coded error a queue or retry node acts on. */
export function classifyWebhookStatus(response: WebhookResponse, url: string, prefix: ErrorPrefix = 'WEBHOOK'): NodeError | undefined {
  const { status } = response;
  if (status >= 200 && status < 300) return undefined;
  const details: Record<string, unknown> = { status, body: response.text };
  const retryAfter = retryAfterMs(response.headers['retry-after']);
  if (retryAfter !== undefined) details.retryAfterMs = retryAfter;
  const summary = response.text ? `: ${response.text.slice(0, 200)}` : '';
  if (status === 429) return new NodeError(`${prefix}_RATE_LIMITED`, `${url}: partner rate limit (429)${summary}`, { retryable: true, details });
  if (status >= 500 || status === 408) return new NodeError(`${prefix}_UNAVAILABLE`, `${url}: partner endpoint unavailable (${status})${summary}`, { retryable: true, details });
  return new NodeError(`${prefix}_REJECTED`, `${url}: partner rejected the request (${status})${summary}`, { retryable: false, details });
}
