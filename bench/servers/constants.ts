// Fixed values shared by the bench servers and scenarios: credentials of the throw-away runtimes and the repository root.
import path from 'node:path';

/** dist/bench/servers -> repository root (the bench always runs compiled). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const BENCH_ADMIN_PASSWORD = 'bench-admin-password';
export const BENCH_API_KEY = 'bench-demo-api-key';
export const BENCH_PARTNER_ID = 'demo-supplier';
export const BENCH_INTAKE_PATH = 'bench-acks';
