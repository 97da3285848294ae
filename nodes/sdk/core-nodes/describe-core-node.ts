// Helper that turns a short description of a Node-RED core node into an SDK descriptor (metadata only, no create()).
import { defineNode, type NodeDescriptor, type SideEffects } from '../descriptor.js';
import type { JSONSchema } from '../json-schema.js';
import { withTitles } from './core-field-titles.js';

export interface CoreNodeSpec {
  type: string;
  category: string;
  label: string;
  summary: string;
  inputs: 0 | 1;
  /** 'external' when Node-RED's node reaches outside (HTTP calls and answers, files, brokers). */
  sideEffects: SideEffects;
  outputs: string[];
  properties: Record<string, JSONSchema>;
  required?: string[];
  docs: string;
  color?: string;
}

/** Text Node-RED's editor takes for a number field: a number, empty (the node's default) or an ${ENV} reference. */
const NUMBER_TEXT = '^\\s*(-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?)?\\s*$|^\\$\\{[^}]+\\}$';

function typesOf(schema: JSONSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

/**
 * Node-RED stores what its editor's inputs hold and its runtime coerces the rest: a checkbox may arrive as
 * "true"/"false" ("console": "false"), a number field as "" or "5" ("timeout": ""). So a boolean also accepts a
 * string and a number also accepts number text; enums, patterns and bounds on real numbers still catch mistakes.
 */
export function asNodeRedAccepts(schema: JSONSchema): JSONSchema {
  const types = typesOf(schema);
  const next: JSONSchema = { ...schema };
  if (!types.includes('string')) {
    if (types.includes('boolean')) next.type = [...types, 'string'];
    else if (types.includes('number') || types.includes('integer')) Object.assign(next, { type: [...types, 'string'], pattern: NUMBER_TEXT });
  }
  if (schema.properties) next.properties = Object.fromEntries(Object.entries(schema.properties).map(([key, child]) => [key, asNodeRedAccepts(child)]));
  if (schema.items) next.items = asNodeRedAccepts(schema.items);
  return next;
}

/**
 * Core node config stays open (additionalProperties): Node-RED adds fields between versions and imported flows carry them.
 * Every property gets a human title (the form's label) from the shared vocabulary unless the spec words its own.
 */
export function describeCoreNode(spec: CoreNodeSpec): NodeDescriptor {
  const properties = Object.fromEntries(Object.entries(spec.properties).map(([key, schema]) => [key, asNodeRedAccepts(withTitles(key, schema))]));
  return defineNode({
    type: spec.type,
    category: spec.category,
    label: spec.label,
    summary: spec.summary,
    color: spec.color ?? '#d8d8d8',
    inputs: spec.inputs,
    sideEffects: spec.sideEffects,
    outputs: spec.outputs.map((label) => ({ label })),
    configSchema: { type: 'object', properties, required: spec.required ?? [], additionalProperties: true },
    docs: spec.docs,
    origin: 'node-red',
  });
}
