// tl-availability-read: answers a portal's availability read from the durable cache, never from the ERP.
import { compileExpression, defineNode } from '../sdk/index.js';
import { AvailabilityCache } from './availability-cache.js';
import { cacheNameProperty, cacheNamespace, STORAGE_DOCS } from './cache-name.js';
import { skuListOf } from './event-checks.js';

export interface AvailabilityReadConfig {
  cacheName: string;
  skusExpression: string;
  locationExpression: string;
}

export const availabilityReadNode = defineNode<AvailabilityReadConfig>({
  type: 'tl-availability-read',
  category: 'customer-portal',
  label: 'availability read',
  summary: 'Puts the cached availability of the requested SKUs on the message, so a portal page view never reaches the ERP.',
  color: '#F3B567',
  icon: 'font-awesome/fa-cubes',
  origin: 'tradelane',
  inputs: 1,
  sideEffects: 'none',
  outputs: [{ label: 'availability' }],
  configSchema: {
    type: 'object',
    properties: {
      cacheName: cacheNameProperty,
      skusExpression: { type: 'string', minLength: 1, 'x-widget': 'jsonata', default: 'payload.skus', title: 'SKUs (JSONata)', description: 'An array of SKUs or a comma-separated string; at most 500.' },
      locationExpression: { type: 'string', default: 'payload.location', 'x-widget': 'jsonata', title: 'Location (JSONata)', description: 'Empty, or no value: every location.' },
    },
    additionalProperties: false,
  },
  docs: `Evaluates **skusExpression** (and **locationExpression**) against the message and sets
\`msg.payload = {items: [{sku, locations: {"DC-EAST": {available, onHand, asOf}}}], missing: [...], cachedAt}\`.
SKUs the cache does not hold (for that location) are listed in \`missing\`. No SKUs fail with \`AVAILABILITY_NO_SKUS\`, more than 500 with \`AVAILABILITY_TOO_MANY_SKUS\` (neither retryable).
The cache is filled by **availability update** (same **cacheName**).

${STORAGE_DOCS}`,

  create(ctx, config) {
    const cache = new AvailabilityCache(ctx.services.keyValue(cacheNamespace(config.cacheName)));
    const skus = compileExpression(config.skusExpression, 'skusExpression');
    const location = config.locationExpression.trim() ? compileExpression(config.locationExpression, 'locationExpression') : undefined;
    return {
      async onInput(msg) {
        const where = location ? await location.evaluate(msg) : undefined;
        const result = await cache.read(skuListOf(await skus.evaluate(msg)), typeof where === 'string' && where ? where : undefined);
        msg.payload = { ...result, cachedAt: new Date(ctx.services.clock.now()).toISOString() };
        return msg;
      },
    };
  },
});
