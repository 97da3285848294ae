// Process-wide guards installed once at start: an async handler that rejects must never take the runtime down with it.
import type { Logger } from './logger.js';

let installed = false;

export function installProcessGuards(logger: Logger): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection (kept running)');
  });
}
