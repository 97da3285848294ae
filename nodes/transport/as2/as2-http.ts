// One AS2 POST over undici (a message, or an asynchronous receipt) and the classification of the answer: network/5xx/408/429 retryable, other 4xx permanent.
import type { Agent } from 'undici';
import { NodeError } from '../../sdk/index.js';

export interface As2HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
/** A receipt is a few kilobytes; an answer far larger is no receipt, and is not held in memory. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/** Posts the bytes; transport failures become retryable NodeErrors, any HTTP status is returned. */
export async function postAs2(agent: Agent, url: URL, headers: Record<string, string>, body: Buffer, timeoutMs: number): Promise<As2HttpAnswer> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await agent.request({ origin: url.origin, path: `${url.pathname}${url.search}`, method: 'POST', headers, body, signal });
    const answer = Buffer.from(await response.body.arrayBuffer());
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    return { status: response.statusCode, headers: flat, body: answer.subarray(0, MAX_ANSWER_BYTES) };
  } catch (thrown) {
    const error = thrown as Error & { code?: string };
    if (signal.aborted || error.name === 'TimeoutError' || TIMEOUT_CODES.has(error.code ?? '')) {
      throw new NodeError('AS2_TIMEOUT', `POST ${url.href} timed out after ${timeoutMs} ms`, { retryable: true, cause: error, details: { timeoutMs } });
    }
    throw new NodeError('AS2_UNAVAILABLE', `POST ${url.href} failed: ${error.message}${error.code ? ` (${error.code})` : ''}`, { retryable: true, cause: error, details: { networkError: error.code ?? error.name } });
  }
}

/** Undefined for 2xx, otherwise the coded error a queue or retry node acts on. */
export function classifyAs2Status(answer: As2HttpAnswer, url: string): NodeError | undefined {
  const { status } = answer;
  if (status >= 200 && status < 300) return undefined;
  const text = answer.body.toString('utf8', 0, 300).trim();
  const details = { status, body: text };
  const summary = text ? `: ${text.slice(0, 200)}` : '';
  if (status === 429 || status === 408 || status >= 500) {
    return new NodeError('AS2_UNAVAILABLE', `POST ${url}: the partner's AS2 server answered ${status}${summary}`, { retryable: true, details });
  }
  return new NodeError('AS2_REJECTED', `POST ${url}: the partner's AS2 server refused the message (${status})${summary}`, { retryable: false, details });
}
