// Validates documents against the canonical schemas with one shared ajv, each schema compiled once per process.
import { compileSchema, createAjv, NodeError, type LocatedProblem } from '../sdk/index.js';
import { getCanonicalSchema } from './schemas/index.js';

const canonicalAjv = createAjv();
const checkers = new Map<string, (value: unknown) => LocatedProblem[]>();

/**
 * The compiled checker for a canonical document ("PurchaseOrder", "PurchaseOrder/1" or a full $id). It reports every
 * problem with its JSON path. Throws NodeError UNKNOWN_CANONICAL_DOCUMENT for a name that is not in the registry.
 */
export function canonicalChecker(nameOrId: string): (value: unknown) => LocatedProblem[] {
  const schema = getCanonicalSchema(nameOrId);
  if (!schema) throw new NodeError('UNKNOWN_CANONICAL_DOCUMENT', `unknown canonical document "${nameOrId}"`);
  const id = schema.$id as string;
  let checker = checkers.get(id);
  if (!checker) {
    checker = compileSchema(canonicalAjv, schema);
    checkers.set(id, checker);
  }
  return checker;
}

/** Every schema problem of a document, located by JSON path; empty when the document is valid. */
export function validateCanonical(nameOrId: string, document: unknown): LocatedProblem[] {
  return canonicalChecker(nameOrId)(document);
}
