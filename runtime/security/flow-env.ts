// The environment flows may read (env.get, $env(), env-typed properties, ${VAR}): an allow-list; every other variable leaves process.env at start.

/** Visible to flows unless TRADELANE_FLOW_ENV adds more. */
export const DEFAULT_FLOW_ENV: readonly string[] = ['DEMO_ERP_URL', 'TRADELANE_URL', 'TZ', 'NODE_ENV', 'HOSTNAME'];

/** Secrets that flows never see, even when listed in TRADELANE_FLOW_ENV (listing one is a start-up error). */
export const NEVER_FLOW_ENV: readonly string[] = ['TRADELANE_ADMIN_PASSWORD', 'TRADELANE_SECRET', 'TRADELANE_DEMO_API_KEY', 'DATABASE_URL', 'REDIS_URL'];

/**
 * What the process itself still needs after start (child tools, locale, TLS trust, proxies for outbound calls).
 * They stay in process.env but Node-RED is told to hide them from flows (envVarExcludes): proxy URLs may hold credentials.
 */
export const PROCESS_ONLY_ENV: readonly string[] = [
  'PATH', 'HOME', 'USER', 'SHELL', 'PWD', 'TMPDIR', 'TMP', 'TEMP', 'LANG', 'LANGUAGE', 'LC_ALL', 'LC_CTYPE', 'LOG_LEVEL',
  'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'NODE_TLS_REJECT_UNAUTHORIZED',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy',
];

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The allow-list from TRADELANE_FLOW_ENV ("A,B,C"); throws on a malformed or secret name, so the runtime does not start. */
export function flowEnvAllowList(value: string | undefined): string[] {
  const extra = (value ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of extra) {
    if (!NAME.test(name)) throw new Error(`TRADELANE_FLOW_ENV: "${name}" is not an environment variable name`);
    if (NEVER_FLOW_ENV.includes(name)) throw new Error(`TRADELANE_FLOW_ENV: "${name}" is a secret and is never visible to flows; remove it from the list`);
    if (PROCESS_ONLY_ENV.includes(name)) throw new Error(`TRADELANE_FLOW_ENV: "${name}" is kept for the process only and is not visible to flows; remove it from the list`);
  }
  return [...new Set([...DEFAULT_FLOW_ENV, ...extra])];
}

/**
 * Removes every variable that is neither allow-listed for flows nor needed by the process. Call once the config is
 * resolved: from then on secrets exist only in RuntimeConfig, out of reach of anything a flow can run.
 */
export function scrubProcessEnv(allowList: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const removed: string[] = [];
  for (const name of Object.keys(env)) {
    if (allowList.includes(name) || PROCESS_ONLY_ENV.includes(name)) continue;
    delete env[name];
    removed.push(name);
  }
  return removed;
}

/** The allow-listed variables and their values, for our own nodes' ${VAR} placeholders. */
export function flowEnvValues(allowList: readonly string[], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of allowList) if (env[name] !== undefined) values[name] = env[name];
  return values;
}
