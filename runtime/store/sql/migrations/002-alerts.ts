// Migration 002: SLA alerts (one row per breach, de-duplicated by key), their audit trail, the delivery outbox per channel, and small operational state.
import type { Kysely, Migration } from 'kysely';

export const alertsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('alerts')
      .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
      // One breach, one key ("sla.ack-overdue:<document id>"): a sweep that runs twice, or on two runtimes, inserts it once.
      .addColumn('dedupe_key', 'varchar(200)', (column) => column.notNull().unique())
      .addColumn('kind', 'varchar(64)', (column) => column.notNull())
      .addColumn('severity', 'varchar(16)', (column) => column.notNull())
      .addColumn('status', 'varchar(16)', (column) => column.notNull())
      .addColumn('partner_id', 'varchar(64)')
      .addColumn('subject', 'varchar(300)', (column) => column.notNull())
      .addColumn('message', 'text')
      .addColumn('document_id', 'varchar(40)')
      .addColumn('document_type', 'varchar(64)')
      .addColumn('po_number', 'varchar(128)')
      .addColumn('keys', 'text')
      .addColumn('due_at', 'bigint')
      .addColumn('raised_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .addColumn('acknowledged_at', 'bigint')
      .addColumn('acknowledged_by', 'varchar(64)')
      .addColumn('resolved_at', 'bigint')
      .addColumn('resolved_by', 'varchar(64)')
      .addColumn('resolution', 'text')
      .execute();
    await db.schema.createIndex('alerts_status_raised').on('alerts').columns(['status', 'raised_at']).execute();
    await db.schema.createIndex('alerts_partner_raised').on('alerts').columns(['partner_id', 'raised_at']).execute();
    await db.schema.createIndex('alerts_kind_raised').on('alerts').columns(['kind', 'raised_at']).execute();
    await db.schema.createIndex('alerts_raised').on('alerts').column('raised_at').execute();
    await db.schema.createIndex('alerts_document').on('alerts').column('document_id').execute();
    await db.schema.createIndex('alerts_po').on('alerts').column('po_number').execute();

    // Append-only: raised, delivered, delivery-failed, acknowledged, commented, resolved.
    await db.schema.createTable('alert_events')
      .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
      .addColumn('alert_id', 'varchar(40)', (column) => column.notNull())
      .addColumn('type', 'varchar(24)', (column) => column.notNull())
      .addColumn('actor', 'varchar(64)', (column) => column.notNull())
      .addColumn('at', 'bigint', (column) => column.notNull())
      .addColumn('comment', 'text')
      .addColumn('details', 'text')
      .execute();
    await db.schema.createIndex('alert_events_alert').on('alert_events').columns(['alert_id', 'at']).execute();

    // The outbox: written in the transaction that raises the alert, so a crash between raise and delivery loses nothing.
    await db.schema.createTable('alert_deliveries')
      .addColumn('alert_id', 'varchar(40)', (column) => column.notNull())
      .addColumn('channel', 'varchar(16)', (column) => column.notNull())
      .addColumn('target', 'varchar(300)', (column) => column.notNull())
      .addColumn('status', 'varchar(16)', (column) => column.notNull())
      .addColumn('attempts', 'integer', (column) => column.notNull())
      .addColumn('next_attempt_at', 'bigint', (column) => column.notNull())
      // A claimed delivery is not claimed again until its lease runs out: two workers never send the same one at once.
      .addColumn('lease_until', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('delivered_at', 'bigint')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('alert_deliveries_pk', ['alert_id', 'channel'])
      .execute();
    await db.schema.createIndex('alert_deliveries_due').on('alert_deliveries').columns(['status', 'next_attempt_at']).execute();

    // Small named values shared by every runtime on this database (the sealed alert webhook secret).
    await db.schema.createTable('ops_state')
      .addColumn('name', 'varchar(64)', (column) => column.primaryKey())
      .addColumn('value', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['ops_state', 'alert_deliveries', 'alert_events', 'alerts']) await db.schema.dropTable(table).execute();
  },
};
