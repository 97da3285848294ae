// Runs a node's input handler safely: every throw or rejection becomes a coded error on the message, never a crash.
import type { InputHelpers, NodeBehaviour } from './descriptor.js';
import { NodeError, toNodeError } from './errors.js';
import type { Failure, TradelaneMessage } from './message.js';

export interface NodeIdentity {
  nodeId: string;
  nodeType: string;
}

export function describeFailure(error: NodeError, identity: NodeIdentity, at: Date): Failure {
  const failure: Failure = {
    code: error.code,
    message: error.message,
    retryable: error.retryable,
    nodeId: identity.nodeId,
    nodeType: identity.nodeType,
    at: at.toISOString(),
  };
  if (error.details !== undefined) failure.details = error.details;
  return failure;
}

/**
 * Calls onInput and sends its result. On failure the structured facts are put on msg.failure first,
 * because Node-RED's Catch nodes only receive {message, source, stack} of the error itself.
 */
export async function invokeInput(
  behaviour: NodeBehaviour,
  msg: TradelaneMessage,
  helpers: InputHelpers,
  identity: NodeIdentity,
  now: () => number,
): Promise<NodeError | undefined> {
  if (!behaviour.onInput) return undefined;
  try {
    const output = await behaviour.onInput(msg, helpers);
    if (output !== undefined && output !== null) helpers.send(output);
    return undefined;
  } catch (thrown) {
    const error = toNodeError(thrown);
    msg.failure = describeFailure(error, identity, new Date(now()));
    return error;
  }
}

/** Used when create() itself failed: every message to that node reports why. */
export function notStartedError(cause: unknown): NodeError {
  const error = toNodeError(cause, 'NODE_NOT_STARTED');
  return new NodeError('NODE_NOT_STARTED', `node failed to start: ${error.message}`, { cause: error });
}
