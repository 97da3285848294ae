#!/usr/bin/env node
// Command line: `tradelane start | deploy FILE [--flow ID] | edi parse FILE | edi generate | onboard | test [FLOW|FILE] | new node NAME | bench`; errors to stderr, non-zero exit.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveConfig } from './config.js';
import { scrubProcessEnv } from './security/flow-env.js';
import { CommandError, ediGenerate, ediParse } from './edi-commands.js';
import { onboard } from './templates/onboard-command.js';
import { flowTest } from './flow-test-command.js';
import { newCommand } from './scaffold/new-node-command.js';
import { CliUsageError, connect } from './cli-client.js';
import { startServer, type TradelaneServer } from './server.js';

const USAGE = `Usage: tradelane <command> [options]

Commands:
  start [--port N] [--data DIR] [--no-demo]   Start the runtime, designer, demo ERP and demo flows
  deploy FILE [--flow ID] [--url URL] [--message TEXT]
                                              Deploy a Node-RED export: one flow per tab, each created or given a new version.
                                              --flow ID: deploy a tab-less (or one-tab) export as flow ID, creating or updating it;
                                              without it a tab-less export updates the flow that already holds its nodes.
                                              Needs TRADELANE_TOKEN or TRADELANE_USER/TRADELANE_PASSWORD
  edi parse FILE [--to canonical|segments|both]
                                              Parse an X12 or EDIFACT file; JSON on stdout, located errors on stderr
  edi generate --type T --in FILE [--version V] [--test] (--partner ID [--url URL] | [--sender QUAL:ID] [--receiver QUAL:ID])
                                              Write EDI (855, 856, 810, 850, 997, ORDERS, ORDRSP, DESADV, INVOIC) from a canonical JSON document
  onboard --template ID --params FILE [--partner ID] [--name NAME] [--csv PARAM=FILE] [--preview] [--url URL]
                                              Onboard a partner from a template on the running server; credentials are printed once
  test [FLOW|FILE] [--junit FILE] [--tests FILE] [--url URL]
                                              Run flow test cases on the server: a deployed flow's, every flow's (no argument), or a flow
                                              file's ({flow, cases}, or an export with NAME.tests.json); exits 1 when a case fails
  new node NAME [--dir DIR]                   Create a node package DIR/tradelane-node-NAME (descriptor, harness test, README)
  bench [--quick]                              Benchmarks against Node-RED and the bare express + undici limit
  help                                        Show this help

Environment: PORT (1880), TRADELANE_DATA (./.tradelane), TRADELANE_ADMIN_PASSWORD, TRADELANE_SECRET, TRADELANE_DEMO_API_KEY, REDIS_URL, LOG_LEVEL,
  TRADELANE_FILES_ROOT (<data>/files), TRADELANE_FLOW_ENV (extra variables flows may read, comma-separated),
  TRADELANE_SLA_SWEEP_SECONDS (60), TRADELANE_ALERT_WEBHOOK_URL, TRADELANE_ALERT_WEBHOOK_SECRET, TRADELANE_SMTP_URL, TRADELANE_ALERT_EMAIL_TO, TRADELANE_ALERT_EMAIL_FROM,
  TRADELANE_NODES_DIR (node packages loaded at start, besides installed tradelane-node-* packages)`;


function printBanner(server: TradelaneServer): void {
  const lines = [`Tradelane is running at ${server.url}`, `  Designer:  ${server.url}/`, `  API:       ${server.url}/api (OpenAPI: ${server.url}/api/openapi.json)`, `  Demo ERP:  ${server.url}/demo-erp/purchase-orders`];
  const { generatedAdminPassword, demo } = server.firstRun;
  if (generatedAdminPassword) lines.push('', `First run: user "admin" was created with password: ${generatedAdminPassword}`, '  (shown once; set TRADELANE_ADMIN_PASSWORD before the first start to choose it)');
  const { generatedAlertWebhookSecret } = server.firstRun;
  if (generatedAlertWebhookSecret) lines.push('', `Alert webhooks are signed (X-Tradelane-Alert-Signature) with the generated secret: ${generatedAlertWebhookSecret}`, '  (shown once; set TRADELANE_ALERT_WEBHOOK_SECRET to choose it)');
  if (demo?.generatedApiKey) lines.push('', `Demo partner "demo-supplier" API key: ${demo.generatedApiKey}`, '  (shown once; set TRADELANE_DEMO_API_KEY to choose it)');
  process.stderr.write(`\n${lines.join('\n')}\n\n`);
}

async function start(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, data: { type: 'string' }, 'no-demo': { type: 'boolean' } }, strict: true });
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new CliUsageError(`--port must be a port number, got "${values.port}"`);
  const config = resolveConfig({ port, dataDir: values.data, ...(values['no-demo'] ? { demo: false } : {}) });
  // From here on secrets live only in config: nothing a flow runs can read them from the environment.
  scrubProcessEnv(config.flowEnv);
  const server = await startServer(config);
  printBanner(server);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.logger.info({ signal }, 'shutting down');
    const forced = setTimeout(() => process.exit(1), 10_000).unref();
    server.close().then(() => { clearTimeout(forced); process.exit(0); }, (error: unknown) => { server.logger.error({ err: error }, 'shutdown failed'); process.exit(1); });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

type ImportAnswer = { flows: Array<{ id: string; label: string; version: number; created: boolean; warnings?: Array<{ nodeId: string; message: string }>; endpoints?: Array<{ method: string; url: string }> }> };

function readExport(file: string): unknown[] {
  let flow: unknown;
  try {
    flow = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!Array.isArray(flow)) throw new Error(`${file}: expected a Node-RED flow export (a JSON array of nodes)`);
  return flow;
}

/** Always through the import route: several tabs become several flows, and redeploying the same file updates them. */
async function deploy(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { url: { type: 'string' }, message: { type: 'string' }, flow: { type: 'string' } }, strict: true });
  const file = positionals[0];
  if (!file) throw new CliUsageError('deploy needs a flow file: tradelane deploy FILE');
  if (values.flow !== undefined && !/^[A-Za-z0-9._-]{1,64}$/.test(values.flow)) throw new CliUsageError(`--flow must be 1-64 letters, digits, ".", "_" or "-", got "${values.flow}"`);
  const flow = readExport(file);
  const server = await connect(values.url, 'deploy');
  const body = { flow, message: values.message ?? `deployed from ${file}`, ...(values.flow ? { flowId: values.flow } : {}) };
  const result = await server.call<ImportAnswer>('POST', '/api/flows/import', body);
  for (const deployed of result.flows) {
    process.stdout.write(`${deployed.created ? 'created' : 'deployed'} flow ${deployed.id} ("${deployed.label}") as version ${deployed.version}\n`);
    for (const endpoint of deployed.endpoints ?? []) process.stdout.write(`  serves ${endpoint.method} ${endpoint.url}\n`);
    for (const warning of deployed.warnings ?? []) process.stderr.write(`warning: flow ${deployed.id} node ${warning.nodeId}: ${warning.message}\n`);
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': return start(rest);
    case 'deploy': return deploy(rest);
    case 'bench': {
      // The benchmark orchestrator is its own program (it starts and stops processes); run it in the foreground.
      const script = fileURLToPath(new URL('../bench/run.js', import.meta.url));
      const result = spawnSync(process.execPath, [script, ...rest], { stdio: 'inherit' });
      process.exitCode = result.status ?? 1;
      return;
    }
    case 'onboard':
      return onboard(rest);
    case 'test':
      return flowTest(rest);
    case 'new':
      return newCommand(rest);
    case 'edi':
      if (rest[0] === 'parse') return ediParse(rest.slice(1));
      if (rest[0] === 'generate') return ediGenerate(rest.slice(1));
      throw new CliUsageError(`unknown edi command "${rest[0] ?? ''}": use "edi parse" or "edi generate"`);
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      throw new CliUsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`tradelane: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof CliUsageError) process.stderr.write(`\n${USAGE}\n`);
  else if (!(error instanceof CommandError) && error instanceof Error && process.env.LOG_LEVEL === 'debug') process.stderr.write(`${error.stack}\n`);
  process.exit(error instanceof CliUsageError ? 2 : 1);
});
