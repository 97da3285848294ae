// Seeds L1's embedded ledger fast: the rows the ledger writer stores, written straight through better-sqlite3 in big transactions of prepared multi-row inserts.
import Database from 'better-sqlite3';
import { keyColumnsOf } from '../../runtime/ledger/document-columns.js';
import { keyRows } from '../../runtime/ledger/ledger-batch.js';
import { newDocumentId } from '../../runtime/ledger/ledger-writer.js';
import { capturePayload, maskSet } from '../../runtime/ledger/payload-capture.js';
import type { BusinessKeys } from '../../nodes/sdk/index.js';
import type { DocumentKeyRow, DocumentPayloadRow, DocumentRow } from '../../runtime/store/sql/sql-schema.js';

export const L1_PARTNERS = Array.from({ length: 20 }, (_, index) => `supplier-${index + 1}`);
export const L1_TYPES = ['purchaseOrder', 'acknowledgement', 'asn', 'invoice'] as const;
/** The seeded documents span this many days back from now, oldest first, so a time-range filter selects a part of them. */
export const L1_SPAN_DAYS = 100;

const ROWS_PER_STATEMENT = 200;
const DOCUMENTS_PER_TRANSACTION = 20_000;

export interface SeedResult {
  documentsPerSec: number;
  /** One id per purchase order (its first document), for primary-key lookups. */
  sampleIds: string[];
}

/** Document n belongs to PO n/4 (PO issued, ack, ASN, invoice), like a real order's lifecycle. */
function documentOf(n: number, at: number, raw: string): { row: DocumentRow; keys: DocumentKeyRow[]; payload: DocumentPayloadRow } {
  const order = Math.floor(n / 4);
  const type = L1_TYPES[n % 4]!;
  const id = newDocumentId(at);
  const keys: BusinessKeys = { poNumber: `PO-${order}`, ...(type === 'acknowledgement' ? { ackNumber: `ACK-${order}` } : {}), ...(type === 'asn' ? { shipmentId: `ASN-${order}` } : {}), ...(type === 'invoice' ? { invoiceNumber: `INV-${order}` } : {}) };
  const captured = capturePayload(raw, { maskFields: maskSet([]), maxBytes: 256 * 1024 })!;
  const row: DocumentRow = {
    id, direction: type === 'purchaseOrder' ? 'out' : 'in', channel: 'intake', document_type: type, status: 'posted', correlation_id: `c-${n}`,
    partner_id: L1_PARTNERS[order % L1_PARTNERS.length]!, flow_id: 'bench', flow_version: 1, node_id: null, parent_id: null, ...keyColumnsOf(keys),
    http_status: null, duration_ms: null, size_bytes: captured.sizeBytes, errors: null, edi: null, facts: null, received_at: at, updated_at: at,
  };
  const payload: DocumentPayloadRow = { document_id: id, kind: 'raw', body: captured.body, content_type: captured.contentType, size_bytes: captured.sizeBytes, truncated: 0, stored_at: at };
  return { row, keys: keyRows(id, keys), payload };
}

/** Inserts rows of one table ROWS_PER_STATEMENT at a time with two prepared statements (a full chunk, and the rest). */
class TableInserter<Row extends object> {
  private readonly full: Database.Statement;
  constructor(private readonly database: Database.Database, private readonly table: string, private readonly columns: ReadonlyArray<keyof Row & string>, private readonly orIgnore = false) {
    this.full = this.statement(ROWS_PER_STATEMENT, orIgnore);
  }

  private statement(rows: number, orIgnore: boolean): Database.Statement {
    const tuple = `(${this.columns.map(() => '?').join(',')})`;
    return this.database.prepare(`insert ${orIgnore ? 'or ignore ' : ''}into ${this.table} (${this.columns.join(',')}) values ${Array.from({ length: rows }, () => tuple).join(',')}`);
  }

  insert(rows: readonly Row[]): void {
    let start = 0;
    for (; start + ROWS_PER_STATEMENT <= rows.length; start += ROWS_PER_STATEMENT) this.full.run(this.values(rows.slice(start, start + ROWS_PER_STATEMENT)));
    if (start < rows.length) this.statement(rows.length - start, this.orIgnore).run(this.values(rows.slice(start)));
  }

  private values(rows: readonly Row[]): unknown[] {
    return rows.flatMap((row) => this.columns.map((column) => row[column]));
  }
}

/** Fills an already migrated SQLite ledger file with `count` documents; the runtime's own connection reads them afterwards. */
export function seedSqliteLedger(file: string, count: number, onProgress: (stored: number) => void): SeedResult {
  const started = performance.now();
  const database = new Database(file, { fileMustExist: true });
  // Only this throwaway bench file: a crash while seeding just means seeding again.
  database.pragma('synchronous = OFF');
  const documents = new TableInserter<DocumentRow>(database, 'documents', ['id', 'direction', 'channel', 'document_type', 'status', 'correlation_id', 'partner_id', 'flow_id', 'flow_version', 'node_id', 'parent_id', 'po_number', 'ack_number', 'shipment_id', 'invoice_number', 'customer_order_number', 'http_status', 'duration_ms', 'size_bytes', 'errors', 'edi', 'facts', 'received_at', 'updated_at']);
  const keys = new TableInserter<DocumentKeyRow>(database, 'document_keys', ['token', 'document_id', 'key_name'], true);
  const payloads = new TableInserter<DocumentPayloadRow>(database, 'document_payloads', ['document_id', 'kind', 'body', 'content_type', 'size_bytes', 'truncated', 'stored_at']);
  const raw = JSON.stringify({ lines: [{ line: 1, sku: 'SKU-000001', quantity: 40, unitPrice: 12.5 }, { line: 2, sku: 'SKU-000002', quantity: 10, unitPrice: 3.1 }], note: 'x'.repeat(120) });
  const stepMs = Math.max(1, Math.floor((L1_SPAN_DAYS * 86_400_000) / count));
  const first = Date.now() - count * stepMs;
  const sampleIds: string[] = [];
  const write = database.transaction((from: number, to: number) => {
    const batch = Array.from({ length: to - from }, (_, offset) => documentOf(from + offset, first + (from + offset) * stepMs, raw));
    for (const document of batch) if (document.row.document_type === 'purchaseOrder') sampleIds.push(document.row.id);
    documents.insert(batch.map((document) => document.row));
    keys.insert(batch.flatMap((document) => document.keys));
    payloads.insert(batch.map((document) => document.payload));
  });
  for (let from = 0; from < count; from += DOCUMENTS_PER_TRANSACTION) {
    write(from, Math.min(count, from + DOCUMENTS_PER_TRANSACTION));
    onProgress(Math.min(count, from + DOCUMENTS_PER_TRANSACTION));
  }
  database.pragma('wal_checkpoint(TRUNCATE)');
  database.close();
  return { documentsPerSec: count / ((performance.now() - started) / 1000), sampleIds };
}
