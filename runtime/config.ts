// Resolves the runtime's settings from command-line options and environment variables, with documented defaults.
import path from 'node:path';
import { maxSendsFromEnv } from './engine/fan-out-guard.js';
import { flowEnvAllowList } from './security/flow-env.js';

export interface RuntimeConfig {
  port: number;
  host: string;
  dataDir: string;
  adminPassword?: string;
  secret?: string;
  redisUrl?: string;
  /** Prefix of every Redis key (TRADELANE_REDIS_PREFIX); runtimes on one prefix share their queues. */
  redisKeyPrefix?: string;
  /** TRADELANE_STALLED_MS: a claimed queue message whose runtime stopped renewing its lease goes to another runtime after this. */
  stalledMs?: number;
  demoApiKey?: string;
  /** Largest request body accepted on /api and partner endpoints. */
  bodyLimitBytes: number;
  /** express "trust proxy": which proxies' X-Forwarded-For is believed for the client address (throttling, audit). Unset: none. */
  trustProxy?: string;
  /** Days trace hops and captured node data are kept in the SQL store (TRADELANE_TRACE_DAYS; 0 = for ever). */
  traceDays: number;
  /** Per-node message data (TRADELANE_CAPTURE_DATA): every message, only messages that errored (default), or none. */
  captureData: CapturePolicy;
  /** Largest captured value per node input or output (TRADELANE_CAPTURE_MAX_BYTES); larger ones are cut and marked truncated. */
  captureMaxBytes: number;
  /** Deploy the demo flow and mount the demo ERP on first start. */
  demo: boolean;
  logLevel: string;
  /** Our interchange identity in outbound EDI, "QUALIFIER:ID" (ISA05/06, UNB sender). */
  ediIdentity: string;
  /** The only directory file nodes may read or write (TRADELANE_FILES_ROOT, default <data>/files). */
  filesRoot: string;
  /** Environment variables flows may read: a small default plus TRADELANE_FLOW_ENV; never a secret. */
  flowEnv: string[];
  /** TRADELANE_NODES_DIR: node packages (subfolders) and modules (.js/.mjs/.cjs) loaded at start, besides tradelane-node-* packages. */
  nodesDir?: string;
  /** Where flows reach the ERP (${DEMO_ERP_URL}); the built-in demo ERP when unset. */
  demoErpUrl?: string;
  /** TRADELANE_STORE_QUARANTINE=1: move unreadable store lines to <file>.quarantine instead of refusing to start. */
  storeQuarantine: boolean;
  /** TRADELANE_MAX_SENDS_PER_MESSAGE: run-time bound on sends of one message (engine/fan-out-guard.ts). */
  maxSendsPerMessage: number;
  /** DATABASE_URL: Postgres for the SQL store (the ledger); the embedded SQLite file in the data directory when unset. */
  databaseUrl?: string;
  /** Largest payload the ledger and traces keep per document (TRADELANE_LEDGER_PAYLOAD_MAX_BYTES); larger ones are cut and marked truncated. */
  ledgerPayloadMaxBytes: number;
  /** Days payloads are kept (TRADELANE_LEDGER_PAYLOAD_DAYS); metadata is kept for ledgerDays. */
  ledgerPayloadDays: number;
  /** Days document metadata and traces are kept (TRADELANE_LEDGER_DAYS). */
  ledgerDays: number;
  /** Field names masked in every stored payload (TRADELANE_LEDGER_MASK_FIELDS, comma-separated, added to the defaults). */
  ledgerMaskFields: string[];
  /** TRADELANE_LEDGER=off: nodes record nothing (the bench measures the ledger's cost with it); the API still reads what is stored. */
  ledgerRecording: boolean;
  /** Seconds between overdue sweeps (TRADELANE_SLA_SWEEP_SECONDS, default 60). */
  slaSweepSeconds: number;
  /** Seconds between retention runs (TRADELANE_RETENTION_SECONDS, default 3600). */
  retentionSeconds: number;
  /** Where alerts are posted, signed (TRADELANE_ALERT_WEBHOOK_URL); no webhook channel when unset. */
  alertWebhookUrl?: string;
  /** HMAC-SHA256 key of alert webhooks (TRADELANE_ALERT_WEBHOOK_SECRET); generated and stored sealed when unset. */
  alertWebhookSecret?: string;
  /** First retry delay of a failed alert delivery, doubled per attempt (TRADELANE_ALERT_RETRY_SECONDS, default 5). */
  alertRetrySeconds: number;
  /** smtp://[user:pass@]host:port or smtps://... (TRADELANE_SMTP_URL); alert e-mail is sent when this and alertEmailTo are set. */
  smtpUrl?: string;
  /** Recipients of alert e-mail (TRADELANE_ALERT_EMAIL_TO, comma-separated). */
  alertEmailTo: string[];
  /** Sender of alert e-mail (TRADELANE_ALERT_EMAIL_FROM). */
  alertEmailFrom: string;
}

/** Masked in every stored payload whatever the partner or flow settings say. */
export const DEFAULT_MASK_FIELDS = ['password', 'apiKey', 'api_key', 'token', 'secret', 'authorization', 'cardNumber', 'cvv', 'iban'];

export interface ConfigOverrides {
  port?: number;
  host?: string;
  dataDir?: string;
  demo?: boolean;
}

function numberFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative number, got "${value}"`);
  return parsed;
}

export function resolveConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const dataDir = path.resolve(overrides.dataDir ?? env.TRADELANE_DATA ?? './.tradelane');
  return {
    port: overrides.port ?? numberFrom(env.PORT, 1880, 'PORT'),
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    dataDir,
    adminPassword: env.TRADELANE_ADMIN_PASSWORD || undefined,
    secret: env.TRADELANE_SECRET || undefined,
    redisUrl: env.REDIS_URL || undefined,
    redisKeyPrefix: env.TRADELANE_REDIS_PREFIX || undefined,
    stalledMs: env.TRADELANE_STALLED_MS ? numberFrom(env.TRADELANE_STALLED_MS, 30_000, 'TRADELANE_STALLED_MS') : undefined,
    demoApiKey: env.TRADELANE_DEMO_API_KEY || undefined,
    bodyLimitBytes: numberFrom(env.TRADELANE_BODY_LIMIT_BYTES, 1024 * 1024, 'TRADELANE_BODY_LIMIT_BYTES'),
    trustProxy: env.TRADELANE_TRUST_PROXY || undefined,
    traceDays: numberFrom(env.TRADELANE_TRACE_DAYS, 14, 'TRADELANE_TRACE_DAYS'),
    captureData: capturePolicyFrom(env.TRADELANE_CAPTURE_DATA),
    captureMaxBytes: numberFrom(env.TRADELANE_CAPTURE_MAX_BYTES, 16 * 1024, 'TRADELANE_CAPTURE_MAX_BYTES'),
    demo: overrides.demo ?? env.TRADELANE_DEMO !== 'false',
    logLevel: env.LOG_LEVEL ?? 'info',
    ediIdentity: env.TRADELANE_EDI_ID ?? 'ZZ:TRADELANE',
    filesRoot: path.resolve(env.TRADELANE_FILES_ROOT || path.join(dataDir, 'files')),
    flowEnv: flowEnvAllowList(env.TRADELANE_FLOW_ENV),
    demoErpUrl: env.DEMO_ERP_URL || undefined,
    nodesDir: env.TRADELANE_NODES_DIR ? path.resolve(env.TRADELANE_NODES_DIR) : undefined,
    storeQuarantine: env.TRADELANE_STORE_QUARANTINE === '1' || env.TRADELANE_STORE_QUARANTINE === 'true',
    maxSendsPerMessage: maxSendsFromEnv(env),
    databaseUrl: env.DATABASE_URL || undefined,
    ledgerPayloadMaxBytes: numberFrom(env.TRADELANE_LEDGER_PAYLOAD_MAX_BYTES, 256 * 1024, 'TRADELANE_LEDGER_PAYLOAD_MAX_BYTES'),
    ledgerPayloadDays: numberFrom(env.TRADELANE_LEDGER_PAYLOAD_DAYS, 30, 'TRADELANE_LEDGER_PAYLOAD_DAYS'),
    ledgerDays: numberFrom(env.TRADELANE_LEDGER_DAYS, 400, 'TRADELANE_LEDGER_DAYS'),
    ledgerRecording: env.TRADELANE_LEDGER !== 'off',
    ledgerMaskFields: [...DEFAULT_MASK_FIELDS, ...(env.TRADELANE_LEDGER_MASK_FIELDS ?? '').split(',').map((field) => field.trim()).filter(Boolean)],
    ...alertConfig(env),
  };
}

export type CapturePolicy = 'all' | 'errors' | 'off';

function capturePolicyFrom(value: string | undefined): CapturePolicy {
  if (value === undefined || value === '') return 'errors';
  if (value === 'all' || value === 'errors' || value === 'off') return value;
  throw new Error(`TRADELANE_CAPTURE_DATA must be all, errors or off (got "${value}")`);
}

function urlFrom(value: string | undefined, name: string, protocols: string[]): string | undefined {
  if (!value) return undefined;
  let parsed: URL;
  try { parsed = new URL(value); } catch { throw new Error(`${name} must be a URL`); }
  if (!protocols.includes(parsed.protocol)) throw new Error(`${name} must start with ${protocols.map((protocol) => `${protocol}//`).join(' or ')}`);
  return value;
}

function alertConfig(env: NodeJS.ProcessEnv): Pick<RuntimeConfig, 'slaSweepSeconds' | 'retentionSeconds' | 'alertWebhookUrl' | 'alertWebhookSecret' | 'alertRetrySeconds' | 'smtpUrl' | 'alertEmailTo' | 'alertEmailFrom'> {
  const sweep = numberFrom(env.TRADELANE_SLA_SWEEP_SECONDS, 60, 'TRADELANE_SLA_SWEEP_SECONDS');
  const retention = numberFrom(env.TRADELANE_RETENTION_SECONDS, 3600, 'TRADELANE_RETENTION_SECONDS');
  if (sweep <= 0 || retention <= 0) throw new Error('TRADELANE_SLA_SWEEP_SECONDS and TRADELANE_RETENTION_SECONDS must be greater than 0');
  const alertEmailTo = (env.TRADELANE_ALERT_EMAIL_TO ?? '').split(',').map((address) => address.trim()).filter(Boolean);
  const smtpUrl = urlFrom(env.TRADELANE_SMTP_URL, 'TRADELANE_SMTP_URL', ['smtp:', 'smtps:']);
  // Mail configured half-way would silently never be sent: refuse to start instead.
  if (smtpUrl && !alertEmailTo.length) throw new Error('TRADELANE_SMTP_URL is set but TRADELANE_ALERT_EMAIL_TO is not: set the recipients of alert e-mail');
  return {
    slaSweepSeconds: sweep,
    retentionSeconds: retention,
    alertWebhookUrl: urlFrom(env.TRADELANE_ALERT_WEBHOOK_URL, 'TRADELANE_ALERT_WEBHOOK_URL', ['http:', 'https:']),
    alertWebhookSecret: env.TRADELANE_ALERT_WEBHOOK_SECRET || undefined,
    alertRetrySeconds: numberFrom(env.TRADELANE_ALERT_RETRY_SECONDS, 5, 'TRADELANE_ALERT_RETRY_SECONDS'),
    smtpUrl,
    alertEmailTo,
    alertEmailFrom: env.TRADELANE_ALERT_EMAIL_FROM || 'Tradelane <tradelane@localhost>',
  };
}
