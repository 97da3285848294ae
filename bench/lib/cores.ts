// Which core runs what: the server under test on core 0, the load generator (this process) and the mock ERP on core 1.
import os from 'node:os';
import { hasTaskset, pinProcess } from './processes.js';

export interface CorePlan {
  server: number | undefined;
  load: number | undefined;
  pinned: boolean;
}

/** Pins this process (autocannon runs in it) and returns the cores to give the children; no pinning on one core or without taskset. */
export function planCores(): CorePlan {
  if (!hasTaskset() || os.cpus().length < 2) return { server: undefined, load: undefined, pinned: false };
  const pinned = pinProcess(process.pid, 1);
  return pinned ? { server: 0, load: 1, pinned: true } : { server: undefined, load: undefined, pinned: false };
}
