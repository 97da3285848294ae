// Fixed values shared by the bench servers and scenarios: credentials of the throw-away runtimes and the repository root.
import path from 'node:path';
import { runtimeStartFlags } from '../lib/node-flags.js';

/** dist/bench/servers -> repository root (the bench always runs compiled). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const BENCH_ADMIN_PASSWORD = 'bench-admin-password';
export const BENCH_API_KEY = 'bench-demo-api-key';
export const BENCH_PARTNER_ID = 'demo-supplier';
export const BENCH_INTAKE_PATH = 'bench-acks';

/**
 * Node flags for every server under test (runtime and bare alike): the ones `npm start` uses, e.g.
 * --max-semi-space-size. Any node server could use them, so the bare limit gets them too.
 */
export const SERVER_NODE_FLAGS = runtimeStartFlags(REPO_ROOT);
