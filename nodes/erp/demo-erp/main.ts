// Runs the demo ERP as its own process: node dist/nodes/erp/demo-erp/main.js --port N --data DIR [--host H]; control token from DEMO_ERP_CONTROL_TOKEN or generated.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startDemoErpServer } from './index.js';

const usage = 'usage: main.js --port N --data DIR [--host 127.0.0.1]';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, data: { type: 'string' }, host: { type: 'string' } } });
  const port = Number(values.port ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65_535 || !values.data) throw new Error(usage);
  const logger = {
    info: (fields: Record<string, unknown>, message: string) => console.log(JSON.stringify({ level: 'info', msg: message, ...fields })),
    warn: (fields: Record<string, unknown>, message: string) => console.error(JSON.stringify({ level: 'warn', msg: message, ...fields })),
    error: (fields: Record<string, unknown>, message: string) => console.error(JSON.stringify({ level: 'error', msg: message, ...fields, err: String(fields.err ?? '') })),
  };
  const configuredToken = process.env.DEMO_ERP_CONTROL_TOKEN;
  const token = configuredToken || randomBytes(24).toString('base64url');
  const erp = await startDemoErpServer({ port, host: values.host ?? '127.0.0.1', dataDir: values.data, logger, controlAccess: { token } });
  // The line tests and scripts wait for: it carries the actual port when --port 0 was given.
  console.log(JSON.stringify({ level: 'info', msg: 'demo ERP listening', url: erp.baseUrl, port: erp.port }));
  // A generated token is shown once, on the terminal of whoever started the process; a configured one never.
  if (!configuredToken) process.stderr.write(`demo ERP control token (fault injection, PO assignment): ${token}\n`);
  const stop = () => {
    void erp.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
