// Routes for the node catalog (palette, forms, docs) and JSONata preview against sample messages.
import type { AnyNodeDescriptor, Clock, XrefTables } from '../../nodes/sdk/index.js';
import { describePreviewEngine, JsonataPreviewPool, PreviewBusyError } from '../../nodes/canonical/index.js';
import type { ApiRouter } from './api-router.js';
import type { LoadedNodePackages, NodePackageRef } from '../node-packages/index.js';
import { HttpError } from './http-error.js';

/** Preview limits: what the designer's workbench needs, far below what would tie up an evaluator for long. */
export const PREVIEW_LIMITS = { expressionChars: 10_000, samples: 20, sampleChars: 64 * 1024, sampleTimeoutMs: 1000 } as const;

/** What the designer needs of a descriptor: everything but the implementation, and for an external node its package. */
export function describeForCatalog(descriptor: AnyNodeDescriptor, from?: NodePackageRef) {
  const { create: _create, migrate: _migrate, ...metadata } = descriptor;
  if (!from) return metadata;
  return { ...metadata, origin: 'external' as const, package: { name: from.name, version: from.version ?? null, source: from.source } };
}

/** Each sample's JSON size, located; the schema checks count and expression length. */
function checkSampleSizes(samples: unknown[]): void {
  const details = samples.flatMap((sample, index) => {
    const size = JSON.stringify(sample)?.length ?? 0;
    return size > PREVIEW_LIMITS.sampleChars ? [{ path: `$.samples[${index}]`, message: `is ${size} characters of JSON; a preview sample may have at most ${PREVIEW_LIMITS.sampleChars}` }] : [];
  });
  if (details.length) throw new HttpError(400, 'request body is invalid', details);
}

export function registerCatalogRoutes(api: ApiRouter, descriptors: readonly AnyNodeDescriptor[], services: { xref: XrefTables; clock: Clock }, external: LoadedNodePackages = { nodes: [], packages: [] }): void {
  const packageOf = new Map(external.nodes.map((node) => [node.descriptor.type, node.package]));
  const catalog = descriptors.map((descriptor) => describeForCatalog(descriptor, packageOf.get(descriptor.type)));
  // Which packages were loaded and which were skipped, with the reason (their location on disk stays in the log).
  const packages = external.packages.map(({ location: _location, ...report }) => report);
  // Previews run in worker threads with a hard deadline: a catastrophic regex or a huge range must never block the server.
  const previews = new JsonataPreviewPool({ ...services, sampleTimeoutMs: PREVIEW_LIMITS.sampleTimeoutMs });
  api.add({
    method: 'get', path: '/api/nodes', tag: 'nodes', summary: 'Node catalog: one entry per node type, from its descriptor', access: 'authenticated',
    handler: () => ({ nodes: catalog, packages }),
  });

  api.add<{ expression: string; samples: unknown[]; partnerId?: string }>({
    method: 'post', path: '/api/jsonata/evaluate', tag: 'nodes', summary: 'Evaluate a JSONata expression against sample messages (designer preview)', access: 'authenticated',
    body: {
      type: 'object',
      properties: {
        expression: { type: 'string', maxLength: PREVIEW_LIMITS.expressionChars },
        samples: { type: 'array', maxItems: PREVIEW_LIMITS.samples, description: `Sample messages; $ is the message, so use payload.x. Each at most ${PREVIEW_LIMITS.sampleChars} characters of JSON; each is stopped after ${PREVIEW_LIMITS.sampleTimeoutMs} ms.` },
        partnerId: { type: 'string', description: 'Value of $partner.' },
      },
      required: ['expression', 'samples'],
      additionalProperties: false,
    },
    handler: async ({ body }, res) => {
      checkSampleSizes(body.samples);
      try {
        const results = await previews.evaluate(body.expression, body.samples, body.partnerId);
        // What a node would run it on: the compiled engine, or jsonata-js and why (absent for a syntax error).
        return { results, engine: describePreviewEngine(body.expression) };
      } catch (error) {
        if (!(error instanceof PreviewBusyError)) throw error;
        res.setHeader('Retry-After', '2');
        throw new HttpError(503, 'every preview evaluator is busy, retry shortly', [{ path: '$', message: error.message }]);
      }
    },
  });
}
