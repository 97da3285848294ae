// `tradelane onboard --template ID --params FILE`: instantiates a template on the running server over HTTP and prints what was created (secrets once).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

export class OnboardUsageError extends Error {}

interface ApiError { error?: string; details?: Array<{ path?: string; nodeId?: string; message: string }> }

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

async function token(baseUrl: string): Promise<string> {
  if (process.env.TRADELANE_TOKEN) return process.env.TRADELANE_TOKEN;
  const password = process.env.TRADELANE_PASSWORD ?? process.env.TRADELANE_ADMIN_PASSWORD;
  if (!password) throw new OnboardUsageError('set TRADELANE_TOKEN, or TRADELANE_USER and TRADELANE_PASSWORD, to onboard');
  const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: process.env.TRADELANE_USER ?? 'admin', password }) });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/**
 * The params file is either the request body ({partnerId, name, params, ...}) or just the parameters, with --partner.
 * --csv NAME=FILE reads a CSV file into a parameter; --dry-run previews instead of creating.
 */
export async function onboard(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args, strict: true,
    options: { template: { type: 'string' }, params: { type: 'string' }, partner: { type: 'string' }, name: { type: 'string' }, csv: { type: 'string', multiple: true }, url: { type: 'string' }, preview: { type: 'boolean' } },
  });
  if (!values.template || !values.params) throw new OnboardUsageError('onboard needs --template ID and --params FILE');
  const file = readJson(values.params);
  if (typeof file !== 'object' || file === null || Array.isArray(file)) throw new Error(`${values.params}: expected a JSON object`);
  const body: Record<string, unknown> = 'params' in file ? { ...file } : { params: file };
  if (values.partner) body.partnerId = values.partner;
  if (values.name) body.name = values.name;
  if (!body.partnerId) throw new OnboardUsageError('give the partner id with --partner or as "partnerId" in the params file');
  const params = { ...(body.params as Record<string, unknown>) };
  for (const entry of values.csv ?? []) {
    const [name, csvFile] = entry.split('=', 2);
    if (!name || !csvFile) throw new OnboardUsageError(`--csv expects NAME=FILE, got "${entry}"`);
    params[name] = readFileSync(csvFile, 'utf8');
  }
  body.params = params;
  const baseUrl = values.url ?? `http://127.0.0.1:${process.env.PORT ?? 1880}`;
  const route = `${baseUrl}/api/templates/${encodeURIComponent(values.template)}/${values.preview ? 'preview' : 'instantiate'}`;
  const response = await fetch(route, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(baseUrl)}` }, body: JSON.stringify(body) });
  const result = (await response.json()) as ApiError & Record<string, unknown>;
  if (!response.ok) {
    const details = (result.details ?? []).map((detail) => `  - ${detail.path ?? ''}${detail.nodeId ? ` (${detail.nodeId})` : ''}: ${detail.message}`).join('\n');
    throw new Error(`onboarding failed (${response.status}): ${result.error}\n${details}`);
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (!values.preview) process.stderr.write('Credentials and generated secrets above are shown once: store them now.\n');
}
