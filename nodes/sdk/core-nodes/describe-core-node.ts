// Helper that turns a short description of a Node-RED core node into an SDK descriptor (metadata only, no create()).
import { defineNode, type NodeDescriptor, type SideEffects } from '../descriptor.js';
import type { JSONSchema } from '../json-schema.js';

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

/** Core node config stays open (additionalProperties): Node-RED adds fields between versions and imported flows carry them. */
export function describeCoreNode(spec: CoreNodeSpec): NodeDescriptor {
  return defineNode({
    type: spec.type,
    category: spec.category,
    label: spec.label,
    summary: spec.summary,
    color: spec.color ?? '#d8d8d8',
    inputs: spec.inputs,
    sideEffects: spec.sideEffects,
    outputs: spec.outputs.map((label) => ({ label })),
    configSchema: { type: 'object', properties: spec.properties, required: spec.required ?? [], additionalProperties: true },
    docs: spec.docs,
    origin: 'node-red',
  });
}
