// Open system routes: health. (OpenAPI and /metrics are mounted by the server, outside the JSON API router.)
import { packageVersion } from '../paths.js';
import type { ApiRouter } from './api-router.js';

export function registerSystemRoutes(api: ApiRouter, deps: { startedAt: number }): void {
  const version = packageVersion();
  api.add({
    method: 'get', path: '/api/health', tag: 'system', summary: 'Liveness: answers without a token', access: 'public',
    response: { type: 'object', properties: { status: { const: 'ok' }, version: { type: 'string' }, uptimeSeconds: { type: 'number' } } },
    handler: () => ({ status: 'ok', version, uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000) }),
  });
}
