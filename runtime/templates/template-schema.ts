// The JSON Schema of a template file and the static checks on it: parameter schema compiles, every placeholder is declared.
import { compileSchema, createAjv, type JSONSchema } from '../../nodes/sdk/index.js';
import { collectReferences } from './placeholders.js';
import { RESERVED_PARAMS, type TemplateFile } from './template-types.js';

const ID = '^[a-z0-9][a-z0-9-]{0,47}$';

export const templateFileSchema: JSONSchema = {
  type: 'object',
  required: ['id', 'version', 'name', 'description', 'category', 'parameters', 'partner', 'flowIdSuffix', 'flow', 'example'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: ID },
    version: { type: 'integer', minimum: 1 },
    name: { type: 'string', minLength: 1, maxLength: 120 },
    description: { type: 'string', minLength: 1 },
    category: { type: 'string', minLength: 1, maxLength: 40 },
    parameters: { type: 'object', required: ['type', 'properties'], properties: { type: { const: 'object' }, properties: { type: 'object' } } },
    partner: { type: 'object', properties: { id: { not: {} }, name: { not: {} } } },
    xref: {
      type: 'array',
      items: {
        type: 'object', required: ['param', 'table', 'keyColumn'], additionalProperties: false,
        properties: { param: { type: 'string' }, table: { type: 'string', minLength: 1 }, keyColumn: { type: 'string', minLength: 1 }, requiredColumns: { type: 'array', items: { type: 'string' } } },
      },
    },
    flowIdSuffix: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,23}$' },
    flow: {
      type: 'array', minItems: 1,
      items: { type: 'object', required: ['id', 'type'], properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,32}$' }, type: { type: 'string', not: { const: 'tab' } } } },
    },
    env: {
      type: 'array',
      items: {
        type: 'object', required: ['name', 'type', 'value'], additionalProperties: false,
        properties: { name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' }, type: { enum: ['str', 'num', 'bool', 'json', 'cred'] }, value: {} },
      },
    },
    entries: {
      type: 'array',
      items: {
        type: 'object', required: ['node', 'label', 'contentType'], additionalProperties: false,
        properties: { node: { type: 'string' }, label: { type: 'string' }, contentType: { enum: ['json', 'csv', 'x12', 'edifact', 'xml'] }, headers: { type: 'object', additionalProperties: { type: 'string' } } },
      },
    },
    example: {
      type: 'object', required: ['partnerId', 'params'],
      properties: { partnerId: { type: 'string' }, params: { type: 'object' }, documents: { type: 'object' } },
    },
  },
};

const checkShape = compileSchema(createAjv(), templateFileSchema);

export type Problem = { path: string; message: string };

/** Shape, parameter schema and placeholder checks; the engine check of the instantiated example comes after. */
export function checkTemplateFile(value: unknown): Problem[] {
  const shape = checkShape(value);
  if (shape.length) return shape;
  const template = value as TemplateFile;
  const problems: Problem[] = [];
  try {
    createAjv().compile(template.parameters);
  } catch (error) {
    problems.push({ path: '$.parameters', message: `is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}` });
  }
  const declared = new Set(Object.keys(template.parameters.properties ?? {}));
  for (const reserved of RESERVED_PARAMS) {
    if (declared.has(reserved)) problems.push({ path: `$.parameters.properties.${reserved}`, message: `"${reserved}" is set by the platform; choose another name` });
  }
  const known = new Set([...declared, ...RESERVED_PARAMS]);
  const localIds = new Set<string>();
  template.flow.forEach((node, index) => {
    if (localIds.has(node.id)) problems.push({ path: `$.flow[${index}].id`, message: `duplicate node id "${node.id}"` });
    localIds.add(node.id);
  });
  const sections: Array<[string, unknown]> = [['$.partner', template.partner], ['$.flow', template.flow], ['$.env', template.env ?? []], ['$.xref', template.xref ?? []], ['$.entries', template.entries ?? []]];
  for (const [path, section] of sections) {
    for (const reference of collectReferences(section, path)) {
      if (reference.kind === 'malformed') problems.push({ path: reference.path, message: `a placeholder object holds "$param" (plus optional "default") or "$node" and nothing else: ${reference.name}` });
      else if (reference.kind === 'param' && !known.has(reference.name.split('.')[0]!)) problems.push({ path: reference.path, message: `placeholder uses parameter "${reference.name}", which is not declared in parameters` });
      else if (reference.kind === 'node' && !localIds.has(reference.name)) problems.push({ path: reference.path, message: `placeholder refers to node "${reference.name}", which is not in the flow` });
    }
  }
  problems.push(...secretPlacementProblems(template));
  for (const [index, spec] of (template.xref ?? []).entries()) {
    if (!declared.has(spec.param)) problems.push({ path: `$.xref[${index}].param`, message: `parameter "${spec.param}" is not declared` });
    else if (template.parameters.properties?.[spec.param]?.['x-widget'] !== 'csv') problems.push({ path: `$.parameters.properties.${spec.param}`, message: 'a CSV table parameter needs "x-widget": "csv"' });
  }
  for (const [index, entry] of (template.entries ?? []).entries()) {
    if (!localIds.has(entry.node)) problems.push({ path: `$.entries[${index}].node`, message: `node "${entry.node}" is not in the flow` });
  }
  return problems;
}

/** Where a secret may land in a deployed flow: a node's credentials or a `cred` tab variable, the places sealed at rest. */
const SEALED_PLACE = /^\$\.flow\[\d+\]\.credentials(?:$|[.[])|^\$\.env\[(\d+)\]\.value$/;

/** A secret parameter anywhere else in the flow would be stored and returned in clear. */
function secretPlacementProblems(template: TemplateFile): Problem[] {
  const secrets = new Set(Object.entries(template.parameters.properties ?? {}).filter(([, schema]) => Boolean(schema['x-secret'])).map(([name]) => name));
  if (!secrets.size) return [];
  const problems: Problem[] = [];
  for (const [path, section] of [['$.flow', template.flow], ['$.env', template.env ?? []]] as const) {
    for (const reference of collectReferences(section, path)) {
      if (reference.kind !== 'param' || !secrets.has(reference.name.split('.')[0]!)) continue;
      const place = SEALED_PLACE.exec(reference.path);
      const envIndex = place?.[1];
      if (place && (envIndex === undefined || template.env?.[Number(envIndex)]?.type === 'cred')) continue;
      problems.push({ path: reference.path, message: `secret parameter "${reference.name}" may only be placed in a node's credentials or a "cred" entry of env, where it is sealed at rest and never shown` });
    }
  }
  return problems;
}
