// Evaluates a property's x-show-when display hint (declared in the node's descriptor) against the values beside it.
import type { JSONSchema } from '../../../nodes/sdk/json-schema.js';

/** Whether a property's form field is shown; an unset sibling counts as its default. Hidden fields keep their values. */
export function isShown(property: JSONSchema, siblings: Readonly<Record<string, unknown>>, siblingSchemas: Readonly<Record<string, JSONSchema>> = {}): boolean {
  const condition = property['x-show-when'];
  if (!condition) return true;
  return Object.entries(condition).every(([name, allowed]) => {
    const value = siblings[name] === undefined ? siblingSchemas[name]?.default : siblings[name];
    return allowed.includes(value);
  });
}
