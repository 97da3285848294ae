// Migration 001: the document ledger (documents, their searchable business-key tokens, payloads) and persisted trace hops.
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

export const ledgerMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('documents')
      .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
      .addColumn('direction', 'varchar(8)', (column) => column.notNull())
      .addColumn('channel', 'varchar(16)', (column) => column.notNull())
      .addColumn('document_type', 'varchar(64)', (column) => column.notNull())
      .addColumn('status', 'varchar(16)', (column) => column.notNull())
      .addColumn('correlation_id', 'varchar(128)', (column) => column.notNull())
      .addColumn('partner_id', 'varchar(64)')
      .addColumn('flow_id', 'varchar(64)')
      .addColumn('flow_version', 'integer')
      .addColumn('node_id', 'varchar(64)')
      .addColumn('parent_id', 'varchar(40)')
      .addColumn('po_number', 'varchar(128)')
      .addColumn('ack_number', 'varchar(128)')
      .addColumn('shipment_id', 'varchar(128)')
      .addColumn('invoice_number', 'varchar(128)')
      .addColumn('customer_order_number', 'varchar(128)')
      .addColumn('http_status', 'integer')
      .addColumn('duration_ms', 'integer')
      .addColumn('size_bytes', 'integer')
      .addColumn('errors', 'text')
      .addColumn('edi', 'text')
      .addColumn('facts', 'text')
      .addColumn('received_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('documents_correlation').on('documents').column('correlation_id').execute();
    await db.schema.createIndex('documents_received').on('documents').column('received_at').execute();
    await db.schema.createIndex('documents_partner_received').on('documents').columns(['partner_id', 'received_at']).execute();
    // Every index costs each insert; type and direction filters ride on the time index (newest first, a page at a time).
    await db.schema.createIndex('documents_status_received').on('documents').columns(['status', 'received_at']).execute();
    await db.schema.createIndex('documents_po').on('documents').column('po_number').execute();
    await db.schema.createIndex('documents_parent').on('documents').column('parent_id').execute();

    // One row per searchable token of a business key ("PO-1001" gives "PO-1001" and "1001"), upper-cased: a prefix range on the index finds it.
    // Postgres compares text by the database's collation; the prefix range needs byte order ("C"), which SQLite has by default.
    const byteOrder = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema.createTable('document_keys')
      .addColumn('token', 'varchar(128)', (column) => (byteOrder ? column.modifyFront(sql`collate "C"`) : column).notNull())
      .addColumn('document_id', 'varchar(40)', (column) => column.notNull())
      .addColumn('key_name', 'varchar(32)', (column) => column.notNull())
      .addPrimaryKeyConstraint('document_keys_pk', ['token', 'document_id', 'key_name'])
      .execute();
    await db.schema.createIndex('document_keys_document').on('document_keys').column('document_id').execute();

    // Payloads apart from metadata: they have their own retention and size cap.
    await db.schema.createTable('document_payloads')
      .addColumn('document_id', 'varchar(40)', (column) => column.notNull())
      .addColumn('kind', 'varchar(16)', (column) => column.notNull())
      .addColumn('body', 'text', (column) => column.notNull())
      .addColumn('content_type', 'varchar(32)', (column) => column.notNull())
      .addColumn('size_bytes', 'integer', (column) => column.notNull())
      .addColumn('truncated', 'integer', (column) => column.notNull())
      .addColumn('stored_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('document_payloads_pk', ['document_id', 'kind'])
      .execute();
    await db.schema.createIndex('document_payloads_stored').on('document_payloads').column('stored_at').execute();

    await db.schema.createTable('trace_hops')
      .addColumn('correlation_id', 'varchar(128)', (column) => column.notNull())
      .addColumn('seq', 'integer', (column) => column.notNull())
      .addColumn('node_id', 'varchar(64)', (column) => column.notNull())
      .addColumn('flow_id', 'varchar(64)')
      .addColumn('event', 'varchar(16)', (column) => column.notNull())
      .addColumn('at', 'bigint', (column) => column.notNull())
      .addColumn('error', 'text')
      .addColumn('text', 'text')
      // The message as it entered (received) or left (sent) the node, capped and masked; absent when capture is off.
      .addColumn('data', 'text')
      .addPrimaryKeyConstraint('trace_hops_pk', ['correlation_id', 'seq'])
      .execute();
    await db.schema.createIndex('trace_hops_at').on('trace_hops').column('at').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['trace_hops', 'document_payloads', 'document_keys', 'documents']) await db.schema.dropTable(table).execute();
  },
};
