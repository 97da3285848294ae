// The JSON Schema shape the SDK accepts for node config, credentials and canonical documents (plus our x-widget / x-show-when UI hints).

/** Widgets the designer's generated forms understand; set with `"x-widget"` on a property. */
export type FormWidget = 'text' | 'textarea' | 'jsonata' | 'json' | 'password' | 'csv';

/** Sibling property name -> the values under which a field is shown. */
export type ShowWhen = Record<string, readonly unknown[]>;

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
  /**
   * Conditional display, after n8n's displayOptions.show: the form shows this property only while every named sibling
   * property holds one of the listed values, e.g. `{ auth: ['hmac'] }`. A hidden field keeps its value; only the form hides it.
   */
  'x-show-when'?: ShowWhen;
  // JSON Schema is open-ended: keywords we do not model still pass through to ajv.
  [keyword: string]: unknown;
}
