// HTTP client for CLI commands that act on a running server (deploy, onboard, edi generate --partner).
export class CliUsageError extends Error {}

interface ApiErrorBody {
  error?: string;
  details?: Array<{ path?: string; nodeId?: string; segment?: string; message: string }>;
}

export interface ServerClient {
  baseUrl: string;
  /** Calls the API; throws with the server's located details on a non-2xx answer. */
  call<T>(method: string, route: string, body?: unknown): Promise<T>;
}

/** Where the server is (--url, else PORT) and who we are (TRADELANE_TOKEN, or TRADELANE_USER + TRADELANE_PASSWORD). */
export async function connect(url: string | undefined, purpose: string): Promise<ServerClient> {
  const baseUrl = (url ?? `http://127.0.0.1:${process.env.PORT ?? 1880}`).replace(/\/$/, '');
  let token = process.env.TRADELANE_TOKEN;
  if (!token) {
    const password = process.env.TRADELANE_PASSWORD ?? process.env.TRADELANE_ADMIN_PASSWORD;
    if (!password) throw new CliUsageError(`set TRADELANE_TOKEN, or TRADELANE_USER and TRADELANE_PASSWORD, to ${purpose}`);
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: process.env.TRADELANE_USER ?? 'admin', password }) });
    } catch (error) {
      throw new Error(`cannot reach Tradelane at ${baseUrl} (is it running? use --url): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    token = ((await response.json()) as { token: string }).token;
  }
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  return {
    baseUrl,
    async call<T>(method: string, route: string, body?: unknown): Promise<T> {
      const response = await fetch(`${baseUrl}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const result = (await response.json().catch(() => ({}))) as ApiErrorBody & T;
      if (!response.ok) {
        const details = (result.details ?? []).map((d) => `  - ${[d.nodeId, d.segment, d.path].filter(Boolean).join(' ')}: ${d.message}`).join('\n');
        throw new Error(`${method} ${route} failed (${response.status}): ${result.error ?? 'no details'}${details ? `\n${details}` : ''}`);
      }
      return result;
    },
  };
}
