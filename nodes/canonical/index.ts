// Public surface of the canonical domain: document schemas, their TypeScript types and examples (nodes follow).
export * from './schemas/index.js';
export type * from './types.js';
export { canonicalExamples } from './examples.js';
