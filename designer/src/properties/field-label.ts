// The form's label for a config path, so problem messages name a field the way the property panel shows it.
import type { JSONSchema } from '../../../nodes/sdk/json-schema.js';

/** "rules.0.p" -> "Rules › Property"; a segment the schema gives no title keeps its key. */
export function fieldLabel(schema: JSONSchema, path: string): string {
  const names: string[] = [];
  let current: JSONSchema | undefined = schema;
  for (const segment of path.split('.').filter(Boolean)) {
    if (/^\d+$/.test(segment) && current?.items) {
      current = current.items;
      continue;
    }
    current = current?.properties?.[segment];
    names.push(current?.title ?? segment);
  }
  return names.join(' › ');
}
