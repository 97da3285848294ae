// Validates a flow node's properties against its descriptor's configSchema and yields the config with defaults applied.
import type { AnyNodeDescriptor } from './descriptor.js';
import { compileSchema, createAjv, type LocatedProblem } from './schema-validation.js';

/** Properties every Node-RED node carries; they are not part of a descriptor's configSchema. */
export const NODE_RED_STANDARD_KEYS = new Set(['id', 'type', 'z', 'x', 'y', 'wires', 'name', 'g', 'info', 'l', 'd', 'credentials', '_users', 'inputLabels', 'outputLabels', 'icon', 'color']);

/** Picks the descriptor-owned properties out of a flow node. */
export function extractConfig(node: Record<string, unknown>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!NODE_RED_STANDARD_KEYS.has(key)) config[key] = value;
  }
  return config;
}

export class ConfigValidator {
  private readonly checkers = new Map<string, (value: unknown) => LocatedProblem[]>();
  private readonly ajv = createAjv({ useDefaults: true });

  constructor(descriptors: Iterable<AnyNodeDescriptor>) {
    for (const descriptor of descriptors) {
      this.checkers.set(descriptor.type, compileSchema(this.ajv, descriptor.configSchema));
    }
  }

  knows(type: string): boolean {
    return this.checkers.has(type);
  }

  /** Returns the config with schema defaults filled in, and every problem located by JSON path. */
  check(type: string, node: Record<string, unknown>): { config: Record<string, unknown>; problems: LocatedProblem[] } {
    const checker = this.checkers.get(type);
    const config = structuredClone(extractConfig(node));
    if (!checker) return { config, problems: [{ path: '$.type', message: `unknown node type "${type}"` }] };
    return { config, problems: checker(config) };
  }
}
