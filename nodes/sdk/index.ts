// Public surface of the Tradelane node SDK: what custom-node authors import.
export { defineNode } from './descriptor.js';
export type { AnyNodeDescriptor, InputHelpers, NodeBehaviour, NodeDescriptor, OutputPort } from './descriptor.js';
export type * from './context.js';
export type * from './ledger.js';
export { BUSINESS_KEY_NAMES, exceptionDocumentRef, LEDGER_ID_PROPERTY, LEDGER_STATUSES } from './ledger.js';
export type { Failure, NodeOutput, TradelaneMessage } from './message.js';
export type { FormWidget, JSONSchema } from './json-schema.js';
export { NodeError, toNodeError } from './errors.js';
export { ConfigValidator, extractConfig, NODE_RED_STANDARD_KEYS } from './config-validation.js';
export { compileSchema, createAjv, describeAjvErrors, pointerToJsonPath, type LocatedProblem } from './schema-validation.js';
export { createSecrets } from './secrets.js';
export { createNodeHarness, collectOutput, type HarnessResult, type NodeHarness } from './harness.js';
export { createMemoryServices, ManualClock, MemoryDeadLetters, MemoryDeliveries, MemoryExceptions, MemoryLedger, MemoryQueueBackend, MemoryHttpRoutes, MemoryKeyValueStore, MemoryPartnerDirectory, MemoryTracer, MemoryXrefTables } from './memory-services.js';
export { registerWithNodeRed, type BindingOptions, type RedNodeApi } from './node-red-binding.js';
export { coreNodes } from './core-nodes/index.js';
export { compileExpression, compileJsonata, createJsonataBindings, describeJsonataError, evaluateJsonata, jsonataBoolean, jsonataNodeError, lineAndColumn, stripSequenceMarkers, type CompiledExpression, type JsonataErrorInfo, type JsonataExpression } from './jsonata.js';
export { locateJsonError, type JsonSyntaxLocation } from './json-location.js';
export { DEFAULT_MAX_NESTING_DEPTH, jsonDepthViolation, valueDepthExceeds, type DepthViolation } from './nesting-depth.js';
