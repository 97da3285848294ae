// Opens the ledger: the SQL store, the batching writer nodes record into, the queries the API reads with, and which flow versions run.
import type { DocumentLedger } from '../../nodes/sdk/index.js';
import type { Logger } from '../logger.js';
import type { RuntimeConfig } from '../config.js';
import { openSqlDatabase, type SqlDatabase } from '../store/sql/sql-database.js';
import { LedgerWriter } from './ledger-writer.js';
import { LedgerQueries } from './ledger-queries.js';
import { maskSet } from './payload-capture.js';

export interface Ledger {
  readonly database: SqlDatabase;
  readonly writer: LedgerWriter;
  /** What nodes record into: the writer, or one that records nothing when TRADELANE_LEDGER=off. */
  readonly recorder: DocumentLedger;
  readonly queries: LedgerQueries;
  /** Field names masked in this partner's and flow's payloads (runtime default + partner + flow settings); captured node data uses it too. */
  maskFieldsFor(partnerId: string | undefined, flowId: string | undefined): ReadonlySet<string>;
  /** Tells the ledger which version of a flow now runs (at start and after each deploy). */
  flowVersionChanged(flowId: string, version: number | undefined): void;
  /** The version of each flow that runs now, by flow id (the cluster view reports it). */
  runningVersions(): Record<string, number>;
  close(): Promise<void>;
}

export interface LedgerOptions {
  config: Pick<RuntimeConfig, 'dataDir' | 'databaseUrl' | 'ledgerPayloadMaxBytes' | 'ledgerMaskFields' | 'ledgerRecording'>;
  logger: Logger;
  now: () => number;
  /** Field names a partner's settings mask in its payloads. */
  partnerMaskFields?: (partnerId: string) => readonly string[];
  /** Field names a flow's settings (its tab's maskFields) mask in its documents' payloads. */
  flowMaskFields?: (flowId: string) => readonly string[];
}

/** TRADELANE_LEDGER=off: ids are still handed out so nodes behave the same; nothing is stored. */
const NOT_RECORDING: DocumentLedger = { record: () => '', update: () => undefined };

export async function openLedger(options: LedgerOptions): Promise<Ledger> {
  const database = await openSqlDatabase({ dataDir: options.config.dataDir, ...(options.config.databaseUrl ? { databaseUrl: options.config.databaseUrl } : {}) });
  options.logger.info({ sql: database.dialect, location: database.location }, 'SQL store open');
  const versions = new Map<string, number>();
  const defaults = maskSet(options.config.ledgerMaskFields);
  const maskFieldsFor = (partnerId: string | undefined, flowId: string | undefined): ReadonlySet<string> => {
    const byPartner = partnerId ? options.partnerMaskFields?.(partnerId) : undefined;
    const byFlow = flowId ? options.flowMaskFields?.(flowId) : undefined;
    if (!byPartner?.length && !byFlow?.length) return defaults;
    return new Set([...defaults, ...maskSet([...(byPartner ?? []), ...(byFlow ?? [])])]);
  };
  const writer = new LedgerWriter(database, {
    now: options.now,
    logger: options.logger,
    payloadMaxBytes: options.config.ledgerPayloadMaxBytes,
    maskFieldsFor,
    flowVersionOf: (flowId) => versions.get(flowId),
  });
  if (!options.config.ledgerRecording) options.logger.warn('TRADELANE_LEDGER=off: documents are not recorded in the ledger');
  return {
    database,
    writer,
    recorder: options.config.ledgerRecording ? writer : NOT_RECORDING,
    queries: new LedgerQueries(database),
    maskFieldsFor,
    flowVersionChanged: (flowId, version) => { if (version === undefined) versions.delete(flowId); else versions.set(flowId, version); },
    runningVersions: () => Object.fromEntries(versions),
    close: async () => {
      await writer.close();
      await database.close();
    },
  };
}
