// L1 ledger search: fills the embedded SQL ledger with 1,000,000 documents and measures business-key search latency and RSS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { openSqlDatabase, type SqlDatabase } from '../../runtime/store/sql/sql-database.js';
import { LedgerWriter } from '../../runtime/ledger/ledger-writer.js';
import { LedgerQueries, type DocumentFilters } from '../../runtime/ledger/ledger-queries.js';
import { maskSet } from '../../runtime/ledger/payload-capture.js';
import type { BenchOptions } from '../lib/options.js';
import { ratioResult, type ScenarioResult, type VariantResult } from '../lib/report.js';
import { median, percentile, ratio } from '../lib/stats.js';
import type { Log } from './log.js';

/** The bar: a business-key search over 1,000,000 documents answers within 200 ms. */
export const L1_GOALS = { searchMs: 200 } as const;
const PARTNERS = Array.from({ length: 20 }, (_, index) => `supplier-${index + 1}`);
const TYPES = ['purchaseOrder', 'acknowledgement', 'asn', 'invoice'] as const;
const QUERIES = 300;

function rssMb(): number {
  return process.memoryUsage().rss / (1024 * 1024);
}

/** Document n belongs to PO n/4 (PO issued, ack, ASN, invoice), like a real order's lifecycle. */
async function fill(writer: LedgerWriter, count: number, log: Log, sampleIds: string[]): Promise<number> {
  const started = performance.now();
  const raw = JSON.stringify({ lines: [{ line: 1, sku: 'SKU-000001', quantity: 40, unitPrice: 12.5 }, { line: 2, sku: 'SKU-000002', quantity: 10, unitPrice: 3.1 }], note: 'x'.repeat(120) });
  for (let n = 0; n < count; n++) {
    const order = Math.floor(n / 4);
    const type = TYPES[n % 4]!;
    const id = writer.record({
      direction: type === 'purchaseOrder' ? 'out' : 'in', channel: 'intake', documentType: type, status: 'posted', correlationId: `c-${n}`,
      partnerId: PARTNERS[order % PARTNERS.length]!, flowId: 'bench', raw,
      keys: { poNumber: `PO-${order}`, ...(type === 'acknowledgement' ? { ackNumber: `ACK-${order}` } : {}), ...(type === 'asn' ? { shipmentId: `ASN-${order}` } : {}), ...(type === 'invoice' ? { invoiceNumber: `INV-${order}` } : {}) },
    });
    if (n % 4 === 0) sampleIds.push(id);
    if (n % 20_000 === 19_999) await writer.flush();
    if (n % 250_000 === 249_999) log(`  L1: ${n + 1} documents stored`);
  }
  await writer.flush();
  return count / ((performance.now() - started) / 1000);
}

async function timeQueries(label: string, run: (index: number) => Promise<number>): Promise<VariantResult> {
  const times: number[] = [];
  let found = 0;
  for (let index = 0; index < QUERIES; index++) {
    const started = performance.now();
    found += await run(index);
    times.push(performance.now() - started);
  }
  return { name: label, throughput: 1000 / median(times), unit: 'queries/s', p50Ms: median(times), p99Ms: percentile(times, 99), rssMb: rssMb(), extra: { documentsFound: found } };
}

export async function runL1(options: BenchOptions, log: Log): Promise<ScenarioResult> {
  const base = { id: 'L1', title: 'ledger search by business key over stored documents' };
  const started = performance.now();
  const count = options.quick ? 200_000 : 1_000_000;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tradelane-l1-'));
  let database: SqlDatabase | undefined;
  try {
    database = await openSqlDatabase({ dataDir });
    const writer = new LedgerWriter(database, { now: Date.now, logger: pino({ level: 'silent' }), payloadMaxBytes: 256 * 1024, maskFieldsFor: () => maskSet([]), flowVersionOf: () => 1 });
    const queries = new LedgerQueries(database);
    log(`L1: storing ${count} documents in the embedded SQL ledger`);
    const sampleIds: string[] = [];
    const insertsPerSec = await fill(writer, count, log, sampleIds);
    const rssAfterFill = rssMb();
    const orders = count / 4;
    const pick = (index: number) => Math.floor(((index * 7919) % orders));
    const search = async (filters: DocumentFilters) => (await queries.search({ ...filters, limit: 50 })).documents.length;
    const variants = [
      await timeQueries('by document id (baseline)', async (index) => ((await queries.get(sampleIds[pick(index)]!)) ? 1 : 0)),
      await timeQueries('key=PO-n (whole key)', (index) => search({ key: `PO-${pick(index)}` })),
      await timeQueries('key=n (word inside the key)', (index) => search({ key: String(pick(index)) })),
      await timeQueries('key + partner + type + last 30 days', (index) => search({ key: `PO-${pick(index)}`, partner: PARTNERS[pick(index) % PARTNERS.length]!, type: 'invoice', from: Date.now() - 30 * 86_400_000 })),
      await timeQueries('partner, newest 50', (index) => search({ partner: PARTNERS[index % PARTNERS.length]! })),
    ];
    const [baseline, wholeKey, wordKey] = variants;
    log(`L1: ${Math.round(insertsPerSec)} documents/s stored; RSS ${rssAfterFill.toFixed(0)} MB after the fill, ${rssMb().toFixed(0)} MB after the searches`);
    return {
      ...base,
      status: 'ok',
      variants: [{ name: `store ${count} documents`, throughput: insertsPerSec, unit: 'documents/s', rssMb: rssAfterFill }, ...variants],
      ratios: [
        ratioResult(`whole-key search p99 within ${L1_GOALS.searchMs} ms (goal ÷ p99)`, ratio(L1_GOALS.searchMs, wholeKey!.p99Ms), 1),
        ratioResult(`word-in-key search p99 within ${L1_GOALS.searchMs} ms (goal ÷ p99)`, ratio(L1_GOALS.searchMs, wordKey!.p99Ms), 1),
        ratioResult('primary-key lookup ÷ whole-key search (p50)', ratio(baseline!.p50Ms, wholeKey!.p50Ms)),
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
