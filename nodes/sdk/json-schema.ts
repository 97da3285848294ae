// The JSON Schema shape the SDK accepts for node config, credentials and canonical documents (plus our x-widget UI hints).

/** Widgets the designer's generated forms understand; set with `"x-widget"` on a property. */
export type FormWidget = 'text' | 'textarea' | 'jsonata' | 'json' | 'password' | 'csv';

export interface JSONSchema {
  $id?: string;
  $schema?: string;
  $ref?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  properties?: Record<string, JSONSchema>;
  required?: string[];
  additionalProperties?: boolean | JSONSchema;
  items?: JSONSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  oneOf?: JSONSchema[];
  anyOf?: JSONSchema[];
  allOf?: JSONSchema[];
  examples?: unknown[];
  'x-widget'?: FormWidget;
  /** Secret fields are masked and write-only in the designer and never echoed by the API. */
  'x-secret'?: boolean;
  // JSON Schema is open-ended: keywords we do not model still pass through to ajv.
  [keyword: string]: unknown;
}
