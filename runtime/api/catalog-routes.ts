// Routes for the node catalog (palette, forms, docs) and JSONata preview against sample messages.
import type { AnyNodeDescriptor } from '../../nodes/sdk/index.js';
import type { ApiRouter } from './api-router.js';

/** What the designer needs of a descriptor: everything but the implementation. */
export function describeForCatalog(descriptor: AnyNodeDescriptor) {
  const { create: _create, ...metadata } = descriptor;
  return metadata;
}

export function registerCatalogRoutes(api: ApiRouter, descriptors: readonly AnyNodeDescriptor[]): void {
  const catalog = descriptors.map(describeForCatalog);
  api.add({
    method: 'get', path: '/api/nodes', tag: 'nodes', summary: 'Node catalog: one entry per node type, from its descriptor', access: 'authenticated',
    handler: () => ({ nodes: catalog }),
  });
}
