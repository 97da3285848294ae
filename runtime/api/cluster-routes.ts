// Readiness for load balancers (public) and the cluster view: every runtime sharing this store, with its heartbeat, flows and load.
import type { ApiRouter } from './api-router.js';
import type { ClusterService } from '../cluster/cluster-service.js';
import type { JSONSchema } from '../../nodes/sdk/index.js';

const READINESS_SCHEMA: JSONSchema = {
  type: 'object',
  required: ['ready', 'checks'],
  properties: {
    ready: { type: 'boolean' },
    checks: { type: 'array', items: { type: 'object', required: ['name', 'ok'], properties: { name: { enum: ['database', 'queues', 'flows'] }, ok: { type: 'boolean' }, problem: { type: 'string' } } } },
  },
};

const RUNTIME_SCHEMA: JSONSchema = {
  type: 'object',
  required: ['id', 'pid', 'url', 'version', 'flowsVersion', 'startedAt', 'heartbeatAt', 'consumedPerSecond', 'ready', 'problems', 'state', 'self'],
  properties: {
    id: { type: 'string' }, pid: { type: 'integer' }, url: { type: 'string' }, version: { type: 'string' },
    flowsVersion: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Running version of each flow, by flow id.' },
    startedAt: { type: 'string' }, heartbeatAt: { type: 'string' },
    consumedPerSecond: { type: 'number', description: 'Queue messages finished per second between its last two heartbeats.' },
    ready: { type: 'boolean' }, problems: { type: 'array', items: { type: 'string' } },
    state: { enum: ['up', 'stale', 'stopped'], description: 'stale: no heartbeat for three intervals (15 s): dead or cut off.' },
    self: { type: 'boolean', description: 'The runtime that answered this request.' },
  },
};

export function registerClusterRoutes(api: ApiRouter, cluster: ClusterService): void {
  api.add({
    method: 'get', path: '/api/ready', tag: 'system', summary: 'Readiness for a load balancer: 200 when the SQL store, the queues and the flows are up, else 503 with what is not', access: 'public',
    response: READINESS_SCHEMA,
    handler: async (_request, res) => {
      const readiness = await cluster.readiness();
      if (!readiness.ready) res.status(503).setHeader('Retry-After', '5');
      return readiness;
    },
  });

  api.add({
    method: 'get', path: '/api/cluster', tag: 'system', summary: 'Every runtime sharing this store (heard from in the last day): id, pid, URL, running flow versions, heartbeat, consumed rate, readiness; and who holds each scheduled job', access: 'authenticated',
    response: { type: 'object', required: ['runtimes', 'jobs'], properties: {
      runtimes: { type: 'array', items: RUNTIME_SCHEMA },
      jobs: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, owner: { type: 'string' }, until: { type: 'string' }, acquiredAt: { type: 'string' } } } },
    } },
    handler: async () => ({ runtimes: await cluster.runtimes(), jobs: await cluster.leases.list() }),
  });
}
