// tl-availability-update: writes inventory availability from an ERP/WMS event into the durable availability cache (a newer asOf wins).
import { defineNode } from '../sdk/index.js';
import { AvailabilityCache } from './availability-cache.js';
import { cacheNameProperty, cacheNamespace, STORAGE_DOCS } from './cache-name.js';
import { updatesOf } from './event-checks.js';

export interface AvailabilityUpdateConfig {
  cacheName: string;
}

export const availabilityUpdateNode = defineNode<AvailabilityUpdateConfig>({
  type: 'tl-availability-update',
  category: 'customer-portal',
  label: 'availability update',
  summary: 'Stores inventory availability from ERP/WMS events in a durable cache that portal reads are answered from.',
  color: '#F3B567',
  icon: 'font-awesome/fa-cubes',
  origin: 'tradelane',
  inputs: 1,
  sideEffects: 'none',
  outputs: [{ label: 'stored' }],
  configSchema: { type: 'object', properties: { cacheName: cacheNameProperty }, additionalProperties: false },
  docs: `Takes an ERP/WMS inventory event in \`msg.payload\`: one position \`{sku, location, available, onHand?, asOf}\` or \`{positions: [...]}\`.

Each position replaces the cached one of its SKU and location unless the cache already holds a **newer** \`asOf\`, so events delivered out of order never roll availability back.
\`msg.availability = {applied, stale}\` says what happened. An invalid event fails with \`AVAILABILITY_INVALID\` (not retryable) with every problem located (\`$.positions[1].available\`), and nothing of it is written.
Read the cache with **availability read** (same **cacheName**).

### Outputs

**stored**: the message, once every position of the event is in the cache, with \`msg.availability = {applied, stale}\`.

${STORAGE_DOCS}`,

  create(ctx, config) {
    const cache = new AvailabilityCache(ctx.services.keyValue(cacheNamespace(config.cacheName)));
    return {
      async onInput(msg) {
        msg.availability = await cache.apply(updatesOf(msg.payload));
        return msg;
      },
    };
  },
});
