// Builds the SLA machinery (ledger writer, alerts, outbox, sweep, reports) on one database with a manual clock, as a runtime start would.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { openSqlDatabase, type SqlDatabase } from '../../runtime/store/sql/sql-database.js';
import { LedgerWriter } from '../../runtime/ledger/ledger-writer.js';
import { LedgerQueries } from '../../runtime/ledger/ledger-queries.js';
import { maskSet } from '../../runtime/ledger/payload-capture.js';
import { AlertStore } from '../../runtime/ledger/alert-store.js';
import { AlertOutbox } from '../../runtime/ledger/alert-outbox.js';
import { AlertDelivery } from '../../runtime/ledger/alert-delivery.js';
import type { AlertChannel } from '../../runtime/ledger/alert-channels.js';
import { SlaSweep } from '../../runtime/ledger/sla-sweep.js';
import { SlaReports, type PartnerInfo } from '../../runtime/ledger/sla-reports.js';
import type { LedgerDocumentInput } from '../../nodes/sdk/index.js';
import type { PostgresServerProcess } from '../support/postgres-server.js';

export const logger = pino({ level: 'silent' });

export interface ManualClock {
  at: number;
  now(): number;
  advance(ms: number): void;
}

export function manualClock(start = Date.parse('2026-12-01T08:00:00Z')): ManualClock {
  const clock: ManualClock = { at: start, now: () => clock.at, advance: (ms) => { clock.at += ms; } };
  return clock;
}

/** A place for one database that can be opened again, as a restarted runtime would. */
export interface DatabaseHome {
  open(): Promise<SqlDatabase>;
}

/**
 * sharedByProcesses: two runtimes may write at once. Only Postgres (cluster mode): two SQLite connections in one test
 * process deadlock, because better-sqlite3 waits for a lock synchronously while the holder's transaction awaits.
 */
export function engines(postgres: () => PostgresServerProcess): Array<{ name: string; sharedByProcesses: boolean; home: () => Promise<DatabaseHome> }> {
  return [
    {
      name: 'SQLite (embedded)',
      sharedByProcesses: false,
      home: async () => {
        const dataDir = mkdtempSync(path.join(tmpdir(), 'tl-sla-'));
        return { open: () => openSqlDatabase({ dataDir }) };
      },
    },
    {
      name: 'Postgres',
      sharedByProcesses: true,
      home: async () => {
        const databaseUrl = await postgres().createDatabase(`sla_${Math.random().toString(36).slice(2, 10)}`);
        return { open: () => openSqlDatabase({ dataDir: '/nonexistent', databaseUrl }) };
      },
    },
  ];
}

export interface SlaRig {
  database: SqlDatabase;
  writer: LedgerWriter;
  queries: LedgerQueries;
  alerts: AlertStore;
  outbox: AlertOutbox;
  delivery: AlertDelivery;
  sweep: SlaSweep;
  reports: SlaReports;
  record(input: Partial<LedgerDocumentInput> & Pick<LedgerDocumentInput, 'documentType'>): string;
  close(): Promise<void>;
}

/** Everything a runtime creates at start, on an open database: a "restart" is close() and a new rig. */
export async function slaRig(home: DatabaseHome, clock: ManualClock, partners: () => PartnerInfo[], channels: AlertChannel[] = [], retryBaseMs = 1000): Promise<SlaRig> {
  const database = await home.open();
  const writer = new LedgerWriter(database, { now: clock.now, logger, payloadMaxBytes: 64 * 1024, maskFieldsFor: () => maskSet([]), flowVersionOf: () => undefined });
  const alerts = new AlertStore(database, clock.now);
  const outbox = new AlertOutbox(database, clock.now);
  const delivery = new AlertDelivery({ store: alerts, outbox, channels, logger, retryBaseMs, now: clock.now, maxAttempts: 4 });
  const partnerRules = async () => partners().map((partner) => ({ id: partner.id, sla: partner.sla }));
  const sweep = new SlaSweep({ database, ledger: writer, alerts, deliveryTargets: () => delivery.targets(), partners: partnerRules, now: clock.now, logger });
  const reports = new SlaReports(database, sweep.evaluator, alerts, async () => partners(), clock.now);
  let sequence = 0;
  let closed = false;
  const rig: SlaRig = {
    database, writer, queries: new LedgerQueries(database), alerts, outbox, delivery, sweep, reports,
    record: (input) => writer.record({ direction: 'in', channel: 'intake', status: 'accepted', correlationId: `c-${clock.at}-${sequence++}`, ...input }),
    close: async () => {
      if (closed) return;
      closed = true;
      openRigs.delete(rig);
      await writer.close();
      await database.close();
    },
  };
  openRigs.add(rig);
  return rig;
}

const openRigs = new Set<SlaRig>();

/** After each test: a failed assertion must not leave a connection to a database server the suite stops later. */
export async function closeOpenRigs(): Promise<void> {
  await Promise.all([...openRigs].map((rig) => rig.close()));
}

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
