// The business-event catalog: every event type, its versions and the JSON Schema of its payload, in one place.
import { compileSchema, createAjv, NodeError, type JSONSchema, type LocatedProblem } from '../sdk/index.js';
import { getCanonicalSchema } from '../canonical/index.js';

export interface EventTypeVersion {
  type: string;
  version: number;
  summary: string;
  /** The payload's schema: a canonical document or an event-specific one. */
  payloadSchema: JSONSchema;
}

function canonical(name: string): JSONSchema {
  const schema = getCanonicalSchema(name);
  if (!schema) throw new Error(`event catalog: canonical document ${name} is missing`);
  return schema;
}

const orderStatusChangedV1: JSONSchema = {
  $id: 'https://tradelane.dev/schemas/events/OrderStatusChanged/1.json',
  type: 'object',
  required: ['orderNumber', 'status', 'changedAt'],
  additionalProperties: false,
  properties: {
    orderNumber: { type: 'string', minLength: 1, description: 'The customer order (or PO) whose status changed.' },
    poNumber: { type: 'string', minLength: 1 },
    customerOrderNumber: { type: 'string', minLength: 1 },
    status: { type: 'string', enum: ['received', 'confirmed', 'backordered', 'shipped', 'delivered', 'invoiced', 'cancelled'] },
    previousStatus: { type: 'string' },
    changedAt: { type: 'string', format: 'date-time' },
    promisedDate: { type: 'string', format: 'date' },
    reason: { type: 'string' },
  },
};

/** Every event type and version Tradelane knows; publishing anything else is refused. */
export const EVENT_TYPES: readonly EventTypeVersion[] = Object.freeze([
  { type: 'PurchaseOrderAcknowledged', version: 1, summary: 'A supplier acknowledged a purchase order (possibly with changed dates or quantities).', payloadSchema: canonical('PurchaseOrderAcknowledgement/1') },
  { type: 'ShipmentNotified', version: 1, summary: 'A supplier announced a shipment (advance ship notice).', payloadSchema: canonical('AdvanceShipNotice/1') },
  { type: 'InvoiceReceived', version: 1, summary: 'A supplier invoice arrived.', payloadSchema: canonical('Invoice/1') },
  { type: 'OrderStatusChanged', version: 1, summary: 'An order moved to another status (for the customer portal and order management).', payloadSchema: orderStatusChangedV1 },
]);

export const EVENT_TYPE_NAMES: readonly string[] = [...new Set(EVENT_TYPES.map((entry) => entry.type))];

const eventAjv = createAjv();
const checkers = new Map<string, (value: unknown) => LocatedProblem[]>();

export function findEventType(type: string, version: number): EventTypeVersion | undefined {
  return EVENT_TYPES.find((entry) => entry.type === type && entry.version === version);
}

/** The compiled payload checker of one event type version; throws UNKNOWN_EVENT_TYPE for one the catalog lacks. */
export function eventPayloadChecker(type: string, version: number): (payload: unknown) => LocatedProblem[] {
  const entry = findEventType(type, version);
  if (!entry) {
    const known = EVENT_TYPES.map((candidate) => `${candidate.type} v${candidate.version}`).join(', ');
    throw new NodeError('UNKNOWN_EVENT_TYPE', `unknown event type ${type} v${version} (known: ${known})`, { details: [{ path: '$.eventType', message: 'is not in the event catalog' }] });
  }
  const id = `${type}/${version}`;
  let checker = checkers.get(id);
  if (!checker) {
    checker = compileSchema(eventAjv, entry.payloadSchema);
    checkers.set(id, checker);
  }
  return checker;
}

/** The payload's problems, located under $.payload as they sit in the event envelope; empty when it is valid. */
export function checkEventPayload(type: string, version: number, payload: unknown): LocatedProblem[] {
  return eventPayloadChecker(type, version)(payload).map((problem) => ({ ...problem, path: problem.path.replace(/^\$/, '$.payload') }));
}
