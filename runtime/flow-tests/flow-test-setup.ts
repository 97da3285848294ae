// Builds the flow test service from the runtime's stores and engine and registers its routes (keeps server.ts to one line).
import type { AnyNodeDescriptor, DeliveryTracker } from '../../nodes/sdk/index.js';
import type { ApiRouter } from '../api/api-router.js';
import { registerFlowTestRoutes } from '../api/flow-test-routes.js';
import type { FlowEngine } from '../engine/flow-engine.js';
import type { NodeRedHooks } from '../engine/trace-hooks.js';
import type { FlowStore } from '../store/flow-store.js';
import { FlowTestStore } from '../store/flow-test-store.js';
import { FlowTestService } from './flow-test-service.js';

export interface FlowTestInputs {
  dataDir: string;
  flows: FlowStore;
  engine: FlowEngine & { readonly hooks: NodeRedHooks };
  deliveries: DeliveryTracker;
  catalog: readonly AnyNodeDescriptor[];
}

export function createFlowTests(api: ApiRouter, inputs: FlowTestInputs): FlowTestService {
  const service = new FlowTestService(new FlowTestStore(inputs.dataDir), inputs.flows, { engine: inputs.engine, hooks: inputs.engine.hooks, deliveries: inputs.deliveries, catalog: inputs.catalog });
  registerFlowTestRoutes(api, service);
  return service;
}
