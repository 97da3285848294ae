// Opens the ledger: the SQL store, the batching writer nodes record into, the queries the API reads with, and which flow versions run.
import type { Logger } from '../logger.js';
import type { RuntimeConfig } from '../config.js';
import { openSqlDatabase, type SqlDatabase } from '../store/sql/sql-database.js';
import { LedgerWriter } from './ledger-writer.js';
import { LedgerQueries } from './ledger-queries.js';
import { maskSet } from './payload-capture.js';

export interface Ledger {
  readonly database: SqlDatabase;
  readonly writer: LedgerWriter;
  readonly queries: LedgerQueries;
  /** Tells the ledger which version of a flow now runs (at start and after each deploy). */
  flowVersionChanged(flowId: string, version: number | undefined): void;
  close(): Promise<void>;
}

export interface LedgerOptions {
  config: Pick<RuntimeConfig, 'dataDir' | 'databaseUrl' | 'ledgerPayloadMaxBytes' | 'ledgerMaskFields'>;
  logger: Logger;
  now: () => number;
  /** Field names a partner's settings mask in its payloads. */
  partnerMaskFields?: (partnerId: string) => readonly string[];
  /** Field names a flow's settings (its tab's maskFields) mask in its documents' payloads. */
  flowMaskFields?: (flowId: string) => readonly string[];
}

export async function openLedger(options: LedgerOptions): Promise<Ledger> {
  const database = await openSqlDatabase({ dataDir: options.config.dataDir, ...(options.config.databaseUrl ? { databaseUrl: options.config.databaseUrl } : {}) });
  options.logger.info({ sql: database.dialect, location: database.location }, 'SQL store open');
  const versions = new Map<string, number>();
  const defaults = maskSet(options.config.ledgerMaskFields);
  const writer = new LedgerWriter(database, {
    now: options.now,
    logger: options.logger,
    payloadMaxBytes: options.config.ledgerPayloadMaxBytes,
    maskFieldsFor: (partnerId, flowId) => {
      const extra = [...(partnerId ? options.partnerMaskFields?.(partnerId) ?? [] : []), ...(flowId ? options.flowMaskFields?.(flowId) ?? [] : [])];
      return extra.length ? new Set([...defaults, ...maskSet(extra)]) : defaults;
    },
    flowVersionOf: (flowId) => versions.get(flowId),
  });
  return {
    database,
    writer,
    queries: new LedgerQueries(database),
    flowVersionChanged: (flowId, version) => { if (version === undefined) versions.delete(flowId); else versions.set(flowId, version); },
    close: async () => {
      await writer.close();
      await database.close();
    },
  };
}
