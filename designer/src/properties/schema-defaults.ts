// Initial config for a newly dropped node: the `default` of each top-level property of its configSchema.
import type { JSONSchema } from '../../../nodes/sdk/json-schema';

export function defaultsFor(schema: JSONSchema): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (property.default !== undefined) config[key] = structuredClone(property.default);
  }
  return config;
}
