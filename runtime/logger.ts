// The process-wide pino logger (JSON lines on stdout); child loggers carry node, flow and correlation fields.
import { pino, type Logger } from 'pino';
import type { NodeLogger } from '../nodes/sdk/index.js';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'tradelane' }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** Adapts pino to the SDK's NodeLogger, tagging every line with the node. */
export function nodeLogger(logger: Logger, nodeId: string, nodeType: string): NodeLogger {
  const child = logger.child({ nodeId, nodeType });
  return {
    debug: (message, fields) => child.debug(fields ?? {}, message),
    info: (message, fields) => child.info(fields ?? {}, message),
    warn: (message, fields) => child.warn(fields ?? {}, message),
    error: (message, fields) => child.error(fields ?? {}, message),
  };
}
