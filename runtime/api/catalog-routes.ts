// Routes for the node catalog (palette, forms, docs) and JSONata preview against sample messages.
import type { AnyNodeDescriptor, Clock, XrefTables } from '../../nodes/sdk/index.js';
import { evaluateJsonataSamples } from '../../nodes/canonical/index.js';
import type { ApiRouter } from './api-router.js';

/** What the designer needs of a descriptor: everything but the implementation. */
export function describeForCatalog(descriptor: AnyNodeDescriptor) {
  const { create: _create, ...metadata } = descriptor;
  return metadata;
}

export function registerCatalogRoutes(api: ApiRouter, descriptors: readonly AnyNodeDescriptor[], services: { xref: XrefTables; clock: Clock }): void {
  const catalog = descriptors.map(describeForCatalog);
  api.add({
    method: 'get', path: '/api/nodes', tag: 'nodes', summary: 'Node catalog: one entry per node type, from its descriptor', access: 'authenticated',
    handler: () => ({ nodes: catalog }),
  });

  api.add<{ expression: string; samples: unknown[]; partnerId?: string }>({
    method: 'post', path: '/api/jsonata/evaluate', tag: 'nodes', summary: 'Evaluate a JSONata expression against sample messages (designer preview)', access: 'authenticated',
    body: {
      type: 'object',
      properties: {
        expression: { type: 'string', maxLength: 100_000 },
        samples: { type: 'array', maxItems: 50, description: 'Sample messages; $ is the message, so use payload.x.' },
        partnerId: { type: 'string', description: 'Value of $partner.' },
      },
      required: ['expression', 'samples'],
      additionalProperties: false,
    },
    handler: async ({ body }) => ({ results: await evaluateJsonataSamples(body.expression, body.samples, { ...services, ...(body.partnerId ? { partnerId: body.partnerId } : {}) }) }),
  });
}
