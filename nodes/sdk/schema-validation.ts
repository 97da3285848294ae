// One ajv setup for the whole product (node config, canonical documents, API bodies) and JSON-path error locations.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import * as addFormatsModule from 'ajv-formats';
import type { JSONSchema } from './json-schema.js';

// ajv-formats ships CommonJS with a default export; under NodeNext the callable sits on .default.
const addFormats = addFormatsModule.default as unknown as (ajv: Ajv2020) => Ajv2020;

export interface LocatedProblem {
  /** JSON path of the offending value, e.g. "$.lines[0].qty". */
  path: string;
  message: string;
}

export interface SchemaValidatorOptions {
  /** Fill in schema defaults on the validated object (node config). */
  useDefaults?: boolean;
}

export function createAjv(options: SchemaValidatorOptions = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false, // our x-widget / x-secret UI hints are not JSON Schema keywords
    useDefaults: options.useDefaults ?? false,
    coerceTypes: false,
  });
  addFormats(ajv);
  return ajv;
}

/** Converts ajv's JSON Pointer ("/lines/0/qty") into a JSON path ("$.lines[0].qty"). */
export function pointerToJsonPath(pointer: string): string {
  if (!pointer) return '$';
  return '$' + pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : /^[A-Za-z_$][\w$]*$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`))
    .join('');
}

/** Turns ajv errors into located problems a person can act on. */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined): LocatedProblem[] {
  if (!errors) return [];
  return errors.map((error) => {
    let path = pointerToJsonPath(error.instancePath);
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'required') {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      path = `${path === '$' ? '$' : path}.${missing}`;
      message = 'is required';
    } else if (error.keyword === 'additionalProperties') {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      path = `${path}.${extra}`;
      message = 'is not an allowed property';
    } else if (error.keyword === 'enum') {
      message = `must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}`;
    }
    return { path, message };
  });
}

/** Compiles a schema once and returns a checker that reports every problem with its location. */
export function compileSchema(ajv: Ajv2020, schema: JSONSchema): (value: unknown) => LocatedProblem[] {
  const validate: ValidateFunction = ajv.compile(schema);
  return (value) => (validate(value) ? [] : describeAjvErrors(validate.errors));
}
