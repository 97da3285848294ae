// NodeError and the normalisation of anything a node throws (strings, JSONata's plain objects) into a coded Error.

export interface NodeErrorOptions {
  retryable?: boolean;
  details?: unknown;
  cause?: unknown;
}

/** The error nodes throw: a code, a retry hint and optional located details. */
export class NodeError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly details: unknown;

  constructor(code: string, message: string, options: NodeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NodeError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

interface JsonataLikeError {
  code?: unknown;
  message?: unknown;
  position?: unknown;
  token?: unknown;
}

/** Turns any thrown value into a NodeError so Node-RED never prints "[object Object]" and callers always get a code. */
export function toNodeError(thrown: unknown, fallbackCode = 'NODE_FAILED'): NodeError {
  if (thrown instanceof NodeError) return thrown;
  if (thrown instanceof Error) {
    const ownCode: unknown = (thrown as Error & { code?: unknown }).code;
    const code = typeof ownCode === 'string' ? ownCode : fallbackCode;
    const wrapped = new NodeError(code, thrown.message, { cause: thrown });
    if (thrown.stack) wrapped.stack = thrown.stack;
    return wrapped;
  }
  if (thrown !== null && typeof thrown === 'object') {
    const candidate = thrown as JsonataLikeError;
    const message = typeof candidate.message === 'string' ? candidate.message : JSON.stringify(thrown);
    const code = typeof candidate.code === 'string' ? candidate.code : fallbackCode;
    const details: Record<string, unknown> = {};
    if (candidate.position !== undefined) details.position = candidate.position;
    if (candidate.token !== undefined) details.token = candidate.token;
    return new NodeError(code, message, { details: Object.keys(details).length ? details : undefined });
  }
  return new NodeError(fallbackCode, String(thrown));
}
