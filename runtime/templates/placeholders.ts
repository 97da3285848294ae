// Template placeholders: typed {"$param": "name"} values, "{{param.name}}" text interpolation and {"$node": "local"} references.

/** Matches "{{param.name}}", "{{param.name.sub}}" and "{{node.localId}}" inside strings. */
const TEXT_PLACEHOLDER = /\{\{\s*(param|node)\.([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}/g;

export interface PlaceholderReference {
  /** JSON path inside the template section, e.g. "$.flow[2].partnerId". */
  path: string;
  /** malformed: an object with "$param"/"$node" plus other keys (only "default" may sit beside "$param"). */
  kind: 'param' | 'node' | 'malformed';
  /** Parameter path ("isaId", "sla.ackWithinHours") or local node id. */
  name: string;
}

export interface SubstitutionContext {
  /** Value of a parameter path; undefined when the parameter was not given and has no default. */
  param(path: string): unknown;
  /** Deployed id of a node given its local (template) id. */
  node(localId: string): string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A {"$param": "x"} object, optionally with "default"; nothing else may sit beside them. */
function paramPlaceholder(value: Record<string, unknown>): { name: string; fallback?: unknown } | undefined {
  if (typeof value.$param !== 'string') return undefined;
  const keys = Object.keys(value);
  if (keys.some((key) => key !== '$param' && key !== 'default')) return undefined;
  return { name: value.$param, ...('default' in value ? { fallback: value.default } : {}) };
}

function nodePlaceholder(value: Record<string, unknown>): string | undefined {
  return typeof value.$node === 'string' && Object.keys(value).length === 1 ? value.$node : undefined;
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Every placeholder in a template section, with where it sits, so a loader can check that each one is declared. */
export function collectReferences(value: unknown, path = '$'): PlaceholderReference[] {
  const found: PlaceholderReference[] = [];
  const walk = (current: unknown, at: string) => {
    if (typeof current === 'string') {
      for (const match of current.matchAll(TEXT_PLACEHOLDER)) found.push({ path: at, kind: match[1] as 'param' | 'node', name: match[2]! });
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => walk(item, childPath(at, index)));
    } else if (isPlainObject(current)) {
      const param = paramPlaceholder(current);
      if (param) {
        found.push({ path: at, kind: 'param', name: param.name });
        return;
      }
      const node = nodePlaceholder(current);
      if (node) {
        found.push({ path: at, kind: 'node', name: node });
        return;
      }
      if ('$param' in current || '$node' in current) found.push({ path: at, kind: 'malformed', name: JSON.stringify(current).slice(0, 80) });
      for (const [key, child] of Object.entries(current)) walk(child, childPath(at, key));
    }
  };
  walk(value, path);
  return found;
}

/** Text form of a parameter value inside a string: numbers and booleans as written, objects as JSON, missing as "". */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Replaces every placeholder. A {"$param"} keeps the parameter's JSON type (a number stays a number); a missing optional
 * parameter without default removes the property (or array item) that held it. Text placeholders always give text.
 */
export function substitute(value: unknown, context: SubstitutionContext): unknown {
  if (typeof value === 'string') {
    return value.replace(TEXT_PLACEHOLDER, (_match, kind: string, name: string) => (kind === 'node' ? context.node(name) : asText(context.param(name))));
  }
  if (Array.isArray(value)) {
    return value.map((item) => substitute(item, context)).filter((item) => item !== undefined);
  }
  if (isPlainObject(value)) {
    const param = paramPlaceholder(value);
    if (param) {
      const resolved = context.param(param.name);
      return structuredClone(resolved === undefined ? param.fallback : resolved);
    }
    const node = nodePlaceholder(value);
    if (node) return context.node(node);
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const replaced = substitute(child, context);
      if (replaced !== undefined) result[key] = replaced;
    }
    return result;
  }
  return value;
}

/** Reads a dotted path ("sla.ackWithinHours") from an object. */
export function readPath(source: Record<string, unknown>, path: string): unknown {
  let current: unknown = source;
  for (const key of path.split('.')) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}
