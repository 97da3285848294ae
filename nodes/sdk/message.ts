// The message shape every Tradelane node receives: a Node-RED message that always carries a correlation ID.

export interface Failure {
  /** Machine-readable error code, e.g. VALIDATION_FAILED, ERP_UNAVAILABLE. */
  code: string;
  message: string;
  /** True when trying again later may succeed (network errors, 5xx, 429). */
  retryable: boolean;
  nodeId: string;
  nodeType: string;
  at: string;
  details?: unknown;
}

export interface TradelaneMessage {
  _msgid?: string;
  correlationId: string;
  payload: unknown;
  /** Partner the message came from or goes to, when known. */
  partnerId?: string;
  /** Set by the SDK before a node reports an error, so Catch nodes and dead letters keep the structured facts. */
  failure?: Failure;
  /** Each failed attempt, oldest first (retry, queue and dead letter append here). */
  failures?: Failure[];
  // Node-RED messages are open: flows attach their own properties (topic, headers, req, res, ...).
  [property: string]: unknown;
}

/** What a node hands downstream: Node-RED's send() convention (one message, or one entry per output port). */
export type NodeOutput = TradelaneMessage | null | undefined | Array<TradelaneMessage | TradelaneMessage[] | null | undefined>;
