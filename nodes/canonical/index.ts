// Public surface of the canonical domain: document schemas and types, the canonical nodes and the JSONata preview.
import type { AnyNodeDescriptor } from '../sdk/index.js';
import { matchNode } from './match-node.js';
import { toleranceNode } from './tolerance-node.js';
import { transformNode } from './transform-node.js';
import { validateNode } from './validate-node.js';
import { xrefNode } from './xref-node.js';

export const canonicalNodes: AnyNodeDescriptor[] = [validateNode, transformNode, xrefNode, toleranceNode, matchNode];

export * from './schemas/index.js';
export type * from './types.js';
export { canonicalExamples } from './examples.js';
export { canonicalChecker, validateCanonical } from './canonical-validator.js';
export { describePreviewEngine, evaluateJsonataSamples, type JsonataSampleResult, type PreviewBindings } from './jsonata-preview.js';
export { JsonataPreviewPool, PreviewBusyError, type PreviewPoolOptions } from './jsonata-preview-pool.js';
export { compileJsonata, createJsonataBindings, describeJsonataError, type JsonataErrorInfo } from '../sdk/jsonata.js';
export { compareAcknowledgement, compareShipNotice, type ToleranceException, type ToleranceField } from './tolerance-rules.js';
export { validateNode, type ValidateConfig, type ValidationRule } from './validate-node.js';
export { transformNode, type TransformConfig } from './transform-node.js';
export { xrefNode, type XrefConfig, type XrefMiss } from './xref-node.js';
export { toleranceNode, type ToleranceConfig } from './tolerance-node.js';
export { matchNode, MATCH_EXCEPTION_KIND, type MatchConfig, type MatchOutcome } from './match-node.js';
export { matchInvoice, type MatchField, type MatchMismatch, type MatchPolicy } from './match-rules.js';
