// `tradelane onboard --template ID --params FILE`: instantiates a template on the running server over HTTP and prints what was created (secrets once).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { CliUsageError, connect } from '../cli-client.js';

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
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
  if (!values.template || !values.params) throw new CliUsageError('onboard needs --template ID and --params FILE');
  const file = readJson(values.params);
  if (typeof file !== 'object' || file === null || Array.isArray(file)) throw new Error(`${values.params}: expected a JSON object`);
  const body: Record<string, unknown> = 'params' in file ? { ...file } : { params: file };
  if (values.partner) body.partnerId = values.partner;
  if (values.name) body.name = values.name;
  if (!body.partnerId) throw new CliUsageError('give the partner id with --partner or as "partnerId" in the params file');
  const params = { ...(body.params as Record<string, unknown>) };
  for (const entry of values.csv ?? []) {
    const [name, csvFile] = entry.split('=', 2);
    if (!name || !csvFile) throw new CliUsageError(`--csv expects NAME=FILE, got "${entry}"`);
    params[name] = readFileSync(csvFile, 'utf8');
  }
  body.params = params;
  const server = await connect(values.url, 'onboard');
  const result = await server.call<Record<string, unknown>>('POST', `/api/templates/${encodeURIComponent(values.template)}/${values.preview ? 'preview' : 'instantiate'}`, body);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (!values.preview) process.stderr.write('Credentials and generated secrets above are shown once: store them now.\n');
}
