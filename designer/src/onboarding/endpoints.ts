// The HTTP endpoints a generated flow opens (partner intake and core "http in" nodes), as absolute URLs on this server.
import type { NodeRedNode } from '../api/types';

export interface Endpoint {
  label: string;
  url: string;
}

export function partnerEndpoints(flow: NodeRedNode[], partnerId: string): Endpoint[] {
  const origin = window.location.origin;
  const endpoints: Endpoint[] = [];
  for (const node of flow) {
    const name = typeof node.name === 'string' && node.name ? node.name : node.type;
    if (node.type === 'tl-intake' && typeof node.path === 'string') {
      const partner = typeof node.partnerId === 'string' && node.partnerId ? node.partnerId : partnerId;
      endpoints.push({ label: `${name} (POST, partner credentials)`, url: `${origin}/partners/${partner}/${node.path.replace(/^\//, '')}` });
    } else if (node.type === 'http in' && typeof node.url === 'string') {
      // Core http in routes are served under their flow: /hooks/<flow id><url>.
      const flowId = typeof node.z === 'string' ? node.z : '';
      endpoints.push({ label: `${name} (${String(node.method ?? 'get').toUpperCase()})`, url: `${origin}/hooks/${flowId}${node.url.startsWith('/') ? '' : '/'}${node.url}` });
    }
  }
  return endpoints;
}
